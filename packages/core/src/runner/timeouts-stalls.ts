import { setMaxListeners } from "node:events";
import { RunStalledError } from "../domain/errors.js";
import type { ScenarioResult } from "../domain/result.js";
import type { Timeouts } from "../domain/timeouts.js";

/** The part of `process` the stall watch listens on (a port, so tests can fire it). */
export interface ExitEvents {
  on(event: "beforeExit", listener: () => void): unknown;
  off(event: "beforeExit", listener: () => void): unknown;
}

/** True when no real-time limit bounds a run: nothing would keep Node alive while its agent hangs. */
export function unbounded(timeouts: Required<Timeouts>): boolean {
  return !(timeouts.agentCallMs > 0) && !(timeouts.scenarioMs > 0);
}

/**
 * One run with every time limit off, while it is in flight: the signal to
 * run it with, and whether the process stalled on it.
 */
export interface UnboundedRun {
  /** The caller's signal (if any) joined with the stall watch's. */
  readonly signal: AbortSignal;
  /** The error naming this run's scenario when the process stalled while it ran; else undefined. */
  stalled(): RunStalledError | undefined;
  /** The run settled: stop counting it. */
  finish(): void;
}

/**
 * Ends the runs of a context that can never finish (decision 0021). A run
 * with its time limits on always has the context's deadline timer pending,
 * so Node stays alive until the limit ends it. A run with every limit off
 * whose agent (tool, step) never settles leaves Node nothing to wait for: it
 * emits `beforeExit` and then exits 13 with no output. While such runs are in
 * flight, this listens for `beforeExit` (one listener per context, removed
 * when the last of them settles) and aborts their signal with a
 * `RunStalledError`; the engine's watchdog ends each of them `error` and the
 * caller's promise settles, with the rest of a batch as it was.
 *
 * Runs with a limit cost nothing here: `watch` returns undefined for them.
 */
export class StalledRuns {
  private readonly running = new Map<UnboundedRun, string>();
  private controller: AbortController | undefined;

  constructor(private readonly events: ExitEvents) {}

  /** Starts watching a run when no limit bounds it; undefined (nothing to do) when one does. */
  watch(scenario: string, timeouts: Required<Timeouts>, signal: AbortSignal | undefined): UnboundedRun | undefined {
    if (!unbounded(timeouts)) return undefined;
    if (!this.controller) {
      this.controller = new AbortController();
      // every unbounded run in flight (its watchdog) listens on it: no leak warning past 10
      setMaxListeners(0, this.controller.signal);
    }
    if (this.running.size === 0) this.events.on("beforeExit", this.onStall);
    const stall = this.controller.signal;
    const joined = signal ? AbortSignal.any([signal, stall]) : stall;
    const run: UnboundedRun = {
      signal: joined,
      stalled: () => {
        const reason: unknown = stall.reason;
        if (!stall.aborted || signal?.aborted || !(reason instanceof RunStalledError)) return undefined;
        return new RunStalledError([scenario]);
      },
      finish: () => {
        if (!this.running.delete(run)) return;
        if (this.running.size === 0) this.events.off("beforeExit", this.onStall);
      },
    };
    this.running.set(run, scenario);
    return run;
  }

  /** Node found nothing left to wait for: end every unbounded run in flight (later runs get a fresh signal). */
  private readonly onStall = (): void => {
    const controller = this.controller;
    if (!controller || this.running.size === 0) return;
    this.controller = undefined;
    controller.abort(new RunStalledError([...new Set(this.running.values())]));
    // Node emits beforeExit again only if something is pending after it: the runs ended here may lead to
    // the next scenario of a batch, which may stall too; one more turn of the loop lets it be seen
    setImmediate(keepAliveOneTurn);
  };
}

/**
 * When the stall watch ended `run`: its result becomes the run's own error
 * (`run_stalled`, naming this run's scenario and the limits to turn back on;
 * the engine's events carry the stall watch's error, which names every run
 * it ended at once), and that error, with the
 * result attached, is returned for `run()` to reject with.
 */
export function stalledResult(run: UnboundedRun, result: ScenarioResult): RunStalledError | undefined {
  const error = run.stalled();
  // the engine ends the run with the stall watch's error as its reason (`run_stalled`, naming every run
  // ended at once); the result names this run's scenario only
  if (!error || (result.errorCode !== "run_stalled" && result.errorCode !== "aborted")) return undefined;
  error.result = result;
  const previous = result.error;
  result.errorCode = error.code;
  result.error = error.message;
  const reasoning = result.reasoning ?? "";
  result.reasoning =
    previous && reasoning.includes(previous)
      ? reasoning.replace(previous, error.message)
      : `Scenario failed with error: ${error.message}`;
  return error;
}

/** Nothing to do: an immediate that makes Node look again after the stalled runs ended. */
function keepAliveOneTurn(): void {}
