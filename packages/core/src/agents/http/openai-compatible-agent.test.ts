import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, RehearseError } from "../../domain/errors.js";
import type { ModelMessage } from "../../domain/messages.js";
import { createRehearse } from "../../runner/rehearse.js";
import { agent, succeed, user } from "../../script/steps.js";
import type { HttpAgentError } from "./http-failure.js";
import { openAICompatibleAgent } from "./openai-compatible-agent.js";
import { agentInput } from "./test-support/agent-input.js";
import { answerJson, type LoopbackServer, startLoopbackServer } from "./test-support/loopback-server.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const completion = (message: Record<string, unknown>) => ({
  id: "chatcmpl-1",
  object: "chat.completion",
  choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", ...message } }],
});

describe("openAICompatibleAgent", () => {
  it("posts the converted history to /chat/completions and maps a text reply", async () => {
    server = await startLoopbackServer((_request, response) =>
      answerJson(response, completion({ content: "Your order shipped." })),
    );
    const endpoint = openAICompatibleAgent({ baseURL: `${server.url}/v1/`, model: "support-bot", apiKey: "sk-local" });
    const history: ModelMessage[] = [
      { role: "user", content: "Where is order 42?" },
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "c1", toolName: "lookup", input: { order: 42 } }] },
      {
        role: "tool",
        content: [{ type: "tool-result", toolCallId: "c1", toolName: "lookup", output: { type: "json", value: "shipped" } }],
      },
    ];
    expect(await endpoint.call(agentInput(history))).toEqual({ role: "assistant", content: "Your order shipped." });
    expect(server.requests[0]).toMatchObject({ method: "POST", url: "/v1/chat/completions" });
    expect(server.requests[0]?.headers).toMatchObject({ authorization: "Bearer sk-local", "content-type": "application/json" });
    expect(server.jsonBodies()).toEqual([
      {
        model: "support-bot",
        messages: [
          { role: "user", content: "Where is order 42?" },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: '{"order":42}' } }],
          },
          { role: "tool", tool_call_id: "c1", content: '"shipped"' },
        ],
      },
    ]);
  });

  it("maps tool calls to tool-call parts without executing them", async () => {
    server = await startLoopbackServer((_request, response) =>
      answerJson(
        response,
        completion({
          content: "Let me check.",
          tool_calls: [
            { id: "call_a", type: "function", function: { name: "lookup", arguments: '{"order":42}' } },
            { id: "call_b", type: "function", function: { name: "broken", arguments: "{order:" } },
          ],
        }),
      ),
    );
    let executed = false;
    const input = { ...agentInput([{ role: "user", content: "hi" }]), tools: { lookup: { execute: () => (executed = true) } } };
    const reply = await openAICompatibleAgent({ baseURL: server.url, model: "m" }).call(input);
    expect(reply).toEqual({
      role: "assistant",
      content: [
        { type: "text", text: "Let me check." },
        { type: "tool-call", toolCallId: "call_a", toolName: "lookup", input: { order: 42 } },
        { type: "tool-call", toolCallId: "call_b", toolName: "broken", input: "{order:" },
      ],
    });
    expect(executed).toBe(false);
    expect(server.jsonBodies()[0]).not.toHaveProperty("tools");
  });

  it("sends the system prompt, temperature, extra body fields and headers; model and messages win", async () => {
    server = await startLoopbackServer((_request, response) =>
      answerJson(
        response,
        completion({
          content: [
            { type: "text", text: "part one " },
            { type: "text", text: "two" },
          ],
        }),
      ),
    );
    const endpoint = openAICompatibleAgent({
      baseURL: server.url,
      model: "m",
      headers: { "x-tenant": "acme" },
      systemPrompt: "Be kind.",
      temperature: 0,
      extraBody: { max_tokens: 50, model: "ignored", messages: [] },
    });
    expect(await endpoint.call(agentInput([{ role: "user", content: "hi" }]))).toEqual({
      role: "assistant",
      content: "part one two",
    });
    expect(server.jsonBodies()[0]).toEqual({
      max_tokens: 50,
      model: "m",
      messages: [
        { role: "system", content: "Be kind." },
        { role: "user", content: "hi" },
      ],
      temperature: 0,
    });
    expect(server.requests[0]?.headers["x-tenant"]).toBe("acme");
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("uses a refusal as the text when there is no content", async () => {
    server = await startLoopbackServer((_request, response) =>
      answerJson(response, completion({ content: null, refusal: "I can't help with that." })),
    );
    const reply = await openAICompatibleAgent({ baseURL: server.url, model: "m" }).call(
      agentInput([{ role: "user", content: "x" }]),
    );
    expect(reply).toEqual({ role: "assistant", content: "I can't help with that." });
  });

  it("fails a body that is not a chat completion, and never shows the API key", async () => {
    server = await startLoopbackServer((request, response, index) =>
      index === 0
        ? answerJson(response, { output: "hello" })
        : answerJson(response, { error: `bad key ${request.headers.authorization}` }, 401),
    );
    const endpoint = openAICompatibleAgent({ baseURL: server.url, model: "m", apiKey: "sk-very-secret" });
    await expect(endpoint.call(agentInput([]))).rejects.toThrow(
      `openAICompatibleAgent POST ${server.url}/chat/completions: answered a body that is not a chat completion (choices: `,
    );
    const error = (await endpoint.call(agentInput([])).catch((caught: unknown) => caught)) as HttpAgentError;
    expect(error.status).toBe(401);
    expect(error.message).toBe(
      `openAICompatibleAgent POST ${server.url}/chat/completions answered HTTP 401 Unauthorized: {"error":"bad key [redacted]"}`,
    );
  });

  it("rejects a missing model or a bad baseURL when made", () => {
    expect(() => openAICompatibleAgent({ baseURL: "http://127.0.0.1:9", model: "" })).toThrow(ConfigError);
    expect(() => openAICompatibleAgent({ baseURL: "127.0.0.1:9", model: "m" })).toThrow(
      "openAICompatibleAgent: baseURL is not a URL",
    );
  });
});

