import type { Timer } from "../domain/timeouts.js";

/** Something with deadlines the ticker looks at: one run's watchdog. */
export interface DeadlineWatch {
  /**
   * Looks at the deadlines at `now` (ending the run if one has passed) and
   * says when to look next: a time on the ticker's clock, or `Infinity` for never.
   */
  check(now: number): number;
}

/**
 * Due times are rounded up to a multiple of this many milliseconds on the
 * timer's clock, so that deadlines close together share one tick. A limit
 * therefore ends a run no earlier than its deadline and at most this much
 * (plus the event loop's own delay) after it.
 */
export const tickGranularityMs = 10;

/**
 * One timer for the time limits of many runs (decision 0021): the runs of a
 * context register their watchdog while they run, and the ticker keeps a
 * single timer armed for the earliest time one of them asked to be looked at.
 * When it fires it looks at every registered run and re-arms for the next;
 * once the last run is gone the timer is cleared, so nothing keeps the
 * process alive for it. While a run is registered the timer is deliberately
 * not unref'd: it is what ends a run whose agent never settles.
 *
 * Not a module global: the runner makes one per context; an execution built
 * without one gets a ticker of its own.
 */
export class DeadlineTicker {
  private watches: Set<DeadlineWatch> | undefined;
  /** When the armed timer fires (a multiple of the granularity); Infinity when none is armed. */
  private armedFor = Number.POSITIVE_INFINITY;
  private cancel: (() => void) | undefined;

  constructor(private readonly timer: Timer) {}

  /** The timer's clock. */
  now(): number {
    return this.timer.now();
  }

  /** True while a timer is armed (some run with a limit is registered). */
  get armed(): boolean {
    return this.cancel !== undefined;
  }

  /** Registers `watch`, to be looked at by `due` (it says when next at each look). */
  watch(watch: DeadlineWatch, due: number): void {
    this.watches ??= new Set();
    this.watches.add(watch);
    this.arm(due);
  }

  /** Forgets `watch`; the timer is cleared once no run is left. */
  unwatch(watch: DeadlineWatch): void {
    const watches = this.watches;
    if (!watches?.delete(watch) || watches.size > 0) return;
    this.cancel?.();
    this.cancel = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
  }

  private arm(due: number): void {
    if (!(due < this.armedFor)) return;
    const at = Math.ceil(due / tickGranularityMs) * tickGranularityMs;
    if (at >= this.armedFor) return;
    this.cancel?.();
    this.armedFor = at;
    this.cancel = this.timer.after(Math.max(0, at - this.timer.now()), this.tick);
  }

  /** The timer fired: every run looks at its deadlines, and the timer is armed for the earliest next look. */
  private readonly tick = (): void => {
    this.cancel = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const watches = this.watches;
    if (!watches) return;
    const now = this.timer.now();
    let next = Number.POSITIVE_INFINITY;
    // a run whose limit passed leaves the set while it is walked (a Set allows that)
    for (const watch of watches) {
      const due = watch.check(now);
      if (due < next) next = due;
    }
    if (watches.size > 0) this.arm(next);
  };
}
