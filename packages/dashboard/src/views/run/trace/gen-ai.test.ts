/** GenAI spans: operation, models, provider, tokens and finish reasons read from current and older attribute names. */
import { describe, expect, it } from "vitest";
import { genAiSummary, modelText, tokensText } from "./gen-ai";

describe("genAiSummary", () => {
  it("reads a model call's facts, token counts given as numbers or int64 strings", () => {
    const summary = genAiSummary({
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
      "gen_ai.usage.input_tokens": 120,
      "gen_ai.usage.output_tokens": "45",
      "gen_ai.response.finish_reasons": ["stop"],
      "http.method": "POST",
    });
    expect(summary).toEqual({
      operation: "chat",
      provider: "openai",
      requestModel: "gpt-4o-mini",
      responseModel: "gpt-4o-mini-2024-07-18",
      inputTokens: 120,
      outputTokens: 45,
      finishReasons: ["stop"],
    });
    expect(summary && modelText(summary)).toBe("gpt-4o-mini → gpt-4o-mini-2024-07-18");
  });

  it("falls back to the older names, and reads agents and tools", () => {
    expect(
      genAiSummary({
        "gen_ai.system": "anthropic",
        "gen_ai.usage.prompt_tokens": 7,
        "gen_ai.usage.completion_tokens": 3,
        "gen_ai.response.finish_reasons": '["end_turn"]',
      }),
    ).toEqual({ provider: "anthropic", inputTokens: 7, outputTokens: 3, finishReasons: ["end_turn"] });
    expect(
      genAiSummary({ "gen_ai.operation.name": "invoke_agent", "gen_ai.agent.name": "Judge", "rehearse.agent.role": "Judge" }),
    ).toEqual({ operation: "invoke_agent", agentName: "Judge", role: "Judge" });
    expect(genAiSummary({ "gen_ai.tool.name": "refund", "gen_ai.tool.call.id": "call-1" })).toEqual({
      toolName: "refund",
      toolCallId: "call-1",
    });
  });

  it("is undefined for a span without gen_ai attributes, and ignores values of the wrong kind", () => {
    expect(genAiSummary({ "http.method": "GET" })).toBeUndefined();
    expect(genAiSummary({ "gen_ai.usage.input_tokens": "many", "gen_ai.request.model": "" })).toEqual({});
    expect(modelText({ requestModel: "m" })).toBe("m");
    expect(modelText({})).toBeUndefined();
  });
});

describe("tokensText", () => {
  it("writes the counts a span has, with a total when both are there", () => {
    expect(tokensText({ inputTokens: 1200, outputTokens: 45 })).toBe("1,200 in · 45 out · 1,245 total");
    expect(tokensText({ inputTokens: 1200, outputTokens: 45 }, false)).toBe("1,200 in · 45 out");
    expect(tokensText({ inputTokens: 3 })).toBe("3 in");
    expect(tokensText({ outputTokens: 0 })).toBe("0 out");
    expect(tokensText({ operation: "chat" })).toBeUndefined();
  });
});
