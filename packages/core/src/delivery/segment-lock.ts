import { promises as fs } from "node:fs";
import { join } from "node:path";
import { fileHost, type OwnerIdentity } from "./segment-files.js";

/** How a lock's holder is judged: alive on this host, and how old a lock may get untouched. */
export interface LockContext {
  owner: OwnerIdentity;
  /** True when `pid` is a live process on this host. */
  isAlive(pid: number): boolean;
  now(): number;
  /** A lock untouched this long is stale whoever holds it (default 60 000 ms). */
  staleMs: number;
  /**
   * Locks of other outbox instances of this same process count as stale:
   * vitest's global teardown sets it, since the worker threads that wrote
   * them (same pid) are done by then.
   */
  claimsOwnProcess?: boolean;
}

/** True when process `pid` exists (a process of another user counts as alive). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock of `segment` with an exclusive create. A lock that exists is
 * taken over when it is stale: its holder is a dead process of this host, or
 * it was not touched for `staleMs` (a holder on another host, a reused pid).
 * The takeover renames the stale lock first, so of two claimants only one
 * wins. Resolves to whether the lock is now ours.
 */
export async function acquireLock(directory: string, segment: string, context: LockContext): Promise<boolean> {
  const path = join(directory, `${segment}.lock`);
  if (await create(path, context.owner)) return true;
  if (!(await isStale(path, context))) return false;
  const moved = `${path}.${context.owner.pid}.${context.owner.startMs}.stale`;
  try {
    await fs.rename(path, moved);
  } catch {
    return false;
  }
  await fs.rm(moved, { force: true });
  return create(path, context.owner);
}

/** Who holds the lock of `segment`, and whether they count as alive; `undefined` when nobody holds it. */
export async function lockHolder(
  directory: string,
  segment: string,
  context: LockContext,
): Promise<{ holder: Partial<OwnerIdentity>; alive: boolean } | undefined> {
  const path = join(directory, `${segment}.lock`);
  try {
    const holder = JSON.parse(await fs.readFile(path, "utf8")) as Partial<OwnerIdentity>;
    return { holder, alive: !(await isStale(path, context)) };
  } catch {
    return undefined;
  }
}

/** Marks the locks as alive (their modification time), so no other process takes them over. */
export async function touchLocks(directory: string, segments: readonly string[], now: Date): Promise<void> {
  await Promise.all(segments.map((segment) => fs.utimes(join(directory, `${segment}.lock`), now, now).catch(() => {})));
}

/** Gives the lock of `segment` up. */
export async function releaseLock(directory: string, segment: string): Promise<void> {
  await fs.rm(join(directory, `${segment}.lock`), { force: true });
}

async function create(path: string, owner: OwnerIdentity): Promise<boolean> {
  try {
    const handle = await fs.open(path, "wx", 0o600);
    try {
      await handle.writeFile(JSON.stringify({ host: fileHost(owner.host), pid: owner.pid, startMs: owner.startMs }));
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
}

async function isStale(path: string, context: LockContext): Promise<boolean> {
  let modified: number;
  let text: string;
  try {
    modified = (await fs.stat(path)).mtimeMs;
    text = await fs.readFile(path, "utf8");
  } catch {
    return true;
  }
  if (context.now() - modified > context.staleMs) return true;
  let holder: Partial<OwnerIdentity>;
  try {
    holder = JSON.parse(text) as Partial<OwnerIdentity>;
  } catch {
    // being written by its creator right now, or garbage: only age decides
    return false;
  }
  if (holder.host !== fileHost(context.owner.host) || typeof holder.pid !== "number") return false;
  if (holder.pid === context.owner.pid) return holder.startMs !== context.owner.startMs && context.claimsOwnProcess === true;
  return !context.isAlive(holder.pid);
}
