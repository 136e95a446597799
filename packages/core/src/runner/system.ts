import type { Clock, IdGenerator } from "../domain/scenario.js";
import type { Timer } from "../domain/timeouts.js";

/** The wall clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (milliseconds, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, milliseconds);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/** Milliseconds from `performance.now()`: monotonic, what load figures are measured with. */
export const monotonicNow = (): number => performance.now();

/**
 * Real-time timers on `setTimeout` and `performance.now()`. The timers are
 * not unref'd on purpose: a pending limit keeps the process alive, so a run
 * whose agent never settles ends with a timeout instead of Node's silent exit 13.
 */
export const systemTimer: Timer = {
  now: () => performance.now(),
  after: (milliseconds, callback) => {
    // whole milliseconds: Node keeps one list per duration, so runs started together share one
    const handle = setTimeout(callback, Math.ceil(milliseconds));
    return () => clearTimeout(handle);
  },
};

/**
 * Ids shaped like the reference's (`scenariorun_…`): a time part that sorts
 * by creation, a random part drawn once per generator (so two processes never
 * collide), then a counter. Making an id costs no system call.
 */
export function createRandomIds(): IdGenerator {
  const salt = randomBytes(6).toString("hex");
  let counter = 0;
  return {
    // joined, not a template: one flat 57-byte string instead of a 150-byte chain of pieces (every run holds two)
    next: (prefix) => [prefix, "_", Date.now().toString(36), salt, (counter++).toString(36)].join(""),
  };
}

/** Ids `prefix_1`, `prefix_2`, … — reproducible, for tests and replays. */
export function createSequentialIds(start = 1): IdGenerator {
  let counter = start;
  return { next: (prefix) => `${prefix}_${counter++}` };
}

/** Draws random 32-bit seeds from a buffer refilled 1 024 seeds at a time. */
export function createSeedSource(): () => number {
  let pool = randomBytes(0);
  let offset = 0;
  return () => {
    if (offset + 4 > pool.length) {
      pool = randomBytes(4096);
      offset = 0;
    }
    const seed = pool.readUInt32BE(offset);
    offset += 4;
    return seed;
  };
}

/** `node:crypto`'s `randomBytes`, loaded on the first draw rather than with the package (import cost, decision 0022). */
function randomBytes(size: number): Buffer {
  return process.getBuiltinModule("node:crypto").randomBytes(size);
}
