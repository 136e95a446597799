import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, describe, expect, it } from "vitest";
import { judgedRunEvents, ORDER, POLITE } from "../../test-support/calibration-runs.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";
import { evaluationSchema } from "../calibration-schemas.js";

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};
const CANDIDATE = "You are a lenient judge: the order criterion is always met, politeness never.";

/** `finish_test` arguments answering each criterion field: order → true, politeness → false. */
function lenientAnswer(fields: string[]) {
  const criteria = Object.fromEntries(fields.map((field) => [field, field.includes("order") ? "true" : "false"]));
  return { criteria, reasoning: "candidate", verdict: "failure" };
}

/** The criterion fields of the `finish_test` tool a judge call offers. */
function fieldsOf(tools: ReadonlyArray<{ name: string; inputSchema?: unknown; parameters?: unknown }>): string[] {
  const finish = tools.find((tool) => tool.name === "finish_test");
  const schema = (finish?.inputSchema ?? finish?.parameters) as Json;
  return Object.keys(schema?.properties?.criteria?.properties ?? {});
}

function lenientModel() {
  return new MockLanguageModelV3({
    provider: "mock",
    modelId: "candidate",
    doGenerate: async (options) => {
      const fields = fieldsOf((options.tools ?? []) as Json);
      const input = JSON.stringify(lenientAnswer(fields));
      return {
        content: [{ type: "tool-call", toolCallId: "c1", toolName: "finish_test", input }],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage,
        warnings: [],
      };
    },
  });
}

/** People's labels of the judged runs (admin key): see the expected agreement in the tests. */
async function labelled(server: TestApp): Promise<void> {
  await server.send(judgedRunEvents());
  const put = (runId: string, labels: Json) => server.request("PUT", `/api/v1/runs/${runId}/labels`, { labels });
  await put("cal-1", { [ORDER]: { verdict: "met" }, [POLITE]: { verdict: "met" } });
  await put("cal-2", { [ORDER]: { verdict: "met" }, [POLITE]: { verdict: "unmet" } });
  await put("cal-3", { [ORDER]: { verdict: "unmet" }, [POLITE]: { verdict: "unsure" } });
  await put("cal-4", { [ORDER]: { verdict: "met" }, [POLITE]: { verdict: "unmet" } });
}

