import { CRC_WIDTH, type PackedLines } from "./outbox-line.js";
import type { PendingLine, ReadLimits, SegmentRead } from "./segment-reader.js";

/**
 * The written, unacknowledged lines of a segment this process wrote, kept in
 * memory as the very buffers that went to the file, so the sender posts them
 * without reading the file back. Bounded: past `capBytes` (a long outage) the
 * caller drops it and reads the file instead.
 */
export class MemoryTail {
  private chunks: Array<{ base: number; lines: PackedLines }> = [];
  private held = 0;

  constructor(private readonly capBytes: number) {}

  /** Adds lines written at byte `base`; false when the tail is now over its cap. */
  add(base: number, lines: PackedLines): boolean {
    this.chunks.push({ base, lines });
    this.held += lines.bytes.length;
    return this.held <= this.capBytes;
  }

  /** Lines ending after `from`, within `limits`, into `result` (as `readSegment` would return them). */
  read(segment: string, from: number, limits: ReadLimits, result: SegmentRead): void {
    let events = 0;
    for (const { base, lines } of this.chunks) {
      const { ends } = lines;
      if (base + (ends.at(-1) ?? 0) <= from) continue;
      // the first line ending after `from`: a chunk may hold thousands (everything taken during an outage)
      let index = firstAfter(ends, from - base);
      let start = index === 0 ? 0 : ends[index - 1]!;
      for (; index < ends.length; index++) {
        const end = ends[index]!;
        const length = end - 1 - start - CRC_WIDTH;
        if (events > 0 && (events >= limits.maxEvents || result.bytes + length > limits.maxBytes)) return;
        const json: PendingLine["json"] = lines.bytes.subarray(start + CRC_WIDTH, end - 1);
        result.lines.push({ segment, end: base + end, json });
        result.bytes += length + 1;
        events++;
        start = end;
      }
    }
  }

  /** Forgets the chunks wholly before `offset` (acknowledged). */
  drop(offset: number): void {
    let index = 0;
    while (index < this.chunks.length && this.chunks[index]!.base + this.chunks[index]!.lines.bytes.length <= offset) {
      this.held -= this.chunks[index]!.lines.bytes.length;
      index++;
    }
    if (index > 0) this.chunks = this.chunks.slice(index);
  }
}

/** The index of the first value of the ascending `values` greater than `limit` (`values.length` when none is). */
function firstAfter(values: readonly number[], limit: number): number {
  let low = 0;
  let high = values.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (values[middle]! > limit) high = middle;
    else low = middle + 1;
  }
  return low;
}
