import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../domain/errors.js";
import type { ModelMessage } from "../../domain/messages.js";
import { httpAgent } from "./http-agent.js";
import { HttpAgentError } from "./http-failure.js";
import { agentInput } from "./test-support/agent-input.js";
import { answerJson, closedPort, type LoopbackServer, startLoopbackServer } from "./test-support/loopback-server.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const hi: ModelMessage = { role: "user", content: "hi" };
const first: ModelMessage = { role: "assistant", content: "reply 0" };
const more: ModelMessage = { role: "user", content: "and more?" };

/** A server answering `{ data: { reply: "reply <n>", session } }`, the session id only on the first call. */
async function chatServer(): Promise<LoopbackServer> {
  return startLoopbackServer((_request, response, index) =>
    answerJson(response, { data: { reply: `reply ${index}`, ...(index === 0 ? { session: "srv-1" } : {}) } }),
  );
}

describe("httpAgent sessions", () => {
  it("is stateless by default: every call sends the full history", async () => {
    server = await chatServer();
    const agent = httpAgent({
      url: `${server.url}/chat`,
      body: { input: "{{message}}", messages: "{{messages}}", thread: "{{threadId}}", session: "{{sessionId}}" },
      responsePath: "data.reply",
    });
    expect(await agent.call(agentInput([hi]))).toEqual({ role: "assistant", content: "reply 0" });
    expect(await agent.call(agentInput([hi, first, more], { newMessages: [more] }))).toEqual({
      role: "assistant",
      content: "reply 1",
    });
    expect(server.jsonBodies()).toEqual([
      { input: "hi", messages: [{ role: "user", content: "hi" }], thread: "thread-1", session: "thread-1" },
      {
        input: "and more?",
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: "reply 0" },
          { role: "user", content: "and more?" },
        ],
        thread: "thread-1",
        session: "thread-1",
      },
    ]);
    expect(server.requests[0]?.headers["content-type"]).toBe("application/json");
  });

  it("is stateful with a session: only new messages, then the session id the server returned", async () => {
    server = await chatServer();
    const agent = httpAgent({
      url: `${server.url}/chat`,
      headers: { "x-session": "{{sessionId}}" },
      body: { session: "{{sessionId}}", messages: "{{messages}}", history: "{{history}}" },
      responsePath: "data.reply",
      session: { idPath: "data.session" },
    });
    await agent.call(agentInput([hi]));
    await agent.call(agentInput([hi, first, more], { newMessages: [more] }));
    const [one, two] = server.jsonBodies() as Array<Record<string, unknown>>;
    expect(one).toEqual({
      session: "thread-1",
      messages: [{ role: "user", content: "hi" }],
      history: [{ role: "user", content: "hi" }],
    });
    expect(two?.session).toBe("srv-1");
    expect(two?.messages).toEqual([{ role: "user", content: "and more?" }]);
    expect(two?.history).toHaveLength(3);
    expect(server.requests.map((request) => request.headers["x-session"])).toEqual(["thread-1", "srv-1"]);
  });

  it("keeps one session per thread, so runs sharing the agent do not mix", async () => {
    server = await startLoopbackServer((request, response) => {
      const { session } = JSON.parse(request.body) as { session: string };
      answerJson(response, { reply: "ok", session: session.startsWith("srv-") ? session : `srv-${session}` });
    });
    const agent = httpAgent({
      url: server.url,
      body: { session: "{{sessionId}}" },
      responsePath: "reply",
      session: { idPath: "session" },
    });
    await Promise.all([agent.call(agentInput([hi], { threadId: "a" })), agent.call(agentInput([hi], { threadId: "b" }))]);
    await agent.call(agentInput([hi, first, more], { threadId: "b", newMessages: [more] }));
    await agent.call(agentInput([hi, first, more], { threadId: "a", newMessages: [more] }));
    expect(server.jsonBodies().slice(2)).toEqual([{ session: "srv-b" }, { session: "srv-a" }]);
  });

  it("with session: true uses the thread id as the session id", async () => {
    server = await chatServer();
    const agent = httpAgent({
      url: server.url,
      body: { id: "{{sessionId}}", messages: "{{messages}}" },
      responsePath: "data.reply",
      session: true,
    });
    await agent.call(agentInput([hi, first, more], { newMessages: [more] }));
    expect(server.jsonBodies()).toEqual([{ id: "thread-1", messages: [{ role: "user", content: "and more?" }] }]);
  });
});

