import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Agent } from "../domain/agent.js";
import type { ScenarioEvent } from "../domain/event.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { FAKE } from "../redaction/test-support/fake-secrets.js";
import { createRehearse } from "../runner/rehearse.js";
import { userMessage } from "../script/seed-steps.js";
import { echoAgent, scriptedJudge, scriptedUser, verdict } from "../testing/scripted-agents.js";
import { HttpReporter } from "./http-reporter.js";
import { FakeIngestServer } from "./test-support/fake-ingest-server.js";

let directory: string;
let server: FakeIngestServer;
beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-reporting-"));
  server = await FakeIngestServer.start("key-1");
});
afterEach(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

const scenario = (name: string): ScenarioConfig => ({
  name,
  description: "echoes",
  agents: [scriptedUser(["hi", "again", "bye"]), echoAgent(), scriptedJudge([null, null, verdict(true)])],
});
const outbox = () => join(directory, ".rehearse", "outbox");
const segments = () =>
  existsSync(outbox()) ? readdirSync(outbox()).filter((name) => name.startsWith("seg-") && name.endsWith(".jsonl")) : [];
const context = (report: Record<string, unknown>) =>
  createRehearse({ cwd: directory, configFile: false, env: {}, config: { report }, logger: quietLogger });
const warnings: string[] = [];
const quietLogger = {
  error: () => {},
  warn: (message: string) => warnings.push(message),
  info: () => {},
  debug: () => {},
  transcript: () => {},
};

/** A server that takes connections and never answers. */
async function blackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets: import("node:net").Socket[] = [];
  const hole: Server = createServer((socket) => sockets.push(socket));
  await new Promise<void>((resolve) => hole.listen(0, "127.0.0.1", resolve));
  const port = (hole.address() as import("node:net").AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => hole.close(() => resolve()));
    },
  };
}

