import type { Reporter, ScenarioEvent } from "../domain/event.js";
import type { Expectation, ExpectedStatus } from "../domain/expectation.js";
import type { UsageSummary } from "../domain/models.js";
import type { ScenarioStatus } from "../domain/outcome.js";
import type { ScenarioResult } from "../domain/result.js";
import type { Clock, IdGenerator, Interceptors, LangwatchConfig } from "../domain/scenario.js";
import type { Timeouts } from "../domain/timeouts.js";
import type { BatchBudgetLimits } from "./batch-budget.js";

/** Per-call options of `run()` (the reference's `batchRunId`/`runId` plus Rehearse's seams). */
export interface RunOptions {
  batchRunId?: string;
  /** Use this run id instead of a fresh one. */
  runId?: string;
  seed?: number;
  signal?: AbortSignal;
  /**
   * Real-time limits (ms, 0 for none) over the config's `timeouts`; a
   * scenario's own win. Defaults: agent call 60 s, model call 60 s, scenario 30 min.
   */
  timeouts?: Timeouts;
  onEvent?: (event: ScenarioEvent) => void;
  reporters?: Reporter[];
  interceptors?: Interceptors;
  /** Inject time (milliseconds since the epoch). */
  clock?: Clock;
  /** Inject id generation. */
  ids?: IdGenerator;
  deliveryTimeoutMs?: number;
  verbose?: boolean | number;
  /** Part of every cassette key of this run (see `cassette`). */
  cacheKey?: string;
  /** Expected status, overriding the scenario's `expect` (sets `result.expectation`). */
  expect?: ExpectedStatus;
  /** The reference's LangWatch settings: accepted, not used (noted in `result.diagnostics`). */
  langwatch?: LangwatchConfig;
}

/** Options of `runMany()`. */
export interface RunManyOptions extends Omit<RunOptions, "runId" | "seed"> {
  /** At most this many scenarios in flight (default 8, or `concurrency` from config). */
  concurrency?: number;
  /** Base seed: scenario i gets a seed derived from it, its id and i. */
  seed?: number;
  /** Keep results in `BatchResult.results` (default true); false keeps memory flat. */
  collect?: boolean;
  /** Called as each scenario finishes. */
  onResult?: (result: ScenarioResult, index: number) => void | Promise<void>;
  /** Stops the batch with `error` once spent (default: `budget` from config). */
  budget?: BatchBudgetLimits;
}

/** What `runMany()` returns. It never rejects for one scenario. */
export interface BatchResult {
  batchRunId: string;
  /** In input order; empty when `collect` is false. */
  results: ScenarioResult[];
  counts: Record<ScenarioStatus, number>;
  total: number;
  /** Seconds. */
  totalTime: number;
  /** Tokens and cost of every run's model calls, per role and per model. */
  usage: UsageSummary;
  /** Set when the batch was stopped before running everything (its budget ran out). */
  stopped?: { reason: string; code: "budget_exceeded" };
  /**
   * Runs by how they compare with what was expected (`expect`, default
   * `pass`): a run is as expected when it ends as declared; `skipped` runs
   * are undecided.
   */
  expectations: Record<Expectation["outcome"], number>;
}
