// The LangWatch-compatible ingest with the real client: @langwatch/scenario 0.5.3
// runs a scripted scenario in a child process (it reads LANGWATCH_ENDPOINT and
// LANGWATCH_API_KEY when it loads) and posts its events to a real server on
// 127.0.0.1; the run, its status and its transcript must then be in the history.
// The client is the compatibility suite's reference install (test/compat/install-reference.sh):
// as a devDependency its ffmpeg-static postinstall downloads a binary from GitHub,
// which fails offline and would abort `npm install` for everyone.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server.js";

const reference = fileURLToPath(
  new URL("../../../test/compat/reference/node_modules/@langwatch/scenario/dist/index.mjs", import.meta.url),
);
const script = fileURLToPath(new URL("./fixtures/langwatch-run.mjs", import.meta.url));
const run = promisify(execFile);

// skipped (not failed) where the reference is not installed: it is installed out of tree, by a script
describe.skipIf(!existsSync(reference))("@langwatch/scenario 0.5.3 posting to /api/scenario-events", () => {
  let server: RunningServer;
  let dataDir: string;
  let key: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "rehearse-compat-"));
    server = await startServer({ port: 0, dataDir, logger: pino({ level: "silent" }) });
    key = readFileSync(server.adminKeyFile as string, "utf8").trim();
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const read = async (path: string) => {
    const response = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(200);
    // biome-ignore lint/suspicious/noExplicitAny: asserted field by field
    return (await response.json()) as any;
  };

  it("stores the run, its outcome and its transcript", async () => {
    const { stdout } = await run(process.execPath, [script], {
      timeout: 50_000,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        LANGWATCH_SCENARIO_ENTRY: reference,
        LANGWATCH_ENDPOINT: server.url,
        LANGWATCH_API_KEY: key,
        SCENARIO_SET_ID: "compat-set",
        SCENARIO_BATCH_RUN_ID: "compat-batch-1",
        SCENARIO_HEADLESS: "true",
        OTEL_SDK_DISABLED: "true",
        NODE_ENV: "test",
      },
    });
    expect(JSON.parse(stdout.trim().split("\n").at(-1) as string)).toEqual({ success: true, messages: 4 });

    // run() resolved after the client's event bus drained: every POST was answered
    const runs = await read("/api/v1/runs");
    expect(runs.items).toHaveLength(1);
    const [summary] = runs.items;
    expect(summary).toMatchObject({
      batchId: "compat-batch-1",
      setId: "compat-set",
      scenarioId: "refund-request",
      name: "refund request",
      state: "finished",
      status: "pass",
      verdict: "success",
      messageCount: 4,
    });
    const detail = await read(`/api/v1/runs/${encodeURIComponent(summary.runId)}`);
    expect(detail).toMatchObject({
      description: "A customer asks for a refund and gets one.",
      sdk: "@langwatch/scenario@unknown",
      reasoning: "the agent refunded the order",
      wireStatus: "SUCCESS",
    });
    const messages = await read(`/api/v1/runs/${encodeURIComponent(summary.runId)}/messages`);
    expect(messages.items.map((message: { role: string; content: string }) => [message.role, message.content])).toEqual([
      ["user", "I want a refund"],
      ["assistant", "Sure, what is the order number?"],
      ["user", "It is order 1234"],
      ["assistant", "Thanks, I found order 1234 and refunded it."],
    ]);
    const events = await read(`/api/v1/runs/${encodeURIComponent(summary.runId)}/events`);
    expect(events.items.map((event: { type: string }) => event.type)).toEqual([
      "SCENARIO_RUN_STARTED",
      ...Array(4).fill("SCENARIO_MESSAGE_SNAPSHOT"),
      "SCENARIO_RUN_FINISHED",
    ]);
  }, 60_000);
});