describe("reporting to a Rehearse server", () => {
  it("sends every event of every run of a context once, numbered per run, through one shared outbox", async () => {
    const rehearse = context({ endpoint: server.url, apiKey: "key-1" });
    const batch = await rehearse.runMany([scenario("one"), scenario("two"), scenario("three")], { concurrency: 3 });
    expect(batch.counts.pass).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(segments()).toHaveLength(1);
    const report = await rehearse.close({ timeoutMs: 5_000 });
    expect(report).toMatchObject({ pending: 0, deadLettered: 0 });
    const runs = batch.results.map((result) => result.scenarioRunId);
    for (const run of runs) {
      const events = server.eventsOf(run);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
      expect(events[0]!.type).toBe("SCENARIO_RUN_STARTED");
      expect(events.at(-1)).toMatchObject({ type: "SCENARIO_RUN_FINISHED", summary: { turns: 3 } });
      expect(events.every((event) => event.batchRunId === batch.batchRunId)).toBe(true);
    }
    expect(report!.delivered).toBe(server.events.size);
    expect(server.requests.every((request) => request.headers.authorization === "Bearer key-1")).toBe(true);
    expect(segments()).toEqual([]);
  });

  it("close({ timeoutMs: 100 }) against a server that never answers returns in time and keeps the events; the next process adopts and delivers them", async () => {
    const hole = await blackHole();
    try {
      const rehearse = context({ endpoint: hole.url, apiKey: "key-1" });
      const result = await rehearse.run(scenario("kept"));
      expect(result.status).toBe("pass");
      const started = performance.now();
      const report = await rehearse.close({ timeoutMs: 100 });
      expect(performance.now() - started).toBeLessThan(1_000);
      expect(report!.pending).toBeGreaterThan(5);
      expect(segments()).toHaveLength(1);

      // the first process "died" holding its segment: its lock names a pid that no longer exists
      writeFileSync(join(outbox(), `${segments()[0]}.lock`), JSON.stringify({ host: "host", pid: 999_999_999, startMs: 1 }));
      const next = new HttpReporter({
        endpoint: server.url,
        apiKey: "key-1",
        outboxDir: outbox(),
        _internal: { outbox: { _internal: { host: "host" } } },
      });
      const delivered = await next.close({ timeoutMs: 5_000 });
      expect(delivered).toMatchObject({ pending: 0, delivered: report!.pending });
      expect(server.eventsOf(result.scenarioRunId)).toHaveLength(report!.pending);
      expect(segments()).toEqual([]);
    } finally {
      await hole.close();
    }
  });

  it("never fails or slows a run when the server is down: the run passes, the events wait on disk, close says why", async () => {
    const url = server.url;
    await server.close();
    const rehearse = context({ endpoint: url, apiKey: "key-1" });
    const result = await rehearse.run(scenario("offline"));
    expect(result.status).toBe("pass");
    expect(result.diagnostics).toEqual([]);
    const report = await rehearse.close({ timeoutMs: 300 });
    expect(report!.pending).toBeGreaterThan(0);
    expect(report!.reason).toMatch(/network error|budget/);
    server = await FakeIngestServer.start("key-1");
  });

  it("without an endpoint there is no reporter: no outbox files and no request, even with an outbox directory set", async () => {
    const fetchSpy = vi.spyOn(globalThis, "fetch");
    try {
      const rehearse = createRehearse({ cwd: directory, configFile: false, env: { REHEARSE_OUTBOX_DIR: "box" } });
      expect((await rehearse.run(scenario("private"))).status).toBe("pass");
      expect(await rehearse.close()).toBeUndefined();
      expect(readdirSync(directory)).toEqual([]);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });

  it("REHEARSE_ENDPOINT without an API key fails before any run, naming the variable to set", async () => {
    const rehearse = createRehearse({ cwd: directory, configFile: false, env: { REHEARSE_ENDPOINT: server.url } });
    await expect(rehearse.run(scenario("no key"))).rejects.toThrow(
      /REHEARSE_ENDPOINT: report.endpoint is set .* set REHEARSE_API_KEY/,
    );
  });
});

// Redaction, end to end: a real run, the outbox's bytes on disk and what the server received.
const EMAIL = "sam.roe@example.com";
const CARD = "4111 1111 1111 1111";
const leaky: Agent = {
  role: AgentRole.AGENT,
  call: async () => `The other customer is ${EMAIL}, card ${CARD}; the shop's key is ${FAKE.openai}.`,
};
const leakScenario: ScenarioConfig = {
  name: "leaks",
  description: "the agent leaks another customer's data",
  agents: [leaky],
  expectedOutcomes: { forbidden_events: ["pii_leak"] },
  script: [userMessage("who is the other customer?")],
};
const outboxBytes = (): string =>
  existsSync(outbox())
    ? readdirSync(outbox())
        .map((name) => readFileSync(join(outbox(), name), "utf8"))
        .join("\n")
    : "";

/** Runs the scenario reporting to the fake server; returns the outbox bytes (read before close) and the local events. */
async function reportRun(report: Record<string, unknown>): Promise<{ outbox: string; local: ScenarioEvent[] }> {
  const rehearse = context({ endpoint: server.url, apiKey: "key-1", ...report });
  const local: ScenarioEvent[] = [];
  const result = await rehearse.run(leakScenario, { onEvent: (event) => local.push(event) });
  expect(result.status).toBe("fail");
  // past the outbox's 50 ms write window; the segment stays until close
  await new Promise((resolve) => setTimeout(resolve, 200));
  const written = outboxBytes();
  expect(await rehearse.close({ timeoutMs: 5_000 })).toMatchObject({ pending: 0 });
  return { outbox: written, local };
}

describe("the HTTP reporter redacts before the outbox", () => {
  it("writes and sends placeholders, never the email, the card or the key", async () => {
    const { outbox } = await reportRun({});
    const received = JSON.stringify(server.requests.map((request) => request.body));
    expect(outbox).toContain('"eventId"');
    for (const bytes of [outbox, received]) {
      for (const raw of [EMAIL, CARD, FAKE.openai, "s***@example.com", "4111 **** **** 1111"]) expect(bytes).not.toContain(raw);
      for (const placeholder of ["[EMAIL_1]", "[CARD_1]", "[OPENAI_KEY_1]"]) expect(bytes).toContain(placeholder);
    }
  });

  it("sends a pii_leak event naming the detector, the message and the placeholders the transcript shows; local events keep what they show", async () => {
    const { local } = await reportRun({});
    const sent = [...server.events.values()];
    const reply = sent.find((event) => event.type === "agent_message") as unknown as { messageId: string; text: string };
    const leak = sent.find((event) => event.type === "pii_leak");
    expect(reply.text).toBe("The other customer is [EMAIL_1], card [CARD_1]; the shop's key is [OPENAI_KEY_1].");
    expect(leak).toMatchObject({
      detector: "pii_leak",
      messageId: reply.messageId,
      evidence: "email: [EMAIL_1], card: [CARD_1]",
      placeholders: ["[EMAIL_1]", "[CARD_1]"],
    });
    const snapshot = sent.filter((event) => event.type === "SCENARIO_MESSAGE_SNAPSHOT").at(-1) as unknown as {
      messages: Array<{ id: string; content?: string }>;
    };
    expect(snapshot.messages.find((message) => message.id === reply.messageId)?.content).toBe(reply.text);
    expect(local.find((event) => event.type === "pii_leak")).toMatchObject({
      evidence: "email: s***@example.com, card: 4111 **** **** 1111",
    });
  });

  it("redact: false writes and sends the events as they are; options narrow what is replaced", async () => {
    const raw = await reportRun({ redact: false });
    const received = JSON.stringify(server.requests.map((request) => request.body));
    for (const bytes of [raw.outbox, received]) for (const value of [EMAIL, CARD, FAKE.openai]) expect(bytes).toContain(value);

    server.requests.length = 0;
    const narrowed = await reportRun({ redact: { kinds: ["openai_key"], allow: [] } });
    expect(narrowed.outbox).toContain(EMAIL);
    expect(narrowed.outbox).not.toContain(FAKE.openai);
  });
});
