import { type Agent, agentName } from "../domain/agent.js";
import { AbortedError, AgentTimeoutError, RehearseError, ScenarioTimeoutError } from "../domain/errors.js";
import type { DeadlineTicker, DeadlineWatch } from "./deadline-ticker.js";

/** A call of the agent under test in flight beside the first (forks run in parallel). */
interface PendingCall {
  token: number;
  agent: Agent;
  deadline: number;
}

/** `begin`'s token for a call nobody watches. */
export const unwatched = 0;
/** `begin`'s token for the call in the first slot. */
const firstSlot = 1;

/**
 * Bounds one run in real time: each call of the agent under test, the whole
 * scenario, and the outer abort signal (Ctrl-C, a spent budget). When one of
 * them ends the run, `guard`'s promise rejects at once with the reason, even
 * if the agent's own promise never settles, and `signal` (what agents get as
 * `input.signal`) aborts so the agent can stop its work.
 *
 * Cheap on the hot path: no timer of its own (the context's `DeadlineTicker`
 * looks at its deadlines), no object per call in the common case of one call
 * at a time, and the abort controller is made only when an agent reads
 * `input.signal` or the run is stopped.
 */
export class RunWatchdog implements DeadlineWatch {
  /** The call in the first slot (the common case: one at a time); its deadline is Infinity when none. */
  private callAgent: Agent | undefined;
  private callDeadline = Number.POSITIVE_INFINITY;
  private others: PendingCall[] | undefined;
  private nextToken = firstSlot + 1;
  private scenarioDeadline = Number.POSITIVE_INFINITY;
  private controller: AbortController | undefined;
  private reject: ((error: RehearseError) => void) | undefined;
  private stopped = false;
  private onOuterAbort: (() => void) | undefined;
  /** What stopped the run (a timeout or an abort); undefined while it may go on. */
  error: RehearseError | undefined;

  constructor(
    private readonly ticker: DeadlineTicker,
    private readonly agentCallMs: number,
    private readonly scenarioMs: number,
    private readonly scenario: string,
    private readonly outer: AbortSignal | undefined,
  ) {}

  /** True when the settings ask for anything to watch (limits in milliseconds, 0 for none). */
  static needed(agentCallMs: number, scenarioMs: number, outer?: AbortSignal): boolean {
    return agentCallMs > 0 || scenarioMs > 0 || outer !== undefined;
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
   * again (its late failure is absorbed here). Call `stop` once it settled.
   */
  guard<Value>(work: Promise<Value>): Promise<Value> {
    if (this.agentCallMs > 0 || this.scenarioMs > 0) {
      const now = this.ticker.now();
      if (this.scenarioMs > 0) this.scenarioDeadline = now + this.scenarioMs;
      this.ticker.watch(this, this.nextCheck(now));
    }
    const outer = this.outer;
    if (outer) {
      this.onOuterAbort = () => this.interrupt(abortError(outer.reason));
      if (outer.aborted) this.onOuterAbort();
      else outer.addEventListener("abort", this.onOuterAbort, { once: true });
    }
    return new Promise<Value>((resolve, reject) => {
      this.reject = reject;
      if (this.error) reject(this.error);
      work.then(resolve, reject);
    });
  }

  /** Starts the clock of one call of the agent under test; hand the token to `end`. */
  begin(agent: Agent): number {
    if (this.stopped || !(this.agentCallMs > 0)) return unwatched;
    // nothing to arm: the run's next look is no later than now + the limit (see `nextCheck`)
    const deadline = this.ticker.now() + this.agentCallMs;
    if (this.callAgent === undefined) {
      this.callAgent = agent;
      this.callDeadline = deadline;
      return firstSlot;
    }
    const token = this.nextToken++;
    this.others ??= [];
    this.others.push({ token, agent, deadline });
    return token;
  }

  /** The call settled in time (or not: then the run is already stopped). */
  end(token: number): void {
    if (token === firstSlot) {
      this.callAgent = undefined;
      this.callDeadline = Number.POSITIVE_INFINITY;
    } else if (token !== unwatched && this.others) {
      const index = this.others.findIndex((call) => call.token === token);
      if (index >= 0) this.others.splice(index, 1);
    }
  }

  /** Stops watching (the run is over): leaves the ticker and drops the outer listener. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.ticker.unwatch(this);
    this.callAgent = undefined;
    this.others = undefined;
    this.reject = undefined;
    if (this.onOuterAbort) this.outer?.removeEventListener("abort", this.onOuterAbort);
  }

  /** The ticker looks: stops the run if a deadline passed (never before it), else says when to look next. */
  check(now: number): number {
    if (this.callAgent !== undefined && this.callDeadline <= now) {
      this.interrupt(new AgentTimeoutError(agentName(this.callAgent), this.agentCallMs));
      return Number.POSITIVE_INFINITY;
    }
    for (const call of this.others ?? []) {
      if (call.deadline <= now) {
        this.interrupt(new AgentTimeoutError(agentName(call.agent), this.agentCallMs));
        return Number.POSITIVE_INFINITY;
      }
    }
    if (this.scenarioDeadline <= now) {
      this.interrupt(new ScenarioTimeoutError(this.scenario, this.scenarioMs));
      return Number.POSITIVE_INFINITY;
    }
    return this.nextCheck(now);
  }

  /**
   * When to look next: the earliest deadline of a call in flight or of the
   * scenario, and no later than `now` + the call limit, so a call that starts
   * after this look is looked at by its deadline without arming anything.
   */
  private nextCheck(now: number): number {
    let next = Math.min(this.scenarioDeadline, this.callDeadline);
    if (this.agentCallMs > 0) next = Math.min(next, now + this.agentCallMs);
    for (const call of this.others ?? []) next = Math.min(next, call.deadline);
    return next;
  }

  private interrupt(error: RehearseError): void {
    if (this.error || this.stopped) return;
    this.error = error;
    const reject = this.reject;
    this.stop();
    this.controller?.abort(error);
    reject?.(error);
  }
}

/**
 * The run's error when its outer signal aborts: a reason that is already a
 * `RehearseError` (the runner ending a stalled run with `run_stalled`, say)
 * is the error as it is; anything else (Ctrl-C, a user's `abort()`) is an
 * `aborted` error carrying it.
 */
function abortError(reason: unknown): RehearseError {
  return RehearseError.isInstance(reason) ? reason : new AbortedError(reason);
}
