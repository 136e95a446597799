import { afterEach, describe, expect, it } from "vitest";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";

const base = { batchRunId: "b1", scenarioId: "refund", scenarioRunId: "r1", scenarioSetId: "set-1" };
const started = {
  ...base,
  type: "SCENARIO_RUN_STARTED",
  timestamp: 1_760_000_000_000,
  metadata: { name: "refund", description: "d" },
};
const snapshot = (count: number) => ({
  ...base,
  type: "SCENARIO_MESSAGE_SNAPSHOT",
  timestamp: 1_760_000_000_100 + count,
  messages: [
    { id: "m0", role: "user", content: "I want a refund" },
    { id: "m1", role: "assistant", content: "Which order?" },
    { id: "m2", role: "user", content: "1234" },
  ].slice(0, count),
});
const finished = {
  ...base,
  type: "SCENARIO_RUN_FINISHED",
  timestamp: 1_760_000_001_000,
  status: "FAILED",
  results: { verdict: "failure", reasoning: "no refund", metCriteria: ["asks"], unmetCriteria: ["refunds"] },
};

describe("POST /api/scenario-events", () => {
  let server: TestApp | undefined;
  afterEach(async () => server?.close());

  const postToken = (body: unknown, headers: Record<string, string> = {}) =>
    server?.app.request("/api/scenario-events", {
      method: "POST",
      body: JSON.stringify(body),
      headers: { "content-type": "application/json", "x-auth-token": server.adminKey, ...headers },
    }) as Promise<Response>;

  it("stores events sent in any order, answers 201 {success, url} like LangWatch, and dedupes retries", async () => {
    server = await testApp();
    // the finished event and a later snapshot arrive before an earlier snapshot
    for (const event of [started, snapshot(3), finished, snapshot(1), snapshot(2), snapshot(3)]) {
      const response = await postToken(event);
      expect(response.status).toBe(201);
      expect(await response.json()).toEqual({ success: true, url: "http://127.0.0.1:4319/sets/set-1" });
    }
    const run = await server.read("/api/v1/runs/r1");
    expect(run).toMatchObject({ state: "finished", status: "fail", verdict: "failure", messageCount: 3, batchId: "b1" });
    expect(run.events.count).toBe(5); // the repeated snapshot was a duplicate
    expect(run.criteria).toEqual([
      { criterion: "refunds", verdict: "unmet" },
      { criterion: "asks", verdict: "met" },
    ]);
    const messages = await server.read("/api/v1/runs/r1/messages");
    expect(messages.items.map((message: Json) => message.content)).toEqual(["I want a refund", "Which order?", "1234"]);
  });

  it("takes the key as Authorization: Bearer too, and nothing else", async () => {
    server = await testApp();
    expect((await server.post("/api/scenario-events", started)).status).toBe(201);
    const anonymous = await server.app.request("/api/scenario-events", {
      method: "POST",
      body: JSON.stringify(started),
      headers: { "content-type": "application/json" },
    });
    expect(anonymous.status).toBe(401);
    // X-Auth-Token is for this route only
    const elsewhere = await server.app.request("/api/v1/runs", { headers: { "x-auth-token": server.adminKey } });
    expect(elsewhere.status).toBe(401);
  });

  it("accepts what the Python client sends: nulls, multi-part content, no message ids", async () => {
    server = await testApp();
    const python = { "user-agent": "python-httpx/0.27.0" };
    await postToken({ ...started, scenarioSetId: null, metadata: { name: null, description: null }, rawEvent: null }, python);
    const parts = {
      ...base,
      scenarioSetId: null,
      type: "SCENARIO_MESSAGE_SNAPSHOT",
      timestamp: 1_760_000_000_200,
      messages: [
        {
          role: "user",
          content: [
            { type: "text", text: "hello" },
            { type: "input_audio", input_audio: {} },
          ],
        },
        {
          role: "assistant",
          content: null,
          toolCalls: [{ id: "c1", type: "function", function: { name: "lookup", arguments: "{}" } }],
        },
        { role: "tool", content: '{"ok":true}', toolCallId: "c1" },
      ],
    };
    expect((await postToken(parts, python)).status).toBe(201);
    const response = await postToken({ ...finished, scenarioSetId: null, results: null, status: "ERROR" }, python);
    expect(response.status).toBe(201);
    expect(((await response.json()) as Json).url).toBe("http://127.0.0.1:4319/sets/default");
    const run = await server.read("/api/v1/runs/r1");
    expect(run).toMatchObject({ name: "refund", setId: "default", status: "error", sdk: "langwatch-scenario@unknown" });
    const messages = await server.read("/api/v1/runs/r1/messages");
    expect(messages.items).toMatchObject([
      { index: 0, role: "user", content: "hello\n[input_audio]" },
      { index: 1, role: "assistant", toolCalls: [{ function: { name: "lookup" } }] },
      { index: 2, role: "tool", toolCallId: "c1" },
    ]);
  });

  it("answers a bad event with 400 problem JSON naming the field, and stores nothing", async () => {
    server = await testApp();
    const cases: Array<[unknown, string]> = [
      [{ ...started, type: "SCENARIO_SOMETHING" }, "type"],
      [{ ...started, scenarioRunId: 7 }, "scenarioRunId"],
      [{ ...finished, status: "DONE" }, "status"],
      [{ ...snapshot(1), messages: [{ id: "m0", role: "robot", content: "x" }] }, "messages[0].role"],
      [{ ...started, metadata: { name: "a\u0000b" } }, ""],
    ];
    for (const [body, field] of cases) {
      const response = await postToken(body);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await response.json()) as Json;
      expect(problem.code).toBe("validation_error");
      if (field) expect(problem.field).toBe(field);
    }
    expect((await server.read("/api/v1/runs")).items).toEqual([]);
  });
});
