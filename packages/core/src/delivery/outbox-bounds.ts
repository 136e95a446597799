import { promises as fs } from "node:fs";
import { join } from "node:path";
import { compareSegments, listDirectory, parseSegmentName, readAck, removeSegment } from "./segment-files.js";
import { acquireLock, type LockContext } from "./segment-lock.js";
import { countLines } from "./segment-reader.js";

/** The bounds of an outbox directory and who warns when they bite. */
export interface BoundOptions {
  maxBytes: number;
  maxAgeMs: number;
  warn?: ((message: string) => void) | undefined;
}

/**
 * Keeps the outbox directory within `maxBytes` and `maxAgeMs`: the oldest
 * segments go first, each one that this outbox holds or can take over (never
 * the one being written, never one a live process holds). Every drop is a
 * warning with the number of events that will not be delivered. Resolves to
 * that number.
 */
export async function enforceBounds(
  directory: string,
  held: Map<string, { ack: number; size: number }>,
  lock: LockContext,
  options: BoundOptions,
  writing: string | undefined,
): Promise<number> {
  const segments: Array<{ name: string; size: number; modified: number }> = [];
  for (const name of (await listDirectory(directory)).filter((entry) => parseSegmentName(entry)).sort(compareSegments)) {
    try {
      const stat = await fs.stat(join(directory, name));
      segments.push({ name, size: stat.size, modified: stat.mtimeMs });
    } catch {
      // removed meanwhile
    }
  }
  let total = segments.reduce((sum, segment) => sum + segment.size, 0);
  let dropped = 0;
  const now = lock.now();
  for (const segment of segments) {
    const tooOld = now - Math.max(segment.modified, parseSegmentName(segment.name)?.startMs ?? 0) > options.maxAgeMs;
    if (total <= options.maxBytes && !tooOld) continue;
    if (segment.name === writing) continue;
    if (!held.has(segment.name) && !(await acquireLock(directory, segment.name, lock))) continue;
    const ack = held.get(segment.name)?.ack ?? (await readAck(directory, segment.name));
    const events = await countLines(directory, segment.name, ack);
    held.delete(segment.name);
    await removeSegment(directory, segment.name);
    total -= segment.size;
    dropped += events;
    const why = tooOld ? `older than ${Math.round(options.maxAgeMs / 86_400_000)} days` : `over ${options.maxBytes} bytes`;
    options.warn?.(`outbox: dropped ${segment.name} (${why}): ${events} event${events === 1 ? "" : "s"} will not be delivered`);
  }
  return dropped;
}
