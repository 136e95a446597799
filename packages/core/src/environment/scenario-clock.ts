import type { Clock } from "../domain/scenario.js";

/**
 * The clock of a run with an environment. Virtual by default (docs/decisions/0014):
 * time stands still except where the rule says it moves —
 *
 * - each call of the agent under test: `latency.agent` seconds (default 1);
 * - each environment tool call: the tool's `latency`, else `latency.tool` (default 0.1);
 * - `wait` steps: their `duration`; a step's `timestamp`: forward to it (never back);
 * - injected latency: a `timeout` fault's `timeout_seconds`, `high_latency`'s `latency_seconds`;
 * - a concurrency burst: its `duration_seconds`.
 *
 * Simulated users, judges and the harness's own work take no virtual time;
 * model retries wait in real time (a provider's rate limit is real). So a
 * "60 s" stress scenario finishes in milliseconds and repeats exactly. With
 * `clock: "real"` the same calls take the time they take and `advance` really waits.
 */
export interface ScenarioClock extends Clock {
  readonly mode: "virtual" | "real";
  /** Seconds since the run started. */
  elapsed(): number;
  /** Moves time forward by `seconds` (real mode: waits that long). */
  advance(seconds: number, signal?: AbortSignal): Promise<void>;
  /** Moves time forward to `seconds` since the start, if it is not there yet. */
  advanceTo(seconds: number, signal?: AbortSignal): Promise<void>;
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
}

/**
 * A virtual clock starting at `start` (milliseconds since the epoch, default
 * the real time now, so event timestamps stay meaningful in dashboards).
 *
 * @example
 * const clock = virtualClock();
 * await clock.advance(60); // returns at once; clock.elapsed() === 60
 */
export function virtualClock(start = Date.now()): ScenarioClock {
  let now = start;
  const advanceBy = (milliseconds: number, signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    if (milliseconds > 0) now += milliseconds;
    return Promise.resolve();
  };
  return {
    mode: "virtual",
    now: () => now,
    elapsed: () => (now - start) / 1000,
    advance: (seconds, signal) => advanceBy(seconds * 1000, signal),
    advanceTo: (seconds, signal) => advanceBy(start + seconds * 1000 - now, signal),
    sleep: (milliseconds, signal) => advanceBy(milliseconds, signal),
  };
}

/**
 * A clock over real time: `now` is `base.now()`, `advance` waits on a timer
 * (cancelled by `signal`).
 *
 * @example
 * const clock = realClock({ now: () => Date.now() });
 */
export function realClock(base: Clock): ScenarioClock {
  const start = base.now();
  const wait = (milliseconds: number, signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    if (milliseconds <= 0) return Promise.resolve();
    if (base.sleep) return base.sleep(milliseconds, signal);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(done, milliseconds);
      function done() {
        signal?.removeEventListener("abort", abort);
        resolve();
      }
      function abort() {
        clearTimeout(timer);
        reject(signal?.reason);
      }
      signal?.addEventListener("abort", abort, { once: true });
    });
  };
  return {
    mode: "real",
    now: () => base.now(),
    elapsed: () => (base.now() - start) / 1000,
    advance: (seconds, signal) => wait(seconds * 1000, signal),
    advanceTo: (seconds, signal) => wait(start + seconds * 1000 - base.now(), signal),
    sleep: wait,
  };
}
