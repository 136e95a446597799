import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DeadLetters } from "./dead-letters.js";
import { Outbox } from "./outbox.js";
import { Sender, type SenderOptions } from "./sender.js";

let directory: string;
let outbox: Outbox;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-sender-"));
  outbox = new Outbox({ directory, fsync: "off", _internal: { host: "testhost", pid: 4242 } });
});
afterEach(async () => {
  await outbox.close();
  rmSync(directory, { recursive: true, force: true });
});

/** A fake timer: waits are recorded and fire only when the test says so. */
function manualSchedule() {
  const pending: Array<{ milliseconds: number; callback: () => void; cancelled: boolean }> = [];
  return {
    pending,
    /** The waits asked for (request timeouts of 10 s left out). */
    delays: () => pending.filter((entry) => entry.milliseconds !== 10_000).map((entry) => entry.milliseconds),
    schedule: (callback: () => void, milliseconds: number) => {
      const entry = { milliseconds, callback, cancelled: false };
      pending.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
    /** Fires the last wait that is still pending (not a request timeout). */
    fire() {
      const entry = pending.filter((item) => !item.cancelled && item.milliseconds !== 10_000).at(-1);
      if (!entry) throw new Error("no wait pending");
      entry.cancelled = true;
      entry.callback();
    },
  };
}

type Answer = { status: number; body?: string; headers?: Record<string, string> } | Error;

/** A fetch that answers from a script and records each request's events. */
function scriptedFetch(answers: Answer[], fallback: Answer = { status: 200 }) {
  const requests: Array<{ headers: Record<string, string>; events: Array<{ eventId: string }> }> = [];
  const implementation = (async (_url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body)) as { events: Array<{ eventId: string }> };
    requests.push({ headers: init.headers as Record<string, string>, events: body.events });
    const answer = answers.shift() ?? fallback;
    if (answer instanceof Error) throw answer;
    const text = answer.body ?? JSON.stringify({ accepted: body.events.length, duplicates: [], rejected: [] });
    return new Response(answer.status === 204 ? null : text, { status: answer.status, headers: answer.headers });
  }) as unknown as typeof fetch;
  return { implementation, requests };
}

const warnings: string[] = [];
const senderWith = (fetchImplementation: typeof fetch, schedule = manualSchedule(), options: Partial<SenderOptions> = {}) => {
  warnings.length = 0;
  const warn = (message: string) => warnings.push(message);
  const sender = new Sender(outbox, {
    endpoint: "http://collector.test/",
    apiKey: "k",
    deadLetters: new DeadLetters(directory, outbox.owner, warn),
    warn,
    ...options,
    _internal: {
      fetch: fetchImplementation,
      schedule: schedule.schedule,
      random: () => 0.5,
      now: () => 1_000,
      ...options._internal,
    },
  });
  return { sender, schedule };
};

