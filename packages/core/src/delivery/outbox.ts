import { closeSync, fdatasync, promises as fs, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { MemoryTail } from "./memory-tail.js";
import { enforceBounds } from "./outbox-bounds.js";
import { type PackedLines, packLines, prepareLines } from "./outbox-line.js";
import {
  compareSegments,
  createSegmentSync,
  listDirectory,
  type OwnerIdentity,
  parseSegmentName,
  readAck,
  removeSegment,
  writeAck,
  writeChunksAt,
} from "./segment-files.js";
import { acquireLock, type LockContext, processAlive, releaseLock, touchLocks } from "./segment-lock.js";
import { countLines, type PendingLine, type ReadLimits, readSegment, type SegmentRead } from "./segment-reader.js";

/**
 * When appended lines reach the disk: `batch` writes and fdatasyncs every 50 ms
 * or 100 events (group commit); `always` on the next turn of the event loop,
 * without waiting (what one turn appended shares the sync); `off` writes on
 * the same schedule as `batch` and never syncs (the OS decides).
 */
export type FsyncMode = "batch" | "always" | "off";

/** Settings of an outbox; only `directory` is required. */
export interface OutboxOptions {
  directory: string;
  fsync?: FsyncMode;
  /** A segment is closed and a new one begun past this size (8 MiB). */
  segmentBytes?: number;
  /** All segments together; past it the oldest are dropped with a warning (256 MiB). */
  maxBytes?: number;
  /** Segments older than this are dropped with a warning (7 days). */
  maxAgeMs?: number;
  /** A lock untouched this long is free to take over (60 s). */
  staleMs?: number;
  /** Appends wait at most this long for their write (50 ms)… */
  flushIntervalMs?: number;
  /** …or until this many are buffered (100). */
  flushEvents?: number;
  /** The `.ack` files are rewritten at most this often (200 ms), and on close. */
  ackIntervalMs?: number;
  /** Take over segments of other outbox instances of this process (vitest's global teardown). */
  claimOwnProcess?: boolean;
  /** Warnings (dropped segments, corrupt lines, failed writes); never payload bytes. */
  warn?: (message: string) => void;
  /** Called after lines reached the file (the sender's cue). */
  onWritten?: () => void;
  /**
   * Rewrites each event's JSON after `append` and before it is packed for the
   * write (the reporter's redaction), in append order, off the caller's path;
   * the result must still start `{"eventId":"`. When it throws, the event is
   * dropped with a warning: what could not be rewritten is never written.
   */
  prepare?: (json: string) => string;
  /** Seams for tests. */
  _internal?: { now?: () => number; host?: string; pid?: number; isAlive?: (pid: number) => boolean };
}

/** A segment this outbox reads from: its own, or one it adopted. */
interface HeldSegment {
  name: string;
  ack: number;
  /** Bytes that can be read (for the segment being written: the bytes whose write completed). */
  size: number;
  /** No more lines will be added. */
  closed: boolean;
  /** What the `.ack` file says, and when it was written (at most every `ackIntervalMs`, and on close). */
  ackWritten?: number;
  ackWrittenAt?: number;
  /** This process's own written lines, kept for the sender (absent for adopted segments, or after an outage filled it). */
  memory?: MemoryTail | undefined;
}

/** The segment being written. */
interface OpenSegment {
  held: HeldSegment;
  fd: number;
  /** Where the next write goes (ahead of `held.size` while a write is in flight). */
  position: number;
}

/** What an outbox counted since it opened. */
export interface OutboxCounters {
  appended: number;
  corrupt: number;
  dropped: number;
  adopted: number;
}

/**
 * The durable outbox of the HTTP reporter (docs/decisions/0025): events are
 * appended as lines to this process's own segment file, then read back by the
 * sender and acknowledged by byte offset. `append` only buffers (no I/O on the
 * caller's path); the buffer is written every 50 ms or 100 events, and
 * synchronously when the process exits. Segments of processes that died are
 * adopted (their lock taken over) and sent too. Nothing here touches the network.
 */
export class Outbox {
  readonly directory: string;
  readonly owner: OwnerIdentity;
  readonly counters: OutboxCounters = { appended: 0, corrupt: 0, dropped: 0, adopted: 0 };
  private readonly options: Required<Omit<OutboxOptions, "_internal" | "onWritten" | "warn" | "claimOwnProcess" | "prepare">>;
  private readonly lock: LockContext;
  private readonly held = new Map<string, HeldSegment>();
  /** Events taken and not packed yet, then packed and not written yet. */
  private buffer: string[] = [];
  private packed: PackedLines[] = [];
  private current: OpenSegment | undefined;
  private nextNumber = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private writing: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly onExit = () => this.writeSync();

  constructor(private readonly settings: OutboxOptions) {
    const now = settings._internal?.now ?? Date.now;
    this.directory = settings.directory;
    this.owner = { host: settings._internal?.host ?? hostname(), pid: settings._internal?.pid ?? process.pid, startMs: now() };
    this.options = {
      directory: settings.directory,
      fsync: settings.fsync ?? "batch",
      segmentBytes: settings.segmentBytes ?? 8 * 1024 * 1024,
      maxBytes: settings.maxBytes ?? 256 * 1024 * 1024,
      maxAgeMs: settings.maxAgeMs ?? 7 * 24 * 3_600_000,
      staleMs: settings.staleMs ?? 60_000,
      flushIntervalMs: settings.flushIntervalMs ?? 50,
      flushEvents: settings.flushEvents ?? 100,
      ackIntervalMs: settings.ackIntervalMs ?? 200,
    };
    this.lock = {
      owner: this.owner,
      isAlive: settings._internal?.isAlive ?? processAlive,
      now,
      staleMs: this.options.staleMs,
      claimsOwnProcess: settings.claimOwnProcess === true,
    };
  }

  /**
   * Buffers one event's JSON (starting `{"eventId":"`) for the next write: no
   * I/O here. Returns false once the outbox is closed.
   */
  append(json: string): boolean {
    if (this.closed) return false;
    this.buffer.push(json);
    this.counters.appended++;
    if (this.buffer.length === 1) {
      if (!this.heartbeat) this.start();
      this.timer = setTimeout(() => void this.flush(), this.options.fsync === "always" ? 0 : this.options.flushIntervalMs);
    } else if (this.buffer.length === this.options.flushEvents) {
      clearTimeout(this.timer);
      setImmediate(() => void this.flush());
    }
    return true;
  }

  /** Writes what is buffered (and fdatasyncs it unless `fsync: "off"`); resolves once it is on disk. */
  flush(): Promise<void> {
    this.writing = this.writing.then(() => this.writeBuffered());
    return this.writing;
  }

  /**
   * The next lines to send: oldest segment first, from each one's acknowledged
   * offset, at most `maxEvents` events and `maxBytes` bytes.
   */
  async read(limits: ReadLimits): Promise<PendingLine[]> {
    const lines: PendingLine[] = [];
    let events = 0;
    let bytes = 0;
    for (const segment of [...this.held.values()].sort((a, b) => compareSegments(a.name, b.name))) {
      if (events >= limits.maxEvents || bytes >= limits.maxBytes) break;
      if (segment.ack >= segment.size) continue;
      const left = { maxEvents: limits.maxEvents - events, maxBytes: Math.max(1, limits.maxBytes - bytes) };
      let read: SegmentRead;
      if (segment.memory) {
        read = { lines: [], bytes: 0 };
        segment.memory.read(segment.name, segment.ack, left, read);
      } else {
        const range = { from: segment.ack, to: segment.size, complete: segment.closed };
        read = await readSegment(this.directory, segment.name, range, left);
      }
      lines.push(...read.lines);
      bytes += read.bytes;
      events += read.lines.filter((line) => line.json !== undefined).length;
    }
    return lines;
  }

  /** Records `lines` (a prefix of what `read` returned) as done; removes segments that are closed and fully done. */
  async acknowledge(lines: readonly PendingLine[]): Promise<void> {
    const ends = new Map<string, number>();
    for (const line of lines) ends.set(line.segment, Math.max(ends.get(line.segment) ?? 0, line.end));
    for (const [name, end] of ends) {
      const segment = this.held.get(name);
      if (!segment || end <= segment.ack) continue;
      const corrupt = lines.filter((line) => line.segment === name && line.json === undefined).length;
      if (corrupt > 0) {
        this.counters.corrupt += corrupt;
        this.settings.warn?.(`outbox: skipped ${corrupt} corrupt or torn line${corrupt === 1 ? "" : "s"} in ${name}`);
      }
      segment.ack = end;
      segment.memory?.drop(end);
      if (segment.closed && end >= segment.size) {
        this.held.delete(name);
        await removeSegment(this.directory, name);
      } else if (this.lock.now() - (segment.ackWrittenAt ?? 0) >= this.options.ackIntervalMs) await this.saveAck(segment);
    }
  }

  /** Records a segment's acknowledged offset in its `.ack` file (a lagging one only means duplicates after a crash). */
  private async saveAck(segment: HeldSegment): Promise<void> {
    if (segment.ack === segment.ackWritten) return;
    segment.ackWrittenAt = this.lock.now();
    segment.ackWritten = segment.ack;
    await writeAck(this.directory, segment.name, segment.ack);
  }

  /** Events written or buffered and not acknowledged yet, in the segments this outbox holds. */
  async pendingEvents(): Promise<number> {
    let count = this.buffer.length + this.packed.reduce((sum, lines) => sum + lines.ends.length, 0);
    for (const segment of this.held.values()) {
      if (segment.ack < segment.size) count += await countLines(this.directory, segment.name, segment.ack);
    }
    return count;
  }

  /**
   * Takes over the segments nobody holds: those of processes that ended (a
   * closed outbox gives its locks up) or died (their lock is stale). Resolves
   * to how many were adopted; also drops segments beyond the size and age bounds.
   */
  async adopt(): Promise<number> {
    let adopted = 0;
    const names = await listDirectory(this.directory);
    // a stale lock is renamed, then removed: a claimant that died in between leaves the renamed file
    for (const name of names.filter((entry) => entry.endsWith(".stale")))
      await fs.rm(join(this.directory, name), { force: true });
    for (const name of names.filter((entry) => parseSegmentName(entry)).sort(compareSegments)) {
      if (this.held.has(name) || !(await acquireLock(this.directory, name, this.lock))) continue;
      let size: number;
      try {
        size = (await fs.stat(join(this.directory, name))).size;
      } catch {
        await releaseLock(this.directory, name);
        continue;
      }
      const ack = await readAck(this.directory, name);
      if (ack >= size) {
        await removeSegment(this.directory, name);
        continue;
      }
      this.held.set(name, { name, ack, size, closed: true, ackWritten: ack });
      adopted++;
    }
    this.counters.adopted += adopted;
    await this.bound();
    if (adopted > 0) this.settings.onWritten?.();
    return adopted;
  }

  /** Stops taking events, writes and syncs the buffer, and gives every lock up: what is left stays for the next process. */
  async close(): Promise<void> {
    if (this.closed) return this.writing;
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.heartbeat);
    process.off("exit", this.onExit);
    await this.flush();
    const current = this.current;
    if (current) {
      this.current = undefined;
      current.held.closed = true;
      closeSync(current.fd);
    }
    for (const segment of this.held.values()) {
      if (segment.ack >= segment.size && segment.closed) await removeSegment(this.directory, segment.name);
      else {
        await this.saveAck(segment);
        await releaseLock(this.directory, segment.name);
      }
    }
    this.held.clear();
  }

  /** The first append: the exit hook (a last synchronous write) and the heartbeat that keeps the locks fresh. */
  private start(): void {
    process.on("exit", this.onExit);
    this.heartbeat = setInterval(() => {
      void touchLocks(this.directory, [...this.held.keys()], new Date());
      for (const segment of this.held.values()) void this.saveAck(segment).catch(() => {});
    }, 20_000);
    this.heartbeat.unref();
  }

  private async writeBuffered(): Promise<void> {
    clearTimeout(this.timer);
    this.pack();
    if (this.packed.length === 0) return;
    const chunks = this.packed;
    this.packed = [];
    let segment: OpenSegment;
    try {
      segment = this.openSegment();
    } catch (error) {
      this.settings.warn?.(`outbox: cannot write to ${this.directory}: ${(error as Error).message}; events are lost`);
      return;
    }
    const at = segment.position;
    const length = chunks.reduce((sum, lines) => sum + lines.bytes.length, 0);
    segment.position += length;
    try {
      await writeChunksAt(
        segment.fd,
        chunks.map((lines) => lines.bytes),
        at,
      );
      if (this.options.fsync !== "off") await new Promise<void>((resolve) => fdatasync(segment.fd, () => resolve()));
    } catch (error) {
      this.settings.warn?.(`outbox: writing ${segment.held.name} failed: ${(error as Error).message}`);
      return;
    }
    const held = segment.held;
    let base = at;
    for (const lines of chunks) {
      // past the cap (a long outage) the sender reads the file instead
      if (held.memory && !held.memory.add(base, lines)) held.memory = undefined;
      base += lines.bytes.length;
    }
    held.size = Math.max(held.size, at + length);
    if (segment.position >= this.options.segmentBytes) await this.rotate(segment);
    this.settings.onWritten?.();
  }

  /** Packs the events taken since the last pack into one buffer of lines (each rewritten by `prepare` first). */
  private pack(): void {
    if (this.buffer.length === 0) return;
    const { prepare, warn } = this.settings;
    const lines = prepare ? prepareLines(this.buffer, prepare, warn) : this.buffer;
    this.buffer = [];
    if (lines.length > 0) this.packed.push(packLines(lines));
  }

  /** The segment being written, made (with its lock) on first need. Synchronous: it may run in the exit hook. */
  private openSegment(): OpenSegment {
    if (this.current) return this.current;
    const { name, fd, number } = createSegmentSync(this.directory, this.owner, this.nextNumber);
    this.nextNumber = number + 1;
    const held: HeldSegment = { name, ack: 0, size: 0, closed: false, memory: new MemoryTail(32 * 1024 * 1024) };
    this.held.set(name, held);
    this.current = { held, fd, position: 0 };
    return this.current;
  }

  private async rotate(segment: OpenSegment): Promise<void> {
    this.current = undefined;
    segment.held.closed = true;
    closeSync(segment.fd);
    if (segment.held.ack >= segment.held.size) {
      this.held.delete(segment.held.name);
      await removeSegment(this.directory, segment.held.name);
    }
    await this.bound();
  }

  private async bound(): Promise<void> {
    const bounds = { maxBytes: this.options.maxBytes, maxAgeMs: this.options.maxAgeMs, warn: this.settings.warn };
    const dropped = await enforceBounds(this.directory, this.held, this.lock, bounds, this.current?.held.name);
    this.counters.dropped += dropped;
  }

  /** The exit hook: the last buffered lines, written synchronously (no fsync: the OS still writes them). */
  private writeSync(): void {
    this.pack();
    if (this.packed.length === 0) return;
    try {
      const segment = this.openSegment();
      for (const lines of this.packed.splice(0)) {
        writeSync(segment.fd, lines.bytes, 0, lines.bytes.length, segment.position);
        segment.position += lines.bytes.length;
      }
    } catch {
      // the process is exiting: nothing is left to tell
    }
  }
}
