import { jsonSchema } from "ai";
import { describe, expect, it } from "vitest";
import { InvalidModelOutputError, RehearseError } from "../domain/errors.js";
import { scriptedModel, toolCallResult } from "../testing/mock-models.js";
import { invokeModel } from "./invoke-model.js";
import type { InvokeLLMParams } from "./user-simulator/user-simulator-agent.js";

const tools = {
  finish_test: { description: "End the test", inputSchema: jsonSchema({ type: "object", properties: {} }) },
};

function forcedCall(model: ReturnType<typeof scriptedModel>): InvokeLLMParams {
  return {
    model,
    system: "You are a judge.",
    messages: [{ role: "user", content: "Judge now." }],
    tools,
    toolChoice: { type: "tool", toolName: "finish_test" },
  } as unknown as InvokeLLMParams;
}

describe("invokeModel", () => {
  it("returns the forced tool call when the model makes it", async () => {
    const result = await invokeModel(forcedCall(scriptedModel([toolCallResult("finish_test", { verdict: "success" })])));
    expect(result.toolCalls).toEqual([
      { type: "tool-call", toolCallId: "call_1", toolName: "finish_test", input: { verdict: "success" } },
    ]);
  });

  it("rejects a reply that ignores a forced tool with the project's InvalidModelOutputError", async () => {
    const failure = await invokeModel(forcedCall(scriptedModel(["I think it passed"]))).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(InvalidModelOutputError);
    expect(RehearseError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({
      code: "invalid_model_output",
      requiredTool: "finish_test",
      message: "the model did not call the required tool 'finish_test'",
    });
    // not dressed up as an AI SDK error
    expect((failure as Error).name).toBe("InvalidModelOutputError");
  });
});
