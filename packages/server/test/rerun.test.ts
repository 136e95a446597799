/**
 * Reruns of launched runs on the embedded runner: a run launched with
 * `cassette: record` (its simulated user's model calls kept on the server),
 * rerun from its cassette with zero model calls and the same transcript (a
 * determinism check), and rerun against a changed agent (a regression check
 * whose diff shows the change).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server.js";
import { runEvents } from "../src/test-support/events.js";
import { type FakeModelServer, startFakeModelServer } from "./support/fake-model-server.js";

// biome-ignore lint/suspicious/noExplicitAny: bodies are checked by the assertions
type Json = any;

let dataDir: string;
let server: RunningServer;
let model: FakeModelServer;
let key: string;

const agent = (reply: string) =>
  `export default { role: "Agent", call: async (input) => "${reply}: " + input.messages.filter((m) => m.role === "user").length };\n`;

function suite(agentReply: string) {
  const scenario = [
    "name: simulated refund",
    "description: A customer wants a refund for order A100.",
    "agent: { module: ./agent.mjs }",
    `user: { simulator: { model: "${model.modelId}" } }`,
    "script:",
    "  - { type: user }",
    "  - { type: agent }",
    "  - { type: user }",
    "  - { type: agent }",
    "  - { type: succeed }",
    "",
  ].join("\n");
  return {
    name: "simulated",
    files: [
      { path: "package.json", content: '{ "type": "module" }\n' },
      { path: "agent.mjs", content: agent(agentReply) },
      { path: "simulated.yaml", content: scenario },
    ],
    scenarios: [{ path: "simulated.yaml", id: "simulated-refund", name: "simulated refund" }],
  };
}

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json().catch(() => undefined)) as Json };
}

async function settled(runId: string): Promise<Json> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const run = await api("GET", `/api/v1/runs/${runId}`);
    const attempts = await api("GET", `/api/v1/runs/${runId}/attempts`);
    if ((run.body.state === "finished" && attempts.body.attempts[0]?.outcome) || Date.now() > deadline) return run.body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  model = await startFakeModelServer();
  dataDir = mkdtempSync(join(tmpdir(), "rehearse-rerun-"));
  server = await startServer({ port: 0, dataDir, logger: pino({ level: "silent" }), queue: "embedded" });
  key = readFileSync(server.adminKeyFile as string, "utf8").trim();
});
afterAll(async () => {
  await server?.close();
  await model?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("rerunning a launched run", () => {
  let original: string;

  it("records the run's model calls when launched with cassette: record", async () => {
    expect((await api("POST", "/api/v1/suites", suite("Refund issued"))).status).toBe(201);
    const launched = await api(
      "POST",
      "/api/v1/batches",
      { suite: "simulated", cassette: "record" },
      { "idempotency-key": "record-1" },
    );
    expect(launched.status).toBe(202);
    [original] = launched.body.runIds;
    const run = await settled(original);
    expect(run).toMatchObject({ state: "finished", status: "pass" });
    expect(model.calls).toBe(2);
  });

  it("replays the cassette with zero model calls and reproduces the run exactly", async () => {
    const before = model.calls;
    const rerun = await api("POST", `/api/v1/runs/${original}/rerun`, {});
    expect(rerun.status).toBe(202);
    expect(rerun.body).toMatchObject({
      replayOf: original,
      diffUrl: expect.stringContaining(`base=${original}&head=${rerun.body.runId}`),
    });
    const run = await settled(rerun.body.runId);
    expect(run).toMatchObject({ state: "finished", status: "pass", seed: expect.any(Number) });
    expect(model.calls).toBe(before);
    const originalRun = await api("GET", `/api/v1/runs/${original}`);
    expect(run.seed).toBe(originalRun.body.seed);
    const diff = await api("GET", `/api/v1/diff/runs?base=${original}&head=${rerun.body.runId}`);
    expect(diff.body.firstDivergence).toBeNull();
    expect(diff.body.transcript.messages.length).toBe(4);
    expect(diff.body.outcome).toBe("unchanged");
  });

  it("reruns against the newest agent and shows where it diverged (seed 004's replay action as well)", async () => {
    expect((await api("POST", "/api/v1/suites", suite("Refund declined"))).status).toBe(201);
    const before = model.calls;
    const rerun = await api("POST", `/api/v1/runs/${original}/rerun`, { agent: "live", cassette: "auto" });
    expect(rerun.status).toBe(202);
    await settled(rerun.body.runId);
    // the first simulated turn is on tape; the second sees the new agent's reply, so it is a live call
    expect(model.calls).toBe(before + 1);
    const diff = await api("GET", `/api/v1/diff/runs?base=${original}&head=${rerun.body.runId}`);
    expect(diff.body.firstDivergence).toEqual({ messageIndex: 1, turn: 0 });

    const seed = await api("POST", `/user-testing/runs/${original}/control`, { action: "replay" });
    expect(seed.status).toBe(202);
    expect(seed.body.replayOf).toBe(original);
  });

  it("refuses to rerun an SDK run, or to replay a run that recorded nothing", async () => {
    await fetch(`${server.url}/api/v1/events`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ events: runEvents({ runId: "sdk-run" }) }),
    });
    const sdk = await api("POST", "/api/v1/runs/sdk-run/rerun", {});
    expect(sdk).toMatchObject({ status: 409, body: { code: "not_controllable" } });
    const plain = await api("POST", "/api/v1/batches", { suite: "simulated" }, { "idempotency-key": "plain-1" });
    await settled(plain.body.runIds[0]);
    const noTape = await api("POST", `/api/v1/runs/${plain.body.runIds[0]}/rerun`, {});
    expect(noTape).toMatchObject({ status: 409, body: { code: "no_cassette" } });
  });
});
