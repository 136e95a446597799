import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Outbox } from "../../delivery/outbox.js";
import { FakeIngestServer } from "../../delivery/test-support/fake-ingest-server.js";
import { deliverAtTeardown } from "./deliver-at-teardown.js";

let directory: string;
let server: FakeIngestServer;
beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-teardown-"));
  writeFileSync(join(directory, "package.json"), "{}");
  server = await FakeIngestServer.start("key-1");
});
afterEach(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

describe("the vitest global teardown", () => {
  it("sends what a worker thread of this process left in the outbox (its lock names this pid)", async () => {
    const box = join(directory, ".rehearse", "outbox");
    // a worker thread's outbox: same pid, its own start time, never closed
    const worker = new Outbox({ directory: box, fsync: "off", _internal: { now: () => 1_000 } });
    worker.append(
      '{"eventId":"00000000-0000-7000-8000-000000000001","seq":0,"schemaVersion":1,"type":"turn_started","timestamp":1,"turn":0,"batchRunId":"b","scenarioId":"s","scenarioRunId":"r","scenarioSetId":"default"}',
    );
    await worker.flush();
    await deliverAtTeardown(directory, {
      REHEARSE_ENDPOINT: server.url,
      REHEARSE_API_KEY: "key-1",
      REHEARSE_LOG_LEVEL: "silent",
    });
    expect([...server.events.keys()]).toEqual(["00000000-0000-7000-8000-000000000001"]);
    expect(readdirSync(box).filter((name) => name.startsWith("seg-"))).toEqual([]);
  });

  it("does nothing (reads no outbox, makes no file) when no endpoint is configured", async () => {
    await deliverAtTeardown(directory, {});
    expect(readdirSync(directory)).toEqual(["package.json"]);
  });
});
