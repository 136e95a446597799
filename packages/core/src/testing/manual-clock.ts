import type { Clock } from "../domain/scenario.js";

/** A clock that moves only when told; `sleep` advances it at once and records the wait. */
export interface ManualClock extends Clock {
  advance(milliseconds: number): void;
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
  /** Every `sleep` asked for, in milliseconds, in order. */
  readonly sleeps: readonly number[];
}

/** A manual clock starting at `start` ms (default 0). */
export function manualClock(start = 0): ManualClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    advance(milliseconds) {
      now += milliseconds;
    },
    async sleep(milliseconds, signal) {
      signal?.throwIfAborted();
      sleeps.push(milliseconds);
      now += milliseconds;
    },
  };
}
