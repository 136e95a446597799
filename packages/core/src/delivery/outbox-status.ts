import { promises as fs } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { compareSegments, listDirectory, parseSegmentName, readAck } from "./segment-files.js";
import { lockHolder, processAlive } from "./segment-lock.js";
import { countLines } from "./segment-reader.js";

/** One segment as `rehearse outbox status` shows it. */
export interface SegmentStatus {
  name: string;
  bytes: number;
  /** Lines after the acknowledged offset. */
  pendingEvents: number;
  /** Since the segment was begun. */
  ageMs: number;
  /** Who holds it (its writer, or a process that adopted it), if anyone. */
  holder?: { pid?: number; host?: string; alive: boolean };
}

/** What an outbox directory holds. */
export interface OutboxStatus {
  directory: string;
  segments: SegmentStatus[];
  pendingEvents: number;
  /** Of the oldest segment with pending events. */
  oldestPendingAgeMs?: number;
  /** Lines in the `dead-*.jsonl` files: events the server refused. */
  deadLettered: number;
}

/**
 * Reads an outbox directory without changing it: each segment's size,
 * undelivered events, age and holder (alive or not), and the dead-lettered
 * count. A directory that does not exist is an empty outbox.
 *
 * @example
 * const status = await outboxStatus(".rehearse/outbox");
 * status.pendingEvents; // 42
 */
export async function outboxStatus(
  directory: string,
  _internal: { now?: () => number; isAlive?: (pid: number) => boolean; host?: string } = {},
): Promise<OutboxStatus> {
  const now = _internal.now ?? Date.now;
  const names = await listDirectory(directory);
  const lock = {
    owner: { host: _internal.host ?? hostname(), pid: process.pid, startMs: -1 },
    isAlive: _internal.isAlive ?? processAlive,
    now,
    staleMs: 60_000,
  };
  const segments: SegmentStatus[] = [];
  for (const name of names.filter((entry) => parseSegmentName(entry)).sort(compareSegments)) {
    let bytes: number;
    try {
      bytes = (await fs.stat(join(directory, name))).size;
    } catch {
      continue;
    }
    const pendingEvents = await countLines(directory, name, await readAck(directory, name));
    const holder = await lockHolder(directory, name, lock);
    segments.push({
      name,
      bytes,
      pendingEvents,
      ageMs: Math.max(0, now() - (parseSegmentName(name)?.startMs ?? now())),
      ...(holder ? { holder: { ...pick(holder.holder), alive: holder.alive } } : {}),
    });
  }
  let deadLettered = 0;
  for (const name of names.filter((entry) => entry.startsWith("dead-") && entry.endsWith(".jsonl"))) {
    deadLettered += await countLines(directory, name, 0);
  }
  const pending = segments.filter((segment) => segment.pendingEvents > 0);
  return {
    directory,
    segments,
    pendingEvents: pending.reduce((sum, segment) => sum + segment.pendingEvents, 0),
    ...(pending.length > 0 ? { oldestPendingAgeMs: Math.max(...pending.map((segment) => segment.ageMs)) } : {}),
    deadLettered,
  };
}

function pick(holder: { pid?: unknown; host?: unknown }): { pid?: number; host?: string } {
  return {
    ...(typeof holder.pid === "number" ? { pid: holder.pid } : {}),
    ...(typeof holder.host === "string" ? { host: holder.host } : {}),
  };
}
