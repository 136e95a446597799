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
 * Cheap on the hot path: one timer per run, armed when the run starts and
 * re-armed only when it fires (a call never arms one); the abort controller
 * is made only when an agent reads `input.signal` or the run is stopped.
 */
export class RunWatchdog {
  /** The call in flight (the common case: one at a time), and any others (forks run in parallel). */
  private call: PendingCall | undefined;
  private others: Set<PendingCall> | undefined;
  private scenarioDeadline = Number.POSITIVE_INFINITY;
  private armedFor = Number.POSITIVE_INFINITY;
  private cancelTimer: (() => void) | undefined;
  private controller: AbortController | undefined;
  private reject: ((error: RehearseError) => void) | undefined;
  private stopped = false;
  private onOuterAbort: (() => void) | undefined;
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
    const now = this.timer.now();
    if (this.limits.scenarioMs > 0) this.scenarioDeadline = now + this.limits.scenarioMs;
    this.arm(this.nextCheck(now));
    if (this.outer) {
      const outer = this.outer;
      this.onOuterAbort = () => this.interrupt(new AbortedError(outer.reason));
      if (outer.aborted) this.onOuterAbort();
      else outer.addEventListener("abort", this.onOuterAbort, { once: true });
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
    // no timer to arm: the one armed is due no later than now + the limit (see `nextCheck`)
    const call = { agent, deadline: this.timer.now() + this.limits.agentCallMs };
    if (!this.call) this.call = call;
    else {
      this.others ??= new Set();
      this.others.add(call);
    }
    return call;
  }

  /** The call settled in time (or not: then the run is already stopped). */
  end(call: PendingCall | undefined): void {
    if (call === this.call) this.call = undefined;
    else if (call) this.others?.delete(call);
  }

  /** Stops watching (the run is over): cancels the timer and the outer listener. */
  stop(): void {
    this.stopped = true;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    this.call = undefined;
    this.others = undefined;
    if (this.onOuterAbort) this.outer?.removeEventListener("abort", this.onOuterAbort);
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
    const now = this.timer.now();
    for (const call of this.pending()) {
      if (call.deadline <= now + toleranceMs) {
        this.interrupt(new AgentTimeoutError(agentName(call.agent), this.limits.agentCallMs));
        return;
      }
    }
    if (this.scenarioDeadline <= now + toleranceMs)
      this.interrupt(new ScenarioTimeoutError(this.scenario, this.limits.scenarioMs));
    else this.arm(this.nextCheck(now));
  }

  /**
   * When to look next: the earliest deadline of a call in flight or of the
   * scenario, and no later than `now` + the call limit, so a call that starts
   * before then is looked at by its deadline without arming a timer of its own.
   */
  private nextCheck(now: number): number {
    let next = this.scenarioDeadline;
    if (this.limits.agentCallMs > 0) next = Math.min(next, now + this.limits.agentCallMs);
    for (const call of this.pending()) next = Math.min(next, call.deadline);
    return next;
  }

  private pending(): PendingCall[] {
    const pending = this.call ? [this.call] : [];
    if (this.others) pending.push(...this.others);
    return pending;
  }

  private interrupt(error: RehearseError): void {
    if (this.error || this.stopped) return;
    this.error = error;
    this.stop();
    this.controller?.abort(error);
    this.reject?.(error);
  }
}