describe("httpAgent templates and paths", () => {
  it("fills URL placeholders (encoded), sends no body for GET, and reads quoted keys and negative indexes", async () => {
    server = await startLoopbackServer((_request, response) =>
      answerJson(response, { results: [{ "text.value": "old" }, { "text.value": "newest" }] }),
    );
    const agent = httpAgent({
      url: `${server.url}/ask?q={{message}}&t={{threadId}}`,
      method: "get",
      headers: { authorization: "Token {{threadId}}" },
      responsePath: 'results[-1]["text.value"]',
    });
    expect(await agent.call(agentInput([{ role: "user", content: "a&b c" }]))).toEqual({ role: "assistant", content: "newest" });
    expect(server.requests[0]).toMatchObject({ method: "GET", url: "/ask?q=a%26b%20c&t=thread-1", body: "" });
    expect(server.requests[0]?.headers.authorization).toBe("Token thread-1");
  });

  it("sends a body that renders to a string as plain text, unless told otherwise", async () => {
    server = await startLoopbackServer((_request, response) => answerJson(response, ["first", "second"]));
    const plain = httpAgent({ url: server.url, body: "{{message}}", responsePath: "[0]" });
    const typed = httpAgent({
      url: server.url,
      headers: { "Content-Type": "application/x-ndjson" },
      body: "{{message}}",
      responsePath: "[1]",
    });
    expect(await plain.call(agentInput([hi]))).toEqual({ role: "assistant", content: "first" });
    expect(await typed.call(agentInput([hi]))).toEqual({ role: "assistant", content: "second" });
    expect(server.requests.map((request) => [request.body, request.headers["content-type"]])).toEqual([
      ["hi", "text/plain; charset=utf-8"],
      ["hi", "application/x-ndjson"],
    ]);
  });

  it("rejects bad options when made, naming the option", () => {
    const base = { url: "http://127.0.0.1:9/chat", body: { input: "{{message}}" }, responsePath: "reply" };
    expect(() => httpAgent({ ...base, body: { input: "{{foo}}" } })).toThrow(
      new ConfigError(
        "httpAgent: unknown placeholder {{foo}} in body.input; known: message, messages, history, threadId, sessionId",
        {
          source: "httpAgent()",
          path: "body.input",
        },
      ),
    );
    expect(() => httpAgent({ ...base, responsePath: "data..reply" })).toThrow(
      'httpAgent: responsePath "data..reply" is not a valid path',
    );
    expect(() => httpAgent({ ...base, toolCallsPath: "calls[" })).toThrow(
      'httpAgent: toolCallsPath "calls[" is not a valid path',
    );
    expect(() => httpAgent({ ...base, session: { idPath: "" } })).toThrow('httpAgent: session.idPath "" is not a valid path');
    expect(() => httpAgent({ ...base, headers: { "x-id": "{{user}}" } })).toThrow(
      'unknown placeholder {{user}} in headers["x-id"]',
    );
    expect(() => httpAgent({ ...base, method: "GET" })).toThrow("httpAgent: a GET request cannot send a body");
    expect(() => httpAgent({ ...base, url: "127.0.0.1/chat" })).toThrow("httpAgent: url is not a URL");
  });

  it("fails a path that finds nothing, showing the path, the failing segment and the body", async () => {
    server = await startLoopbackServer((_request, response) => answerJson(response, { data: { output: [] }, status: "ok" }));
    const url = `${server.url}/chat`;
    const agent = httpAgent({ url, body: {}, responsePath: "data.output[0].text" });
    await expect(agent.call(agentInput([hi]))).rejects.toThrow(
      new HttpAgentError(
        `httpAgent POST ${url}: responsePath "data.output[0].text" found nothing at "data.output[0]": index 0 is out of range (length 0); response: {"data":{"output":[]},"status":"ok"}`,
        { url, status: 200, bodyExcerpt: '{"data":{"output":[]},"status":"ok"}' },
      ),
    );
  });

  it("fails a reply that is not text, and a body that is not JSON", async () => {
    server = await startLoopbackServer((request, response) => {
      if (request.url === "/number") return answerJson(response, { reply: 42 });
      response.writeHead(200, { "content-type": "text/html" });
      response.end("<p>hello</p>");
    });
    const number = httpAgent({ url: `${server.url}/number`, body: {}, responsePath: "reply", name: "bot" });
    await expect(number.call(agentInput([hi]))).rejects.toThrow(
      `bot POST ${server.url}/number: responsePath "reply" found a number, expected a string`,
    );
    const html = httpAgent({ url: `${server.url}/html`, body: {}, responsePath: "reply" });
    await expect(html.call(agentInput([hi]))).rejects.toThrow(
      "answered a body that is not JSON (content-type: text/html): <p>hello</p>",
    );
  });
});

