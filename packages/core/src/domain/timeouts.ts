/**
 * Time limits of a run, in milliseconds of real time; `0` means no limit.
 * Set in `rehearse.config.*` / `configure()` (`timeouts`), per run
 * (`RunOptions.timeouts`), per scenario (`ScenarioConfig.timeouts`, a scenario
 * file's `timeout_seconds`) or on the command line (`--timeout`).
 * See docs/decisions/0021-timeouts.md.
 */
export interface Timeouts {
  /**
   * Each call of the agent under test (default 60 000). One that takes longer
   * ends the run `error` with code `agent_timeout`, naming the agent and the limit.
   */
  agentCallMs?: number;
  /**
   * Each model call made through the run's models (`input.models`, the
   * simulator, the judge, the attacker), per attempt (default 60 000). A call
   * that takes longer fails with `model_failed`, naming the model and the limit.
   */
  modelCallMs?: number;
  /**
   * The whole scenario: every step, agent call and hook (default 1 800 000,
   * 30 minutes). Past it the run ends `error` with code `scenario_timeout`.
   */
  scenarioMs?: number;
}

/** The limits used where none is set. */
export const defaultTimeouts = {
  agentCallMs: 60_000,
  modelCallMs: 60_000,
  scenarioMs: 1_800_000,
} as const satisfies Required<Timeouts>;

/**
 * Real-time timers, supplied by the runner (the engine reads no globals).
 * A pending timer keeps the process alive, so a run whose agent never
 * settles still ends when its limit passes.
 */
export interface Timer {
  /** Monotonic time in milliseconds (only differences count). */
  now(): number;
  /** Calls `callback` once after `milliseconds`; the returned function cancels it. */
  after(milliseconds: number, callback: () => void): () => void;
}

/** `milliseconds` as people read a limit: `60 s`, `1.5 s`, `150 ms`. */
export function describeLimit(milliseconds: number): string {
  if (milliseconds < 1000) return `${milliseconds} ms`;
  return `${Number((milliseconds / 1000).toFixed(3))} s`;
}
