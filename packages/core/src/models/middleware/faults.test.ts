import { APICallError } from "@ai-sdk/provider";
import { generateText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { textResult, toolCallResult } from "../../testing/mock-models.js";
import { wrapModel } from "../registry.js";
import { faultsMiddleware, type ModelFault } from "./faults.js";

function faulty(
  fault: ModelFault | undefined,
  base = new MockLanguageModelV3({ doGenerate: async () => textResult("Hello there") }),
) {
  const asked: string[] = [];
  const source = {
    faultFor: async (call: { modelKey: string }) => {
      asked.push(call.modelKey);
      return fault;
    },
  };
  return { asked, base, model: wrapModel(base, [faultsMiddleware(source, "mock-provider:mock-model-id")]) };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail");
}

describe("faultsMiddleware", () => {
  it("fails a call with a 429 APICallError carrying Retry-After, without reaching the model", async () => {
    const { model, base, asked } = faulty({
      kind: "http",
      statusCode: 429,
      message: "Rate limit exceeded",
      retryAfterSeconds: 2,
    });
    const error = await failure(generateText({ model: await model, prompt: "Hi", maxRetries: 0 }));
    expect(APICallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 429, isRetryable: true, responseHeaders: { "retry-after": "2" } });
    expect((error as Error).message).toBe("Rate limit exceeded");
    expect(base.doGenerateCalls).toHaveLength(0);
    expect(asked).toEqual(["mock-provider:mock-model-id"]);
  });

  it("fails with a 5xx or a connection error the way a provider does", async () => {
    const server = await failure(
      generateText({
        model: await faulty({ kind: "http", statusCode: 500, message: "Internal server error" }).model,
        prompt: "Hi",
        maxRetries: 0,
      }),
    );
    expect(server).toMatchObject({ statusCode: 500, isRetryable: true });
    const network = await failure(
      generateText({ model: await faulty({ kind: "network", message: "connection reset" }).model, prompt: "Hi", maxRetries: 0 }),
    );
    expect(APICallError.isInstance(network)).toBe(true);
    expect(network).toMatchObject({ statusCode: undefined, isRetryable: true });
    expect((network as Error).message).toMatch(/Cannot connect to API: connection reset/);
  });

  it("returns the real answer cut in half for malformed_output", async () => {
    const { model } = faulty({ kind: "malformed_output" });
    const result = await generateText({ model: await model, prompt: "Hi", maxRetries: 0 });
    expect(result.text).toBe("Hello");
    const tools = faulty(
      { kind: "malformed_output" },
      new MockLanguageModelV3({ doGenerate: async () => toolCallResult("refund", { order_id: "A100" }) }),
    );
    const raw = await (await tools.model).doGenerate({ prompt: [{ role: "user", content: [{ type: "text", text: "Hi" }] }] });
    const call = raw.content.find((part) => part.type === "tool-call");
    expect(() => JSON.parse((call as { input: string }).input)).toThrow();
  });

  it("lets the call through when the source decides no fault", async () => {
    const { model, base } = faulty(undefined);
    expect((await generateText({ model: await model, prompt: "Hi" })).text).toBe("Hello there");
    expect(base.doGenerateCalls).toHaveLength(1);
  });
});