describe("POST /api/v1/calibration/evaluate", () => {
  let server: TestApp | undefined;
  let fake: Server | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await new Promise<void>((done) => (fake ? fake.close(() => done()) : done()));
    fake = undefined;
  });

  it("re-judges the labelled runs with the candidate and reports its agreement beside the current judge's", async () => {
    const model = lenientModel();
    server = await testApp("pglite", { calibration: { environment: {}, model } });
    await labelled(server);
    const response = await server.post("/api/v1/calibration/evaluate", { systemPrompt: CANDIDATE });
    expect(response.status).toBe(200);
    const body: Json = await response.json();
    expect(evaluationSchema.parse(body)).toBeTruthy();
    expect(body).toMatchObject({ adopted: false, model: "mock:candidate", runs: 4, labels: 7 });
    expect(body.candidateVersion).toMatch(/^j-[0-9a-f]{8}$/);
    expect(body.currentVersions).toEqual(["j-aaaa1111", "j-bbbb2222", "unversioned"]);
    const [order, polite] = body.criteria;
    // order: the current judge agrees 3 of 4 (κ 0.5); the candidate's "always met" agrees 3 of 4 too, but by chance (κ 0)
    expect(order.criterion).toBe(ORDER);
    expect(order.current).toMatchObject({ n: 4, observedAgreement: 0.75, kappa: 0.5 });
    expect(order.candidate).toMatchObject({ n: 4, observedAgreement: 0.75, kappa: 0 });
    // politeness: the current judge agrees on all 3 (κ 1); the candidate's "never" misses cal-1
    expect(polite.criterion).toBe(POLITE);
    expect(polite.current).toMatchObject({ n: 3, kappa: 1 });
    expect(polite.candidate).toMatchObject({ n: 3, confusion: { judgeUnmetHumanMet: 1, judgeUnmetHumanUnmet: 2 } });
    expect(polite.candidate.kappa).toBeCloseTo(0, 10);
    // one call per run, with the candidate prompt and the stored transcript
    expect(model.doGenerateCalls).toHaveLength(4);
    const prompt = JSON.stringify(model.doGenerateCalls[0]?.prompt);
    expect(prompt).toContain("lenient judge");
    expect(prompt).toContain("I want a refund (cal-4)");
  });

  it("bounds the work to maxRuns of the newest labelled runs, and one criterion when asked", async () => {
    const model = lenientModel();
    server = await testApp("pglite", { calibration: { environment: {}, model } });
    await labelled(server);
    const response = await server.post("/api/v1/calibration/evaluate", { systemPrompt: CANDIDATE, maxRuns: 2, criterion: ORDER });
    const body: Json = await response.json();
    expect(body).toMatchObject({ runs: 2, labels: 2 });
    expect(body.criteria.map((row: Json) => row.criterion)).toEqual([ORDER]);
    expect(model.doGenerateCalls).toHaveLength(2);
    const tooMany = await server.post("/api/v1/calibration/evaluate", { systemPrompt: CANDIDATE, maxRuns: 500 });
    expect(tooMany.status).toBe(400);
    expect(((await tooMany.json()) as Json).detail).toContain("maxRuns");
  });

  it("names the setting to add when no model is configured, and refuses a bad body first", async () => {
    server = await testApp();
    const response = await server.post("/api/v1/calibration/evaluate", { systemPrompt: CANDIDATE });
    expect(response.status).toBe(503);
    expect(((await response.json()) as Json).detail).toContain("set REHEARSE_CALIBRATION_MODEL");
    const empty = await server.post("/api/v1/calibration/evaluate", { systemPrompt: "" });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as Json).detail).toContain("systemPrompt");
  });

  it("answers 502 naming the run when the model gives no usable verdict, never a silent pass", async () => {
    const model = new MockLanguageModelV3({
      provider: "mock",
      modelId: "broken",
      doGenerate: async () => ({
        content: [{ type: "text", text: "I think it is fine." }],
        finishReason: { unified: "stop", raw: "stop" },
        usage,
        warnings: [],
      }),
    });
    server = await testApp("pglite", { calibration: { environment: {}, model } });
    await labelled(server);
    const response = await server.post("/api/v1/calibration/evaluate", { systemPrompt: CANDIDATE, maxRuns: 1 });
    expect(response.status).toBe(502);
    const detail: string = ((await response.json()) as Json).detail;
    expect(detail).toContain("run cal-4");
    expect(detail).toContain("no usable verdict");
  });

  it("judges through a real provider (OpenAI chat completions on 127.0.0.1)", async () => {
    const requests: Json[] = [];
    fake = createServer(async (request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const body = JSON.parse(Buffer.concat(chunks).toString());
      requests.push({ path: request.url, body });
      const finish = body.tools?.find((tool: Json) => tool.function?.name === "finish_test");
      const fields = Object.keys(finish?.function?.parameters?.properties?.criteria?.properties ?? {});
      const call = {
        id: "call_1",
        type: "function",
        function: { name: "finish_test", arguments: JSON.stringify(lenientAnswer(fields)) },
      };
      response.writeHead(200, { "content-type": "application/json" });
      response.end(
        JSON.stringify({
          id: "c1",
          object: "chat.completion",
          created: 1,
          model: "gpt-test",
          choices: [{ index: 0, message: { role: "assistant", content: null, tool_calls: [call] }, finish_reason: "tool_calls" }],
        }),
      );
    });
    await new Promise<void>((done) => fake?.listen(0, "127.0.0.1", () => done()));
    const port = (fake.address() as AddressInfo).port;
    server = await testApp("pglite", {
      calibration: {
        environment: {
          REHEARSE_CALIBRATION_MODEL: "openai:gpt-test",
          OPENAI_API_KEY: "sk-test-secret-key-123",
          OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        },
      },
    });
    await labelled(server);
    const response = await server.post("/api/v1/calibration/evaluate", { systemPrompt: CANDIDATE, maxRuns: 1 });
    expect(response.status).toBe(200);
    const body: Json = await response.json();
    expect(body).toMatchObject({ model: "openai:gpt-test", runs: 1 });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ path: "/v1/chat/completions", body: { model: "gpt-test" } });
    expect(JSON.stringify(requests[0].body.messages)).toContain("lenient judge");
  });
});
