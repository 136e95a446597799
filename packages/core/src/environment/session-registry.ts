import type { ScenarioExecutionStateLike } from "../domain/scenario.js";
import type { EnvironmentSession } from "./environment-session.js";

/**
 * Which run state belongs to which environment session. Its own small
 * module so seed steps can find their session without loading the session's
 * machinery (injections, detectors, outcomes), which loads only for runs that
 * have declarative parts.
 */
const sessions = new WeakMap<ScenarioExecutionStateLike, EnvironmentSession>();

/** Records that `state` is run by `session` (the session does it when attached). */
export function registerSession(state: ScenarioExecutionStateLike, session: EnvironmentSession): void {
  sessions.set(state, session);
}

/** The environment session of the run `state` belongs to, if it has one (seed steps use it). */
export function sessionOf(state: ScenarioExecutionStateLike): EnvironmentSession | undefined {
  return sessions.get(state);
}
