import { generateText } from "ai";
import { describe, expect, it } from "vitest";
import { scriptedModel, toolCallResult } from "./mock-models.js";

describe("scriptedModel", () => {
  it("answers from its list through the real AI SDK and records the calls", async () => {
    const model = scriptedModel(["first", toolCallResult("lookup", { id: 7 })]);
    const first = await generateText({ model, prompt: "hello" });
    expect(first.text).toBe("first");
    const second = await generateText({ model, prompt: "again", tools: {} });
    expect(second.toolCalls[0]).toMatchObject({ toolName: "lookup" });
    expect(model.doGenerateCalls).toHaveLength(2);
    await expect(generateText({ model, prompt: "one too many" })).rejects.toThrow(/called 3 times but has 2 replies/);
  });
});
