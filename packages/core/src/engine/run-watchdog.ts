import { type Agent, agentName } from "../domain/agent.js";
import { AbortedError, AgentTimeoutError, type RehearseError, ScenarioTimeoutError } from "../domain/errors.js";
import type { Timer } from "../domain/timeouts.js";

/** The limits a watchdog enforces, in milliseconds; 0 means none. */
export interface WatchdogLimits {
  agentCallMs: number;
  scenarioMs: number;
}

/** A call of the agent under test in flight. */
interface PendingCall {
  agent: Agent;
  deadline: number;
}

/** A timer may fire this much early (its clock and `Timer.now` differ by rounding). */
const toleranceMs = 1;

/**
 * Bounds one run in real time: each call of the agent under test, the whole
 * scenario, and the outer abort signal (Ctrl-C, a spent budget). When one of
 * them ends the run, `guard`'s promise rejects at once with the reason, even
 * if the agent's own promise never settles, and `signal` (what agents get as
 * `input.signal`) aborts so the agent can stop its work.
 *
 * Cheap on the hot path: one timer per run, armed at the earliest deadline
 * and re-armed only when it fires; the abort controller is made only when an
 * agent reads `input.signal` or the run is stopped.
 */
export class RunWatchdog {
  private readonly calls = new Set<PendingCall>();
  private scenarioDeadline = Number.POSITIVE_INFINITY;
  private armedFor = Number.POSITIVE_INFINITY;
  private cancelTimer: (() => void) | undefined;
  private controller: AbortController | undefined;
  private reject: ((error: RehearseError) => void) | undefined;
  private stopped = false;
  private readonly onOuterAbort = () => this.interrupt(new AbortedError(this.outer?.reason));
  /** What stopped the run (a timeout or an abort); undefined while it may go on. */
  error: RehearseError | undefined;

  constructor(
    private readonly timer: Timer,
    private readonly limits: WatchdogLimits,
    private readonly scenario: string,
    private readonly outer?: AbortSignal,
  ) {}

  /** True when the settings ask for anything to watch. */
  static needed(limits: WatchdogLimits, outer?: AbortSignal): boolean {
    return limits.agentCallMs > 0 || limits.scenarioMs > 0 || outer !== undefined;
  }

  /** Aborts when the run is stopped: a timeout, or the outer signal. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.error) this.controller.abort(this.error);
    }
    return this.controller.signal;
  }

  /**
   * Settles as `work` does, or rejects with the timeout or abort that stops
   * the run first. `work` may go on in the background; it is never awaited
   * again (its late failure is absorbed here).
   */
  guard<Value>(work: Promise<Value>): Promise<Value> {
    if (this.limits.scenarioMs > 0) {
      this.scenarioDeadline = this.timer.now() + this.limits.scenarioMs;
      this.arm(this.scenarioDeadline);
    }
    if (this.outer) {
      if (this.outer.aborted) this.onOuterAbort();
      else this.outer.addEventListener("abort", this.onOuterAbort, { once: true });
    }
    return new Promise<Value>((resolve, reject) => {
      if (this.error) reject(this.error);
      this.reject = reject;
      work.then(
        (value) => {
          this.stop();
          resolve(value);
        },
        (error: unknown) => {
          this.stop();
          reject(error);
        },
      );
    });
  }

  /** Starts the clock of one call of the agent under test; hand the token to `end`. */
  begin(agent: Agent): PendingCall | undefined {
    if (this.stopped || !(this.limits.agentCallMs > 0)) return undefined;
    const call = { agent, deadline: this.timer.now() + this.limits.agentCallMs };
    this.calls.add(call);
    this.arm(call.deadline);
    return call;
  }

  /** The call settled in time (or not: then the run is already stopped). */
  end(call: PendingCall | undefined): void {
    if (call) this.calls.delete(call);
  }

  /** Stops watching (the run is over): cancels the timer and the outer listener. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    this.calls.clear();
    this.outer?.removeEventListener("abort", this.onOuterAbort);
  }

  private arm(deadline: number): void {
    if (this.stopped || deadline >= this.armedFor) return;
    this.cancelTimer?.();
    this.armedFor = deadline;
    this.cancelTimer = this.timer.after(Math.max(0, deadline - this.timer.now()), () => this.check());
  }

  /** The timer fired: stop the run if a deadline passed, else wait for the next one. */
  private check(): void {
    this.cancelTimer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = this.timer.now() + toleranceMs;
    let next = this.scenarioDeadline;
    for (const call of this.calls) {
      if (call.deadline <= now) {
        this.interrupt(new AgentTimeoutError(agentName(call.agent), this.limits.agentCallMs));
        return;
      }
      next = Math.min(next, call.deadline);
    }
    if (this.scenarioDeadline <= now) this.interrupt(new ScenarioTimeoutError(this.scenario, this.limits.scenarioMs));
    else if (next < Number.POSITIVE_INFINITY) this.arm(next);
  }

  private interrupt(error: RehearseError): void {
    if (this.error || this.stopped) return;
    this.error = error;
    this.stop();
    this.controller?.abort(error);
    this.reject?.(error);
  }
}
