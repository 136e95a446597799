import { randomBytes } from "node:crypto";
import { promises as fs, mkdirSync, openSync, writeFileSync, writev } from "node:fs";
import { join } from "node:path";

/**
 * File names and small files of the outbox directory:
 *
 * - `seg-<host>-<pid>-<startMs>-<n>.jsonl`: a segment, written by one process
 *   only (outbox-line.ts gives the line format);
 * - `<segment>.ack`: the byte offset up to which every line is delivered (or
 *   dead-lettered), replaced by write-temporary-then-rename;
 * - `<segment>.lock`: who holds the segment (`{host, pid, startMs}`), made with
 *   an exclusive create; its holder touches it every 20 s;
 * - `dead-<host>-<pid>-<startMs>.jsonl`: events the server refused, with why.
 */
export const SEGMENT_PATTERN = /^seg-(.+)-(\d+)-(\d+)-(\d+)\.jsonl$/;

/** Who writes or holds segments: one outbox instance of one process. */
export interface OwnerIdentity {
  host: string;
  pid: number;
  startMs: number;
}

/** The host name as it appears in file names (letters, digits, dots and underscores). */
export function fileHost(host: string): string {
  return host.replace(/[^A-Za-z0-9._]/g, "_").slice(0, 64) || "host";
}

/** The name of segment `n` of `owner`. */
export function segmentName(owner: OwnerIdentity, n: number): string {
  return `seg-${fileHost(owner.host)}-${owner.pid}-${owner.startMs}-${n}.jsonl`;
}

/** The owner and number a segment's name carries, or `undefined` for another file. */
export function parseSegmentName(name: string): (OwnerIdentity & { n: number }) | undefined {
  const match = SEGMENT_PATTERN.exec(name);
  if (!match) return undefined;
  return { host: match[1]!, pid: Number(match[2]), startMs: Number(match[3]), n: Number(match[4]) };
}

/** Oldest first: by start time, then number. */
export function compareSegments(a: string, b: string): number {
  const left = parseSegmentName(a);
  const right = parseSegmentName(b);
  if (!left || !right) return a.localeCompare(b);
  return left.startMs - right.startMs || left.n - right.n || a.localeCompare(b);
}

/** The dead-letter file of `owner`. */
export function deadLetterName(owner: OwnerIdentity): string {
  return `dead-${fileHost(owner.host)}-${owner.pid}-${owner.startMs}.jsonl`;
}

/** The acknowledged byte offset of a segment (0 when it has no readable ack file). */
export async function readAck(directory: string, segment: string): Promise<number> {
  try {
    const value = Number((await fs.readFile(join(directory, `${segment}.ack`), "utf8")).trim());
    return Number.isSafeInteger(value) && value >= 0 ? value : 0;
  } catch {
    return 0;
  }
}

/** Records `offset` as the segment's acknowledged offset, atomically (a temporary file, then a rename). */
export async function writeAck(directory: string, segment: string, offset: number): Promise<void> {
  const target = join(directory, `${segment}.ack`);
  const temporary = `${target}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await fs.writeFile(temporary, String(offset), { mode: 0o600 });
    await fs.rename(temporary, target);
  } catch (error) {
    await fs.rm(temporary, { force: true });
    throw error;
  }
}

/** Removes a segment and its ack and lock files. */
export async function removeSegment(directory: string, segment: string): Promise<void> {
  await Promise.all([segment, `${segment}.ack`, `${segment}.lock`].map((name) => fs.rm(join(directory, name), { force: true })));
}

/** The names in `directory`, or none when it does not exist. */
export async function listDirectory(directory: string): Promise<string[]> {
  try {
    return await fs.readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
}

/**
 * Creates this owner's next segment (number `from` or the first free one
 * after it) with its lock taken first, so no adopter ever sees it unlocked;
 * the directory (0700) too. Synchronous: the exit hook may need it.
 */
export function createSegmentSync(
  directory: string,
  owner: OwnerIdentity,
  from: number,
): { name: string; fd: number; number: number } {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  for (let number = from; ; number++) {
    const name = segmentName(owner, number);
    const lock = JSON.stringify({ host: fileHost(owner.host), pid: owner.pid, startMs: owner.startMs });
    try {
      writeFileSync(join(directory, `${name}.lock`), lock, { flag: "wx", mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") continue;
      throw error;
    }
    return { name, fd: openSync(join(directory, name), "wx", 0o600), number };
  }
}

/** Writes all of `chunks` at `position` (positioned: the exit hook may write after them meanwhile). */
export function writeChunksAt(fd: number, chunks: Buffer[], position: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const next = (buffers: Buffer[], at: number) =>
      writev(fd, buffers, at, (error, written) => {
        if (error) return reject(error);
        const total = buffers.reduce((sum, buffer) => sum + buffer.length, 0);
        if (written >= total) return resolve();
        // a short write: continue after what was written
        next([Buffer.concat(buffers).subarray(written)], at + written);
      });
    next(chunks, position);
  });
}
