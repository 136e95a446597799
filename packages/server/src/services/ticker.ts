/**
 * Periodic background work that never overlaps itself: `work` runs every
 * `intervalMs` (on timers that do not keep the process alive), at once
 * when woken, and again straight away when it says there is more to do.
 * `stop()` clears the timer and waits for a run in progress.
 */

/** The timer functions a ticker uses (injected: tests pass their own). */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The process's timers, unref'd. */
export const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class Ticker {
  private timer: unknown;
  private running: Promise<void> | undefined;
  private again = false;
  private started = false;

  constructor(
    /** Resolves true when there is more to do right away. */
    private readonly work: () => Promise<boolean>,
    private readonly intervalMs: number,
    private readonly timers: Timers,
    private readonly onError: (error: unknown) => void,
  ) {}

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(this.intervalMs);
  }

  /** Runs the work now (or right after the run in progress). */
  wake(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.started = false;
    this.timers.clearTimeout(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private schedule(ms: number): void {
    this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => void this.run(), ms);
  }

  private async run(): Promise<void> {
    this.timer = undefined;
    this.again = false;
    let more = false;
    this.running = this.work().then(
      (result) => {
        more = result;
      },
      (error: unknown) => this.onError(error),
    );
    await this.running;
    this.running = undefined;
    if (this.started) this.schedule(more || this.again ? 0 : this.intervalMs);
  }
}
