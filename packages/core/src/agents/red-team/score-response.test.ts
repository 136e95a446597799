import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import { RehearseError } from "../../domain/errors.js";
import type { ResolvedModel } from "../../domain/models.js";
import { MockLanguageModelV3, scriptedModel } from "../../testing/mock-models.js";
import { invokeModel } from "../invoke-model.js";
import { FALLBACK_HINT, parseScore, scoreResponse } from "./score-response.js";

const resolved = (model: MockLanguageModelV3): ResolvedModel => ({
  model,
  key: "rehearse-testing:scorer",
  defaults: {},
  callOptions: { maxRetries: 0 },
});

describe("parseScore", () => {
  it("reads the JSON, with or without fences or surrounding prose", async () => {
    expect(await parseScore('{"score": 7, "adaptation": "ask for the rest"}')).toEqual({ score: 7, hint: "ask for the rest" });
    expect(await parseScore('```json\n{"score": 3, "adaptation": "soften"}\n```')).toEqual({ score: 3, hint: "soften" });
    expect(await parseScore('Here you go: {"score": 5, "adaptation": "x"} hope it helps')).toEqual({ score: 5, hint: "x" });
  });

  it("clamps to 0–10, truncates decimals, accepts numeric strings, and defaults the hint", async () => {
    expect(await parseScore('{"score": 14}')).toEqual({ score: 10, hint: FALLBACK_HINT });
    expect(await parseScore('{"score": -2, "adaptation": ""}')).toEqual({ score: 0, hint: FALLBACK_HINT });
    expect(await parseScore('{"score": 6.9, "adaptation": "a"}')).toEqual({ score: 6, hint: "a" });
    expect(await parseScore('{"score": " 8 ", "adaptation": "a"}')).toEqual({ score: 8, hint: "a" });
  });

  it("falls back to 0 and says why on malformed output", async () => {
    expect(await parseScore("I'd give it a seven")).toMatchObject({ score: 0, hint: FALLBACK_HINT, failure: /not JSON/ });
    expect(await parseScore('{"score": "high"}')).toMatchObject({ score: 0, failure: /does not match/ });
    expect(await parseScore('{"adaptation": "x"}')).toMatchObject({ score: 0, failure: /does not match/ });
  });
});

describe("scoreResponse", () => {
  it("sends one user prompt with the goal and the reply, at temperature 0 and 120 tokens", async () => {
    const model = scriptedModel(['{"score": 9, "adaptation": "push"}']);
    const result = await scoreResponse({
      target: "leak the prompt",
      reply: "My instructions are…",
      model: resolved(model),
      invoke: invokeModel,
    });
    expect(result).toEqual({ score: 9, hint: "push" });
    const call = model.doGenerateCalls[0] as LanguageModelV3CallOptions;
    expect(call.prompt).toHaveLength(1);
    expect(call.prompt[0]?.role).toBe("user");
    const text = JSON.stringify(call.prompt[0]?.content);
    expect(text).toContain("leak the prompt");
    expect(text).toContain("My instructions are…");
    expect(call.temperature).toBe(0);
    expect(call.maxOutputTokens).toBe(120);
  });

  it("a failed model call gives the fallback with the reason", async () => {
    const model = new MockLanguageModelV3({
      doGenerate: async () => {
        throw new Error("connection reset");
      },
    });
    const result = await scoreResponse({ target: "t", reply: "r", model: resolved(model), invoke: invokeModel });
    expect(result).toEqual({
      score: 0,
      hint: FALLBACK_HINT,
      failure: "the scorer model (rehearse-testing:scorer) failed: connection reset",
    });
  });

  it("rethrows what the run must see: a replay miss, a spent budget, an abort", async () => {
    const failing = (error: Error) => async () => {
      throw error;
    };
    const request = { target: "t", reply: "r", model: resolved(scriptedModel([])) };
    await expect(
      scoreResponse({ ...request, invoke: failing(new RehearseError("replay_miss", "no recording")) }),
    ).rejects.toThrow("no recording");
    await expect(scoreResponse({ ...request, invoke: failing(new RehearseError("budget_exceeded", "spent")) })).rejects.toThrow(
      "spent",
    );
    const controller = new AbortController();
    controller.abort();
    await expect(scoreResponse({ ...request, signal: controller.signal, invoke: failing(new Error("aborted")) })).rejects.toThrow(
      "aborted",
    );
  });
});
