import type { Clock } from "../domain/scenario.js";

/** A clock that moves only when told. */
export interface ManualClock extends Clock {
  advance(milliseconds: number): void;
}

/** A manual clock starting at `start` ms (default 0). */
export function manualClock(start = 0): ManualClock {
  let now = start;
  return {
    now: () => now,
    advance(milliseconds) {
      now += milliseconds;
    },
  };
}
