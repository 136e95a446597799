import { promises as fs } from "node:fs";
import { join } from "node:path";
import { checkedJson } from "./outbox-line.js";

/** One line to send: an event's JSON bytes, or (without `json`) a corrupt line to step over. */
export interface PendingLine {
  segment: string;
  /** The byte offset just after the line: acknowledging the line records it. */
  end: number;
  json?: Buffer;
}

/** What one read of a segment found. */
export interface SegmentRead {
  lines: PendingLine[];
  /** Bytes of the events in `lines`. */
  bytes: number;
}

/** How much one read may take. */
export interface ReadLimits {
  maxEvents: number;
  maxBytes: number;
}

const newline = 0x0a;

/**
 * Reads lines of `segment` from byte `from` up to byte `to`, at most
 * `maxEvents` events and `maxBytes` bytes of them (an event larger than
 * `maxBytes` is read alone). Lines that fail their checksum are returned
 * without `json`, so acknowledging past them skips them. With `complete` (the
 * segment is closed or its writer is gone) bytes after the last newline are a
 * torn line, stepped over too; otherwise they are left for the next read.
 */
export async function readSegment(
  directory: string,
  segment: string,
  range: { from: number; to: number; complete: boolean },
  limits: ReadLimits,
): Promise<SegmentRead> {
  const result: SegmentRead = { lines: [], bytes: 0 };
  if (range.to <= range.from) return result;
  const handle = await fs.open(join(directory, segment), "r");
  try {
    let window = Math.min(range.to - range.from, Math.max(limits.maxBytes * 2, 64 * 1024));
    for (;;) {
      const buffer = Buffer.allocUnsafe(window);
      const { bytesRead } = await handle.read(buffer, 0, window, range.from);
      const read = collect(buffer.subarray(0, bytesRead), segment, range.from, limits, result);
      const atEnd = range.from + bytesRead >= range.to;
      if (read.consumed === 0 && !atEnd) {
        // one line longer than the window: read more
        window = Math.min(range.to - range.from, window * 2);
        continue;
      }
      // a torn last line: the writer died mid-line
      if (range.complete && atEnd && !read.full && read.consumed < bytesRead)
        result.lines.push({ segment, end: range.from + bytesRead });
      break;
    }
  } finally {
    await handle.close();
  }
  return result;
}

/** Takes the complete lines of `bytes` into `result`; `consumed` bytes were used, `full` when a limit stopped it. */
function collect(bytes: Buffer, segment: string, base: number, limits: ReadLimits, result: SegmentRead) {
  let start = 0;
  let events = 0;
  for (;;) {
    const end = bytes.indexOf(newline, start);
    if (end < 0) return { consumed: start, full: false };
    if (events > 0 && (events >= limits.maxEvents || result.bytes + end - start > limits.maxBytes))
      return { consumed: start, full: true };
    const json = checkedJson(bytes, start, end);
    if (json) {
      result.lines.push({ segment, end: base + end + 1, json });
      result.bytes += json.length + 1;
      events++;
    } else result.lines.push({ segment, end: base + end + 1 });
    start = end + 1;
  }
}

/** How many complete lines `segment` holds after byte `from` (an undelivered-events count for status and warnings). */
export async function countLines(directory: string, segment: string, from: number): Promise<number> {
  try {
    const bytes = await fs.readFile(join(directory, segment));
    let count = 0;
    for (let index = bytes.indexOf(newline, from); index >= 0; index = bytes.indexOf(newline, index + 1)) count++;
    return count;
  } catch {
    return 0;
  }
}
