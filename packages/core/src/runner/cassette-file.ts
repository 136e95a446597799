import { createHash } from "node:crypto";
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { errorMessage, RehearseError } from "../domain/errors.js";
import type { Cassette, CassetteEntry, CassetteStore } from "../models/cassette.js";
import { writeFileAtomic } from "./write-file-atomic.js";

/** A cassette file could not be read, parsed or locked. It is never overwritten. */
export class CassetteFileError extends RehearseError {
  /** The cassette file. */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    // A broken cassette is the user's file to fix, like a broken config file (CLI exit code 2).
    super("invalid_config", `${file}: ${message}`, options);
    this.name = "CassetteFileError";
    this.file = file;
  }
}

/** Options of `createCassetteFileStore`. */
export interface CassetteFileStoreOptions {
  /** Absolute directory of the cassettes (the caller resolves `.rehearse/cassettes`). */
  directory: string;
  /** For tests: how long a lock may live before it counts as stale, and how long to wait for one. */
  _internal?: { staleLockMs?: number; lockTimeoutMs?: number };
}

/** A `CassetteStore` over one JSON file per scenario. */
export interface CassetteFileStore extends CassetteStore {
  /** The cassette file of a scenario (it may not exist yet). */
  pathFor(scenarioId: string): string;
}

/**
 * Cassettes as one human-diffable JSON file per scenario:
 * `<directory>/<cassetteFileName(scenarioId)>`. Saves merge with the file by
 * entry key under a lock file (`<file>.lock`, safe across processes and stale
 * after 30 s), and write atomically (temporary file, then rename).
 *
 * @example
 * ```ts
 * const store = createCassetteFileStore({ directory: resolve(".rehearse/cassettes") });
 * await store.save("checkout", entries);
 * const cassette = await store.load("checkout");
 * ```
 */
export function createCassetteFileStore(options: CassetteFileStoreOptions): CassetteFileStore {
  const staleLockMs = options._internal?.staleLockMs ?? 30_000;
  const lockTimeoutMs = options._internal?.lockTimeoutMs ?? 2 * staleLockMs;
  // Saves to one file from this process queue here instead of spinning on the lock file.
  const queues = new Map<string, Promise<void>>();
  const pathFor = (scenarioId: string): string => join(options.directory, cassetteFileName(scenarioId));

  const merge = async (scenarioId: string, entries: CassetteEntry[]): Promise<void> => {
    const file = pathFor(scenarioId);
    await mkdir(options.directory, { recursive: true });
    await withLock(file, { staleLockMs, lockTimeoutMs }, async () => {
      const byKey = new Map((await readCassette(file))?.entries.map((entry) => [entry.key, entry]));
      for (const entry of entries) byKey.set(entry.key, entry);
      const sorted = [...byKey.values()].sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0));
      await writeFileAtomic(file, formatCassette({ version: 1, scenario: scenarioId, entries: sorted }));
    });
  };

  return {
    pathFor,
    load: (scenarioId) => readCassette(pathFor(scenarioId)),
    save(scenarioId, entries) {
      const file = pathFor(scenarioId);
      const previous = queues.get(file) ?? Promise.resolve();
      const saved = previous.then(() => merge(scenarioId, entries));
      const settled = saved.then(
        () => undefined,
        () => undefined,
      );
      queues.set(file, settled);
      void settled.then(() => {
        if (queues.get(file) === settled) queues.delete(file);
      });
      return saved;
    },
  };
}

/**
 * The file name of a scenario's cassette: the id when it is already a safe,
 * lowercase file name; otherwise a readable slug plus 8 hex digits of the id's
 * hash, so different ids never share a file (also on case-insensitive disks).
 */
export function cassetteFileName(scenarioId: string): string {
  const slug = scenarioId
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "")
    .slice(0, 100);
  if (slug && slug === scenarioId) return `${slug}.json`;
  const digest = createHash("sha256").update(scenarioId).digest("hex").slice(0, 8);
  return `${slug || "scenario"}-${digest}.json`;
}

/** Pretty, stable text: the same cassette always gives the same bytes. */
function formatCassette(cassette: Cassette): string {
  return `${JSON.stringify(cassette, null, 2)}\n`;
}

async function readCassette(file: string): Promise<Cassette | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CassetteFileError(file, `could not read the cassette: ${errorMessage(error)}`, { cause: error });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CassetteFileError(file, `the cassette is not valid JSON (${errorMessage(error)}); fix or delete the file`, {
      cause: error,
    });
  }
  const { z } = await import("zod");
  const schema = z.object({
    version: z.literal(1),
    scenario: z.string(),
    entries: z.array(
      z.object({
        key: z.string(),
        kind: z.enum(["generate", "stream", "function"]),
        model: z.string().optional(),
        occurrence: z.number().int().nonnegative(),
        request: z.unknown(),
        response: z.unknown(),
      }),
    ),
  });
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? ` at ${issue.path.join(".")}` : "";
    throw new CassetteFileError(file, `not a Rehearse cassette${where}: ${issue?.message}; fix or delete the file`);
  }
  return parsed.data as Cassette;
}

async function withLock<T>(
  file: string,
  timing: { staleLockMs: number; lockTimeoutMs: number },
  action: () => Promise<T>,
): Promise<T> {
  const lock = `${file}.lock`;
  const started = Date.now();
  for (;;) {
    try {
      const handle = await open(lock, "wx");
      await handle.writeFile(`${process.pid}\n`).finally(() => handle.close());
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    if (await isStale(lock, timing.staleLockMs)) {
      // A crashed writer left it behind; the open() above retries at once.
      await rm(lock, { force: true });
      continue;
    }
    if (Date.now() - started > timing.lockTimeoutMs) {
      throw new CassetteFileError(file, `timed out waiting for the lock ${lock}; delete it if no run is writing`);
    }
    await sleep(5 + Math.floor(Math.random() * 20));
  }
  try {
    return await action();
  } finally {
    await rm(lock, { force: true });
  }
}

async function isStale(lock: string, staleLockMs: number): Promise<boolean> {
  try {
    return Date.now() - (await stat(lock)).mtimeMs > staleLockMs;
  } catch {
    return false; // Gone already: the next open() wins or waits.
  }
}