describe("httpAgent tool calls", () => {
  it("returns OpenAI-style and flat tool calls as tool-call parts, with or without text", async () => {
    const replies = [
      {
        message: {
          content: null,
          tool_calls: [{ id: "c1", type: "function", function: { name: "refund", arguments: '{"order":42}' } }],
        },
      },
      { message: { content: "Checking.", calls: [{ name: "lookup", input: { id: 7 } }] } },
      { message: { content: "Done." } },
    ];
    server = await startLoopbackServer((_request, response, index) => answerJson(response, replies[index]));
    const openAIStyle = httpAgent({
      url: server.url,
      body: {},
      responsePath: "message.content",
      toolCallsPath: "message.tool_calls",
    });
    const flat = httpAgent({ url: server.url, body: {}, responsePath: "message.content", toolCallsPath: "message.calls" });
    expect(await openAIStyle.call(agentInput([hi]))).toEqual({
      role: "assistant",
      content: [{ type: "tool-call", toolCallId: "c1", toolName: "refund", input: { order: 42 } }],
    });
    expect(await flat.call(agentInput([hi, first, more]))).toEqual({
      role: "assistant",
      content: [
        { type: "text", text: "Checking." },
        { type: "tool-call", toolCallId: "call_3_0", toolName: "lookup", input: { id: 7 } },
      ],
    });
    expect(await openAIStyle.call(agentInput([hi]))).toEqual({ role: "assistant", content: "Done." });
  });

  it("fails tool calls of the wrong shape, a wrong parent path, and a reply with neither text nor tool calls", async () => {
    const replies = [{ calls: [{ nope: 1 }] }, { other: {} }, { message: {} }];
    server = await startLoopbackServer((_request, response, index) => answerJson(response, replies[index]));
    const agent = (toolCallsPath: string) =>
      httpAgent({ url: server!.url, body: {}, responsePath: "message.content", toolCallsPath });
    await expect(agent("calls").call(agentInput([hi]))).rejects.toThrow(
      'toolCallsPath "calls" found a list that is not a list of tool calls',
    );
    await expect(agent("message.calls").call(agentInput([hi]))).rejects.toThrow(
      'toolCallsPath "message.calls" found nothing at "message": no key "message" (keys: other)',
    );
    await expect(agent("message.calls").call(agentInput([hi]))).rejects.toThrow(
      'responsePath "message.content" found nothing at "message.content": no key "content" (keys: none)',
    );
  });
});

describe("httpAgent failures", () => {
  it("times out, naming method, URL and the limit", async () => {
    server = await startLoopbackServer(() => {});
    const url = `${server.url}/chat`;
    const agent = httpAgent({ url, body: {}, responsePath: "reply", timeoutMs: 100 });
    await expect(agent.call(agentInput([hi]))).rejects.toThrow(`httpAgent POST ${url} timed out after 100 ms`);
  });

  it("fails a 503 with the status and a body excerpt", async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(503, { "content-type": "application/json" });
      response.end('{"error":"maintenance"}');
    });
    const agent = httpAgent({ url: server.url, body: {}, responsePath: "reply" });
    const error = (await agent.call(agentInput([hi])).catch((caught: unknown) => caught)) as HttpAgentError;
    expect(error).toBeInstanceOf(HttpAgentError);
    expect(error).toMatchObject({ code: "agent_failed", status: 503, bodyExcerpt: '{"error":"maintenance"}' });
    expect(error.message).toBe(`httpAgent POST ${server.url} answered HTTP 503 Service Unavailable: {"error":"maintenance"}`);
  });

  it("names the URL when the connection is refused", async () => {
    const url = `${await closedPort()}/chat`;
    const agent = httpAgent({ url, body: {}, responsePath: "reply" });
    await expect(agent.call(agentInput([hi]))).rejects.toThrow(new RegExp(`^httpAgent POST ${url} failed: .*ECONNREFUSED`));
  });
});
