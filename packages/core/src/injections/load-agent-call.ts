import { type Agent, agentName } from "../domain/agent.js";
import { AgentTimeoutError } from "../domain/errors.js";
import type { Timer } from "../domain/timeouts.js";

/** The agent-call limit as a load call of the agent under test gets it: milliseconds of real time and the timer measuring them. */
export interface AgentCallLimit {
  /** `timeouts.agentCallMs` of the run (above 0). */
  readonly milliseconds: number;
  readonly timer: Timer;
}

/**
 * One load call of the agent under test (a `concurrency` burst's operation),
 * bounded like a call in the conversation: `call` gets a signal of its own
 * (joined with the run's), aborted with an `AgentTimeoutError` when the limit
 * passes; the returned promise then rejects with it at once, whether or not
 * the agent's promise ever settles. Never early: a timer that fires before
 * the deadline on `timer`'s clock is armed again for the rest.
 */
export function callWithinLimit<Value>(
  agent: Agent,
  limit: AgentCallLimit,
  outer: AbortSignal | undefined,
  call: (signal: AbortSignal) => Value | PromiseLike<Value>,
): Promise<Value> {
  const { milliseconds, timer } = limit;
  const controller = new AbortController();
  const signal = outer ? AbortSignal.any([outer, controller.signal]) : controller.signal;
  const deadline = timer.now() + milliseconds;
  return new Promise<Value>((resolve, reject) => {
    let cancel: () => void;
    const expire = () => {
      const left = deadline - timer.now();
      if (left > 0) {
        cancel = timer.after(left, expire);
        return;
      }
      const error = new AgentTimeoutError(agentName(agent), milliseconds);
      controller.abort(error);
      reject(error);
    };
    cancel = timer.after(milliseconds, expire);
    let work: Promise<Value>;
    try {
      work = Promise.resolve(call(signal));
    } catch (error) {
      work = Promise.reject(error);
    }
    work.then(
      (value) => {
        cancel();
        resolve(value);
      },
      (error: unknown) => {
        cancel();
        reject(error);
      },
    );
  });
}
