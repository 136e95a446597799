import { afterEach, describe, expect, it } from "vitest";
import { AbortedError, ConfigError } from "../../domain/errors.js";
import { HttpAgentError } from "./http-failure.js";
import { checkEndpoint, type HttpRequest, parseJsonReply, sendRequest } from "./send-request.js";
import { closedPort, type LoopbackServer, startLoopbackServer } from "./test-support/loopback-server.js";

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const requestTo = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  label: `test POST ${url}`,
  url,
  method: "POST",
  headers: { "content-type": "application/json", authorization: "Bearer sk-secret" },
  body: '{"a":1}',
  timeoutMs: 5_000,
  ...extra,
});

describe("sendRequest", () => {
  it("sends method, headers and body, and reads a 2xx answer", async () => {
    server = await startLoopbackServer((_request, response) => {
      response.writeHead(201, { "content-type": "text/plain" });
      response.end("made");
    });
    const reply = await sendRequest(requestTo(`${server.url}/x`));
    expect(reply).toEqual({ status: 201, contentType: "text/plain", text: "made" });
    expect(server.requests[0]).toMatchObject({ method: "POST", url: "/x", body: '{"a":1}' });
    expect(server.requests[0]?.headers.authorization).toBe("Bearer sk-secret");
  });

  it("fails a non-2xx answer with the status and a redacted body excerpt", async () => {
    server = await startLoopbackServer((request, response) => {
      response.writeHead(503, { "content-type": "text/plain" });
      response.end(`overloaded; you sent ${request.headers.authorization} ${"x".repeat(500)}`);
    });
    const error = await sendRequest(requestTo(`${server.url}/chat`)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpAgentError);
    const failure = error as HttpAgentError;
    expect(failure.status).toBe(503);
    expect(failure.message).toMatch(
      new RegExp(`^test POST ${server.url}/chat answered HTTP 503 Service Unavailable: overloaded; you sent \\[redacted\\] x+…$`),
    );
    expect(failure.message).not.toContain("sk-secret");
    expect(failure.bodyExcerpt).toHaveLength(300);
  });

  it("times out a server that never answers", async () => {
    server = await startLoopbackServer(() => {});
    const url = `${server.url}/chat`;
    await expect(sendRequest(requestTo(url, { timeoutMs: 100 }))).rejects.toThrow(
      new HttpAgentError(`test POST ${url} timed out after 100 ms`, { url }),
    );
  });

  it("names the URL when the connection is refused", async () => {
    const url = `${await closedPort()}/chat`;
    const error = await sendRequest(requestTo(url)).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpAgentError);
    expect((error as HttpAgentError).message).toMatch(new RegExp(`^test POST ${url} failed: .*ECONNREFUSED`));
    expect((error as HttpAgentError).status).toBeUndefined();
  });

  it("reports an aborted run as an abort, not a failing agent", async () => {
    server = await startLoopbackServer(() => {});
    const controller = new AbortController();
    const pending = sendRequest(requestTo(server.url, { signal: controller.signal }));
    setTimeout(() => controller.abort("stop"), 20);
    await expect(pending).rejects.toBeInstanceOf(AbortedError);
  });
});

describe("parseJsonReply", () => {
  it("parses JSON and shows content type and excerpt otherwise", () => {
    const request = requestTo("http://127.0.0.1:1/x");
    expect(parseJsonReply(request, { status: 200, contentType: "application/json", text: '{"ok":true}' })).toEqual({ ok: true });
    expect(() => parseJsonReply(request, { status: 200, contentType: "text/html", text: "<h1>Hello</h1>" })).toThrow(
      "test POST http://127.0.0.1:1/x answered a body that is not JSON (content-type: text/html): <h1>Hello</h1>",
    );
  });
});

describe("checkEndpoint", () => {
  it.each([
    [undefined, "is required"],
    ["localhost:8080/chat", "must be an http:// or https:// URL, got localhost:"],
    ["not a url", 'is not a URL: "not a url"'],
    ["ftp://127.0.0.1/x", "must be an http:// or https:// URL, got ftp:"],
    ["http://me:pw@127.0.0.1/x", "must not contain credentials"],
  ])("rejects %j", (url, problem) => {
    const attempt = () => checkEndpoint(url, "url", "httpAgent");
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(`httpAgent: url ${problem}`);
  });

  it("accepts http and https URLs", () => {
    expect(() => checkEndpoint("https://127.0.0.1:8443/v1", "baseURL", "openAICompatibleAgent")).not.toThrow();
  });
});
