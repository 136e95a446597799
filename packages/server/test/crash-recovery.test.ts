import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { runEvents } from "../src/test-support/events.js";
import { adminKey, type ServeProcess, startServe } from "./serve-process.js";

let directory: string | undefined;
let server: ServeProcess | undefined;
afterEach(() => {
  server?.child.kill("SIGKILL");
  if (directory) rmSync(directory, { recursive: true, force: true });
});

it("loses no acknowledged event when the server is killed with SIGKILL mid-ingest, and restarts cleanly", async () => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-crash-"));
  server = await startServe(directory);
  const key = adminKey(directory);
  const acknowledged = new Map<string, string>(); // eventId → runId
  let sent = 0;
  const sender = async (worker: number) => {
    for (let index = 0; ; index++) {
      const events = [0, 1, 2, 3].flatMap((offset) =>
        runEvents({ runId: `w${worker}-${index}-${offset}`, batchId: `batch-${worker}` }),
      );
      try {
        const response = await fetch(`${server?.url}/api/v1/events`, {
          method: "POST",
          headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
          body: JSON.stringify({ events }),
        });
        if (response.status !== 200) return;
        const result = (await response.json()) as { accepted: number; duplicates: string[] };
        expect(result.accepted + result.duplicates.length).toBe(events.length);
        for (const event of events) acknowledged.set(event.eventId, event.scenarioRunId);
        sent += events.length;
      } catch {
        return; // the connection died with the server: these events were never acknowledged
      }
    }
  };
  const senders = [0, 1, 2].map(sender);
  while (sent < 600) await new Promise((resolve) => setTimeout(resolve, 20));
  server.child.kill("SIGKILL");
  await Promise.all(senders);
  expect(await server.exited).toBe("SIGKILL");

  // the same data dir: the dead server's lock is taken over, the database recovers
  server = await startServe(directory);
  expect((await fetch(`${server.url}/ready`)).status).toBe(200);
  const runs = new Set(acknowledged.values());
  const stored = new Set<string>();
  for (const runId of runs) {
    const response = await fetch(`${server.url}/api/v1/runs/${runId}/events?limit=500`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(response.status, `run ${runId} was acknowledged but is missing`).toBe(200);
    const page = (await response.json()) as { items: Array<{ eventId: string }> };
    for (const item of page.items) stored.add(item.eventId);
  }
  const lost = [...acknowledged.keys()].filter((eventId) => !stored.has(eventId));
  expect(lost).toEqual([]);
  expect(acknowledged.size).toBeGreaterThanOrEqual(600);
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
});

it("refuses a second server on the same data dir, naming the first", async () => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-lock-"));
  server = await startServe(directory);
  await expect(startServe(directory)).rejects.toThrow(/another Rehearse server \(pid \d+\) is using/);
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
});
