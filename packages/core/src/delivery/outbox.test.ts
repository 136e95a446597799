import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Outbox, type OutboxOptions } from "./outbox.js";
import { eventIdOf } from "./outbox-line.js";
import type { PendingLine } from "./segment-reader.js";

let directory: string;
const opened: Outbox[] = [];
beforeEach(() => {
  directory = join(mkdtempSync(join(tmpdir(), "rehearse-outbox-")), "outbox");
});
afterEach(async () => {
  for (const outbox of opened.splice(0)) await outbox.close();
  rmSync(join(directory, ".."), { recursive: true, force: true });
});

let clock = 1_000_000;
const outboxOf = (options: Partial<OutboxOptions> = {}) => {
  const outbox = new Outbox({
    directory,
    fsync: "off",
    ...options,
    _internal: { now: () => clock++, host: "testhost", pid: 4242, isAlive: (pid) => pid === 4242, ...options._internal },
  });
  opened.push(outbox);
  return outbox;
};
const event = (index: number) => `{"eventId":"00000000-0000-7000-8000-${String(index).padStart(12, "0")}","seq":${index}}`;
const ids = (lines: readonly PendingLine[]) => lines.flatMap((line) => (line.json ? [eventIdOf(line.json)] : []));
const segments = () => readdirSync(directory).filter((name) => name.endsWith(".jsonl") && name.startsWith("seg-"));
const limits = { maxEvents: 100, maxBytes: 512 * 1024 };