const idOf = (index: number) => `00000000-0000-7000-8000-${String(index).padStart(12, "0")}`;
async function write(count: number, from = 0) {
  for (let index = from; index < from + count; index++) outbox.append(`{"eventId":"${idOf(index)}","seq":${index}}`);
  await outbox.flush();
}
/** Lets the loop run until it waits for the timer or ends. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 30));

describe("Sender", () => {
  it("posts batches of at most 100 events with the bearer key, acknowledges them and says nothing", async () => {
    await write(250);
    const fetch = scriptedFetch([]);
    const { sender } = senderWith(fetch.implementation);
    await sender.drain(Number.POSITIVE_INFINITY);
    expect(fetch.requests.map((request) => request.events.length)).toEqual([100, 100, 50]);
    expect(fetch.requests[0]!.headers.authorization).toBe("Bearer k");
    expect(fetch.requests.flatMap((request) => request.events.map((event) => event.eventId))).toEqual(
      Array.from({ length: 250 }, (_, index) => idOf(index)),
    );
    expect(sender.stats.delivered).toBe(250);
    expect(await outbox.pendingEvents()).toBe(0);
    expect(warnings).toEqual([]);
  });

  it("dead-letters the events the server rejected, with the reason, and acknowledges the rest", async () => {
    await write(3);
    const body = JSON.stringify({
      accepted: 1,
      duplicates: [idOf(2)],
      rejected: [{ eventId: idOf(1), index: 1, code: "invalid_event", message: "seq: must be a number", retryable: false }],
    });
    const { sender } = senderWith(scriptedFetch([{ status: 200, body }]).implementation);
    await sender.drain(Number.POSITIVE_INFINITY);
    const dead = readdirSync(directory).find((name) => name.startsWith("dead-"))!;
    const letters = readFileSync(join(directory, dead), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(letters).toEqual([
      expect.objectContaining({ code: "invalid_event", message: "seq: must be a number", event: { eventId: idOf(1), seq: 1 } }),
    ]);
    expect(sender.stats).toMatchObject({ delivered: 2, deadLettered: 1 });
    expect(warnings.join("\n")).toMatch(/refused 1 event \(invalid_event: seq: must be a number\)/);
    expect(warnings.join("\n")).not.toContain(idOf(1));
    expect(await outbox.pendingEvents()).toBe(0);
  });

  it("halves the batch on 413 until it fits, and dead-letters a single event that never does", async () => {
    await write(100);
    const fetch = scriptedFetch([{ status: 413 }, { status: 413 }]);
    const { sender } = senderWith(fetch.implementation);
    await sender.drain(Number.POSITIVE_INFINITY);
    expect(fetch.requests.map((request) => request.events.length)).toEqual([100, 50, 25, 100 - 25]);
    expect(await outbox.pendingEvents()).toBe(0);

    await write(1, 100);
    const alone = scriptedFetch([{ status: 413 }]);
    const second = senderWith(alone.implementation);
    await second.sender.drain(Number.POSITIVE_INFINITY);
    expect(second.sender.stats.deadLettered).toBe(1);
  });

  it("retries 503 after the Retry-After it was given (seconds or an HTTP date), not its own back-off", async () => {
    await write(1);
    const fetch = scriptedFetch([
      { status: 503, headers: { "retry-after": "7" } },
      { status: 429, headers: { "retry-after": new Date(1_000 + 12_000).toUTCString() } },
    ]);
    const { sender, schedule } = senderWith(fetch.implementation);
    sender.wake();
    await settle();
    expect(schedule.delays()).toEqual([7_000]);
    schedule.fire();
    await settle();
    expect(schedule.delays()).toEqual([7_000, 12_000]);
    schedule.fire();
    await settle();
    expect(fetch.requests).toHaveLength(3);
    expect(await outbox.pendingEvents()).toBe(0);
  });

  it("backs off exponentially with full jitter on network errors, timeouts and 5xx, then opens the breaker after 5 failures", async () => {
    await write(1);
    const failures: Answer[] = [
      new TypeError("fetch failed"),
      { status: 500 },
      { status: 502 },
      { status: 504 },
      { status: 408 },
      { status: 503 },
    ];
    const fetch = scriptedFetch(failures);
    const { sender, schedule } = senderWith(fetch.implementation);
    sender.wake();
    for (let attempt = 0; attempt < 5; attempt++) {
      await settle();
      schedule.fire();
    }
    await settle();
    // random() = 0.5: half of 500·2^n ms, then one probe every 30 s once 5 requests in a row failed
    expect(schedule.delays()).toEqual([250, 500, 1_000, 2_000, 30_000, 30_000]);
    expect(warnings.join("\n")).toMatch(/5 failures in a row .*every 30 s/);
    schedule.fire();
    await settle();
    expect(fetch.requests).toHaveLength(7);
    expect(sender.stats.failures).toBe(0);
    expect(await outbox.pendingEvents()).toBe(0);
  });

  it("stops on 401 and says the key is wrong; the events stay on disk and are not posted again", async () => {
    await write(5);
    const fetch = scriptedFetch([{ status: 401 }]);
    const { sender } = senderWith(fetch.implementation);
    await sender.drain(Number.POSITIVE_INFINITY);
    expect(sender.stats.stopped).toMatch(/refused the API key \(401\)/);
    expect(warnings.join("\n")).toMatch(/sending stopped: the server refused the API key/);
    await write(1, 5);
    sender.wake();
    await settle();
    expect(fetch.requests).toHaveLength(1);
    expect(await outbox.pendingEvents()).toBe(6);
  });

  it("dead-letters a request refused as a whole (400, 422) without retrying it", async () => {
    await write(2);
    const fetch = scriptedFetch([{ status: 422, body: "events: invalid" }]);
    const { sender } = senderWith(fetch.implementation);
    await sender.drain(Number.POSITIVE_INFINITY);
    expect(fetch.requests).toHaveLength(1);
    expect(sender.stats.deadLettered).toBe(2);
  });

  it("counts a 2xx answer that is not the ingest JSON as delivered (it is not posted again), with one warning", async () => {
    await write(2);
    const fetch = scriptedFetch([{ status: 200, body: "<html>ok</html>" }]);
    const { sender } = senderWith(fetch.implementation);
    await sender.drain(Number.POSITIVE_INFINITY);
    expect(fetch.requests).toHaveLength(1);
    expect(warnings).toEqual([expect.stringMatching(/not the ingest JSON; the events count as delivered/)]);
    expect(await outbox.pendingEvents()).toBe(0);
  });

  it("stops at the drain deadline instead of starting a wait that would end after it", async () => {
    await write(1);
    const fetch = scriptedFetch([{ status: 503, headers: { "retry-after": "60" } }]);
    const { sender } = senderWith(fetch.implementation, manualSchedule(), { _internal: { now: () => 1_000 } });
    await sender.drain(1_000 + 5_000);
    expect(fetch.requests).toHaveLength(1);
    expect(await outbox.pendingEvents()).toBe(1);
  });
});