describe("openAICompatibleAgent in a run", () => {
  const scenario = (baseURL: string) => ({
    name: "greets",
    description: "The agent greets the user",
    agents: [openAICompatibleAgent({ baseURL, model: "m" })],
    script: [user("hi"), agent(), succeed()],
  });

  it("puts the endpoint's reply in the result", async () => {
    server = await startLoopbackServer((_request, response) =>
      answerJson(response, completion({ content: "Hello from the endpoint" })),
    );
    const result = await createRehearse({ configFile: false, env: {} }).run(scenario(server.url));
    expect(result.status).toBe("pass");
    expect(result.messages).toEqual([
      { role: "user", content: "hi" },
      { role: "assistant", content: "Hello from the endpoint" },
    ]);
    expect(server.jsonBodies()).toEqual([{ model: "m", messages: [{ role: "user", content: "hi" }] }]);
  });

  it("ends the run as error on a 500: runMany resolves, run rejects", async () => {
    server = await startLoopbackServer((_request, response) => answerJson(response, { error: "exploded" }, 500));
    const rehearse = createRehearse({ configFile: false, env: {} });
    const batch = await rehearse.runMany([scenario(server.url)]);
    expect(batch.counts.error).toBe(1);
    expect(batch.results[0]).toMatchObject({ status: "error", errorCode: "agent_failed" });
    expect(batch.results[0]?.error).toContain('answered HTTP 500 Internal Server Error: {"error":"exploded"}');

    const rejection = await rehearse.run(scenario(server.url)).catch((caught: unknown) => caught);
    expect(RehearseError.isInstance(rejection)).toBe(true);
    expect((rejection as RehearseError).result?.status).toBe("error");
    expect((rejection as RehearseError).message).toContain("answered HTTP 500");
  });
});
