import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Outbox } from "../delivery/outbox.js";
import { FakeIngestServer } from "../delivery/test-support/fake-ingest-server.js";
import { runCli } from "./program.js";
import { testContext } from "./test-support/cli-test-context.js";

let directory: string;
let server: FakeIngestServer;
beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-outbox-cli-"));
  writeFileSync(join(directory, "package.json"), "{}");
  server = await FakeIngestServer.start("key-1");
});
afterEach(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

/** Events left behind by a process that died (its lock names a pid that does not exist). */
async function leftBehind(count: number, outboxDir = join(directory, ".rehearse", "outbox")) {
  const outbox = new Outbox({ directory: outboxDir, fsync: "off", _internal: { pid: 999_999_999 } });
  for (let index = 0; index < count; index++) {
    outbox.append(
      JSON.stringify({
        eventId: `00000000-0000-7000-8000-${String(index).padStart(12, "0")}`,
        seq: index,
        schemaVersion: 1,
        type: "user_input",
        timestamp: 1,
        batchRunId: "b",
        scenarioId: "s",
        scenarioRunId: "r",
        scenarioSetId: "default",
      }),
    );
  }
  await outbox.flush();
  // not closed: the lock stays, as after a crash
}

const run = async (env: Record<string, string>, ...argv: string[]) => {
  const context = testContext(directory, { env });
  const code = await runCli(argv, context);
  return { code, printed: context.printed.join("\n"), errors: context.errors.join("\n") };
};

describe("rehearse outbox", () => {
  it("status lists the segments, the events not delivered and whether their writer is alive", async () => {
    expect((await run({}, "outbox", "status")).printed).toBe("outbox .rehearse/outbox: empty");
    await leftBehind(3);
    const { code, printed } = await run({}, "outbox", "status");
    expect(code).toBe(0);
    expect(printed).toMatch(
      /^outbox \.rehearse\/outbox: 1 segment, 3 events not delivered \(oldest \d+ s old\), 0 dead-lettered/,
    );
    expect(printed).toMatch(/seg-.*-999999999-.*3 pending .*pid 999999999 .* gone/);
  });

  it("flush sends what a dead process left, with the endpoint and key from REHEARSE_*, and exits 0", async () => {
    await leftBehind(5, join(directory, "box"));
    const env = { REHEARSE_ENDPOINT: server.url, REHEARSE_API_KEY: "key-1", REHEARSE_OUTBOX_DIR: "box" };
    const { code, printed } = await run(env, "outbox", "flush");
    expect(code).toBe(0);
    expect(printed).toBe(`delivered 5 events to ${server.url}`);
    expect(server.events.size).toBe(5);
    expect(readdirSync(join(directory, "box")).filter((name) => name.startsWith("seg-"))).toEqual([]);
  });

  it("flush exits 1 saying how many events are left and why (a wrong key), and 2 without an endpoint", async () => {
    await leftBehind(2);
    const refused = await run({ REHEARSE_API_KEY: "wrong" }, "outbox", "flush", "--report-to", server.url, "--timeout", "2000");
    expect(refused.code).toBe(1);
    expect(refused.errors).toMatch(
      /2 events not delivered: the server refused the API key \(401\).*they stay in \.rehearse\/outbox/,
    );
    const nowhere = await run({}, "outbox", "flush");
    expect(nowhere.code).toBe(2);
    expect(nowhere.errors).toMatch(/no server to send to: pass --report-to <url> or set REHEARSE_ENDPOINT/);
  });
});
