/**
 * Pausing one running run (platform.md §3.7): cooperative, at the next turn
 * boundary — before the next agent call — and bounded: a run paused longer
 * than `maxPauseMilliseconds` (15 minutes by default) is stopped as
 * interrupted, because a paused run holds a worker slot.
 */
import type { AgentCallInterceptor } from "@rehearse/core/platform";

/** The default bound of one pause. */
export const MAX_PAUSE_MILLISECONDS = 15 * 60 * 1000;

export class PauseGate {
  private paused = false;
  private release: (() => void) | undefined;
  private opened: Promise<void> = Promise.resolve();

  constructor(
    /** Called when a pause outlasts its bound (the run is then aborted). */
    private readonly onExpired: () => void,
    private readonly maxPauseMilliseconds = MAX_PAUSE_MILLISECONDS,
  ) {}

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    if (this.paused) return;
    this.paused = true;
    this.opened = new Promise<void>((done) => {
      const timer = setTimeout(() => {
        this.resume();
        this.onExpired();
      }, this.maxPauseMilliseconds);
      timer.unref?.();
      this.release = () => {
        clearTimeout(timer);
        done();
      };
    });
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.release?.();
    this.release = undefined;
  }

  /** The interceptor that holds each agent call while the run is paused (or until `signal` aborts). */
  interceptor(signal: AbortSignal): AgentCallInterceptor {
    return async (call, next) => {
      if (this.paused) {
        await new Promise<void>((done) => {
          const aborted = () => done();
          signal.addEventListener("abort", aborted, { once: true });
          void this.opened.then(() => {
            signal.removeEventListener("abort", aborted);
            done();
          });
        });
      }
      return next(call.input);
    };
  }
}