describe("Outbox", () => {
  it("appends without I/O, writes CRC-checked lines to its own segment (0700 dir, 0600 file) and reads them back in order", async () => {
    const outbox = outboxOf();
    for (let index = 0; index < 3; index++) outbox.append(event(index));
    expect(existsSync(directory)).toBe(false);
    await outbox.flush();
    const [segment] = segments();
    expect(segment).toMatch(/^seg-testhost-4242-\d+-0\.jsonl$/);
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect(statSync(join(directory, segment!)).mode & 0o777).toBe(0o600);
    const text = readFileSync(join(directory, segment!), "utf8");
    expect(text.split("\n")[0]).toMatch(/^[0-9a-f]{8} \{"eventId":"00000000-0000-7000-8000-000000000000","seq":0\}$/);
    expect(ids(await outbox.read(limits))).toEqual([0, 1, 2].map((index) => JSON.parse(event(index)).eventId));
  });

  it("writes what prepare returns, and drops an event it throws on with a warning that quotes nothing", async () => {
    const warnings: string[] = [];
    const outbox = outboxOf({
      warn: (message) => warnings.push(message),
      prepare: (json) => {
        if (json.includes('"seq":1')) throw new SyntaxError(`cannot read ${json}`);
        return json.replace("}", ',"prepared":true}');
      },
    });
    for (let index = 0; index < 3; index++) outbox.append(event(index));
    await outbox.flush();
    const text = readFileSync(join(directory, segments()[0]!), "utf8");
    expect(text).toContain('"seq":0,"prepared":true}');
    expect(text).toContain('"seq":2,"prepared":true}');
    expect(text).not.toContain('"seq":1');
    expect(warnings).toEqual(["outbox: 1 event dropped before writing (preparing threw SyntaxError)"]);
  });

  it("keeps the acknowledged offset across a reopen: the next process sends only the rest", async () => {
    const first = outboxOf();
    for (let index = 0; index < 5; index++) first.append(event(index));
    await first.flush();
    const lines = await first.read({ maxEvents: 2, maxBytes: 1e6 });
    expect(ids(lines)).toHaveLength(2);
    await first.acknowledge(lines);
    await first.close();
    const second = outboxOf({ _internal: { pid: 5151 } });
    expect(await second.adopt()).toBe(1);
    expect(ids(await second.read(limits))).toEqual([2, 3, 4].map((index) => JSON.parse(event(index)).eventId));
    expect(await second.pendingEvents()).toBe(3);
  });

  it("skips and counts a torn last line (a crash mid-write) and a line whose CRC does not match", async () => {
    const first = outboxOf();
    for (let index = 0; index < 4; index++) first.append(event(index));
    await first.flush();
    await first.close();
    const file = join(directory, segments()[0]!);
    // corrupt the second line's JSON (the CRC no longer matches), then half a line with no newline
    const lines = readFileSync(file, "utf8").split("\n");
    lines[1] = lines[1]!.replace('"seq":1', '"seq":9');
    writeFileSync(file, lines.join("\n"));
    appendFileSync(file, `${"a1b2c3d4"} {"eventId":"00000000-0000-7000-8000-0000000`);
    const warnings: string[] = [];
    const second = outboxOf({ _internal: { pid: 5151 }, warn: (message) => warnings.push(message) });
    await second.adopt();
    const read = await second.read(limits);
    expect(ids(read)).toEqual([0, 2, 3].map((index) => JSON.parse(event(index)).eventId));
    await second.acknowledge(read);
    expect(second.counters.corrupt).toBe(2);
    expect(warnings.join("\n")).toMatch(/skipped 2 corrupt or torn lines/);
    // a closed segment fully acknowledged is deleted, with its ack and lock files
    expect(readdirSync(directory)).toEqual([]);
  });

  it("rotates past segmentBytes and deletes closed segments once they are fully acknowledged", async () => {
    const outbox = outboxOf({ segmentBytes: 200 });
    for (let round = 0; round < 4; round++) {
      for (let index = 0; index < 3; index++) outbox.append(event(round * 3 + index));
      await outbox.flush();
    }
    expect(segments().length).toBeGreaterThanOrEqual(3);
    const lines = await outbox.read(limits);
    expect(ids(lines)).toHaveLength(12);
    await outbox.acknowledge(lines);
    expect(segments()).toEqual([]);
    expect(await outbox.pendingEvents()).toBe(0);
  });

  it("adopts segments whose holder died or went silent, never those of a live holder", async () => {
    const writer = (pid: number) => {
      const outbox = outboxOf({ _internal: { pid } });
      outbox.append(event(pid));
      return outbox.flush();
    };
    await writer(1001); // dies: its lock stays, naming a dead pid
    await writer(4242); // alive (isAlive says so) and touched just now
    const adopter = outboxOf({ _internal: { pid: 5151 } });
    expect(await adopter.adopt()).toBe(1);
    expect((await adopter.read(limits)).map((line) => line.segment)).toEqual([expect.stringContaining("-1001-")]);
    // a lock untouched for longer than staleMs is taken over even when its pid is alive (by this clock, both are)
    const late = outboxOf({ _internal: { pid: 6161, now: () => Date.now() + 120_000 } });
    expect(await late.adopt()).toBe(2);
    expect(new Set((await late.read(limits)).map((line) => line.segment.split("-")[2]))).toEqual(new Set(["1001", "4242"]));
  });

  it("drops the oldest segments beyond maxBytes, with a warning that counts the lost events", async () => {
    const old = outboxOf({ _internal: { pid: 1001 } });
    for (let index = 0; index < 10; index++) old.append(event(index));
    await old.flush();
    await old.close();
    const warnings: string[] = [];
    const outbox = outboxOf({ maxBytes: 200, warn: (message) => warnings.push(message), _internal: { pid: 5151 } });
    await outbox.adopt();
    expect(outbox.counters.dropped).toBe(10);
    expect(warnings.join("\n")).toMatch(/dropped seg-testhost-1001-.* 10 events will not be delivered/);
    expect(segments()).toEqual([]);
  });

  it("refuses events once closed and leaves what is unsent on disk, its lock given up", async () => {
    const outbox = outboxOf();
    outbox.append(event(1));
    await outbox.close();
    expect(outbox.append(event(2))).toBe(false);
    expect(segments()).toHaveLength(1);
    expect(readdirSync(directory).some((name) => name.endsWith(".lock"))).toBe(false);
  });
});

describe("Outbox at process exit", () => {
  it("writes what is still buffered when the process calls process.exit() (no write was due yet)", async () => {
    const { spawnSync } = await import("node:child_process");
    const source = new URL("./outbox.ts", import.meta.url).pathname;
    const script = `import { Outbox } from ${JSON.stringify(source)};
const outbox = new Outbox({ directory: ${JSON.stringify(directory)}, flushIntervalMs: 60_000 });
for (let index = 0; index < 3; index++) outbox.append('{"eventId":"00000000-0000-7000-8000-00000000000' + index + '","seq":' + index + '}');
process.exit(0);`;
    const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
    expect(child.status).toBe(0);
    const { hostname } = await import("node:os");
    // the child is gone: its lock names a dead pid of this host
    const adopter = outboxOf({ _internal: { pid: 5151, host: hostname(), isAlive: () => false } });
    await adopter.adopt();
    expect(ids(await adopter.read(limits))).toHaveLength(3);
  });
});
