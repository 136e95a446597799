/**
 * Runs launched jobs, whichever queue delivers them (embedded, BullMQ on
 * Redis or PostgreSQL): claim the run from the server (a stopped run or a
 * paused batch is not started), fetch its suite version once, load the
 * scenario, run it with the job's seed, ids and models, send its events
 * through the tenant's reporter, and end the attempt. It keeps the runs it
 * holds so control polls can pause, resume and stop them.
 */

import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  cassetteFileName,
  createMemoryRateLimitStore,
  createProviderHealth,
  createRehearse,
  loadScenarioSources,
  type ProviderHealth,
  type RateLimitStore,
  type Rehearse,
  type ScenarioConfig,
  type ScenarioResult,
  scenarioSlug,
} from "@rehearse/core/platform";
import type { RunJob } from "../services/run-queue.js";
import { PauseGate } from "./pause-gate.js";
import { suiteDirectory } from "./suite-directory.js";
import type { TenantReporters } from "./tenant-reporters.js";
import type { WorkerApi } from "./worker-api.js";

/** How a job ended, as the queue needs to know it. */
export type JobOutcome =
  | { kind: "finished"; status: string; durationMs: number; errorCode?: string }
  | { kind: "deferred"; delayMs: number; reason: string }
  | { kind: "skipped"; reason: string }
  | { kind: "failed"; reason: string };

export interface JobRunnerOptions {
  api: WorkerApi;
  workerId: string;
  /** Where suites and the reporters' outboxes live. */
  workDir: string;
  /** The environment runs see (provider keys live on the worker); the reporting variables are removed. */
  environment: Readonly<Record<string, string | undefined>>;
  reporters: TenantReporters;
  maxPauseMilliseconds?: number;
  warn: (message: string) => void;
  /**
   * Model-call rate limits and provider circuit breakers shared by every run of
   * this worker (and, with a Redis or PostgreSQL store, by every worker):
   * default a memory store and one ProviderHealth per JobRunner.
   */
  rateLimitStore?: RateLimitStore;
  providerHealth?: ProviderHealth;
  /** Told when the runner takes a run (the control poll speeds up). */
  onHeld?: () => void;
}

/** A run this worker holds. */
interface Held {
  tenantId: string;
  attempt: number;
  controller: AbortController;
  gate: PauseGate;
  /** Why it was aborted: a stop from the server, or this worker shutting down. */
  abortedFor?: "stopped" | "shutdown" | "paused too long" | "superseded";
}

/** Variables a run must not see: they would attach a second reporter or leak the worker's credential. */
const workerVariables = ["REHEARSE_ENDPOINT", "REHEARSE_API_KEY", "REHEARSE_WORKER_TOKEN", "REHEARSE_WORKER_TOKEN_FILE"];

export class JobRunner {
  private readonly held = new Map<string, Held>();
  private readonly environment: Record<string, string | undefined>;
  private readonly scenarios = new Map<string, Promise<ScenarioConfig[]>>();
  private readonly contexts = new Map<string, Rehearse>();
  private readonly rateLimitStore: RateLimitStore;
  private readonly providerHealth: ProviderHealth;
  processed = 0;
  failed = 0;

  constructor(private readonly options: JobRunnerOptions) {
    this.environment = { ...options.environment };
    this.rateLimitStore = options.rateLimitStore ?? createMemoryRateLimitStore();
    this.providerHealth = options.providerHealth ?? createProviderHealth();
    for (const name of workerVariables) delete this.environment[name];
  }

  /** Run ids in progress. */
  get activeRunIds(): string[] {
    return [...this.held.keys()];
  }

  /** The attempt held of each run in progress. */
  get heldAttempts(): Record<string, number> {
    return Object.fromEntries([...this.held].map(([runId, held]) => [runId, held.attempt]));
  }

  /** Runs `attempt` of `job`; `signal` aborts it as this worker shutting down. */
  async process(job: RunJob, attempt: number, signal?: AbortSignal): Promise<JobOutcome> {
    const { api, workerId } = this.options;
    // a worker shutting down claims nothing: the job waits for another worker (a delay is not an attempt)
    if (signal?.aborted) return { kind: "deferred", delayMs: 1_000, reason: "the worker is shutting down" };
    const claim = await api.claim(job, attempt, workerId);
    if (claim.action === "defer") return { kind: "deferred", delayMs: claim.delayMs, reason: claim.reason };
    if (claim.action === "skip") return { kind: "skipped", reason: claim.reason };
    const held: Held = {
      tenantId: job.tenantId,
      attempt: claim.attempt,
      controller: new AbortController(),
      gate: new PauseGate(() => this.abort(job.runId, "paused too long"), this.options.maxPauseMilliseconds),
    };
    const onShutdown = () => this.abort(job.runId, "shutdown");
    signal?.addEventListener("abort", onShutdown, { once: true });
    this.held.set(job.runId, held);
    this.options.onHeld?.();
    this.options.reporters.attempt(job.runId, claim.attempt);
    try {
      const outcome = await this.execute(claim.job, claim.reportingKey, held);
      let ended = held.abortedFor === "stopped" ? "cancelled" : held.abortedFor ? "interrupted" : outcome.kind;
      // the attempt ends once the server has the run's events: a worker killed after this loses nothing, and a
      // job BullMQ hands out again (its completion lost) finds the run done
      if (outcome.kind === "finished" && (await this.stored(job, claim.attempt)) === "superseded") ended = "interrupted";
      await api.endAttempt(job.tenantId, job.runId, claim.attempt, ended, outcome.kind === "failed" ? outcome.reason : undefined);
      if (outcome.kind === "failed") this.failed++;
      else this.processed++;
      return outcome;
    } finally {
      signal?.removeEventListener("abort", onShutdown);
      this.held.delete(job.runId);
      this.options.reporters.forget(job.runId);
    }
  }

  /** Waits until the server stored the run's end (or a later attempt took it over); throws after `STORED_TIMEOUT_MILLISECONDS`. */
  private async stored(job: RunJob, attempt: number): Promise<"settled" | "superseded"> {
    const deadline = Date.now() + STORED_TIMEOUT_MILLISECONDS;
    for (;;) {
      const progress = await this.options.api.attemptProgress(job.tenantId, job.runId, attempt);
      if (progress !== "pending") return progress;
      if (Date.now() > deadline)
        throw new Error(
          `run ${job.runId}: its events did not reach ${this.options.api.endpoint} within ${STORED_TIMEOUT_MILLISECONDS / 1000} s`,
        );
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Applies the server's control states to the runs held: `stopped` aborts, `paused` holds the next turn, `active` resumes. */
  applyControls(controls: ReadonlyMap<string, string>): void {
    for (const [runId, control] of controls) {
      const held = this.held.get(runId);
      if (!held) continue;
      if (control === "stopped") this.abort(runId, "stopped");
      else if (control === "superseded") this.abort(runId, "superseded");
      else if (control === "paused") held.gate.pause();
      else held.gate.resume();
    }
  }

  /** Aborts every run held (shutdown after the drain deadline); resolves to the run ids it stopped. */
  abortAll(): string[] {
    const stopped = this.activeRunIds;
    for (const runId of stopped) this.abort(runId, "shutdown");
    return stopped;
  }

  /** The scenarios of a suite file, loaded once per suite version (a version's files never change). */
  private scenariosOf(directory: string, job: RunJob): Promise<ScenarioConfig[]> {
    const key = `${directory}\u0000${job.scenario.path}`;
    let loaded = this.scenarios.get(key);
    if (!loaded) {
      loaded = loadScenarioSources([job.scenario.path], directory).then((entries) => entries.map((entry) => entry.config));
      // a failed load is not kept: the next run of the file tries again
      loaded.catch(() => this.scenarios.delete(key));
      remember(this.scenarios, key, loaded);
    }
    return loaded;
  }

  /** One context per suite version, set and default model: its config files are read once. */
  private contextOf(directory: string, job: RunJob): Rehearse {
    const key = `${directory}\u0000${job.setId}\u0000${job.models.default ?? ""}`;
    let context = this.contexts.get(key);
    if (!context) {
      context = createRehearse({
        cwd: directory,
        env: this.environment,
        rateLimitStore: this.rateLimitStore,
        providerHealth: this.providerHealth,
        config: { setId: job.setId, ...(job.models.default ? { defaultModel: job.models.default } : {}) },
      });
      remember(this.contexts, key, context);
    }
    return context;
  }

  /** Where a run's cassette lives on this worker while it runs. */
  private cassetteDirectory(runId: string): string {
    return join(this.options.workDir, "cassettes", runId);
  }

  /**
   * A context of its own for a run on tape: its cassette directory holds the
   * cassette of the run it replays (`replay`, `auto`), and receives what it
   * records (`record`, `auto`).
   */
  private async cassetteContext(directory: string, job: RunJob, scenarioId: string): Promise<Rehearse> {
    const cassette = job.cassette as NonNullable<RunJob["cassette"]>;
    const where = this.cassetteDirectory(job.runId);
    await rm(where, { recursive: true, force: true });
    await mkdir(where, { recursive: true });
    if (cassette.mode !== "record") {
      const content = cassette.from ? await this.options.api.cassette(job.tenantId, cassette.from) : undefined;
      if (content === undefined) throw new Error(`run ${cassette.from ?? "?"} has no cassette to replay`);
      await writeFile(join(where, cassetteFileName(scenarioId)), content);
    }
    return createRehearse({
      cwd: directory,
      env: this.environment,
      rateLimitStore: this.rateLimitStore,
      providerHealth: this.providerHealth,
      config: {
        setId: job.setId,
        ...(job.models.default ? { defaultModel: job.models.default } : {}),
        cassette: { mode: cassette.mode, directory: where },
      },
    });
  }

  /** Sends the cassette a run recorded to the server, and forgets it here. */
  private async keepCassette(job: RunJob): Promise<void> {
    const where = this.cassetteDirectory(job.runId);
    try {
      const files = await readdir(where);
      const [file] = files.filter((name) => name.endsWith(".json"));
      if (file) await this.options.api.storeCassette(job.tenantId, job.runId, await readFile(join(where, file), "utf8"));
    } catch (error) {
      this.options.warn(`run ${job.runId}: its cassette could not be kept: ${(error as Error).message}`);
    } finally {
      await rm(where, { recursive: true, force: true });
    }
  }

  private abort(runId: string, why: NonNullable<Held["abortedFor"]>): void {
    const held = this.held.get(runId);
    if (!held || held.controller.signal.aborted) return;
    held.abortedFor = why;
    held.gate.resume();
    const reasons = {
      stopped: "stopped from the platform",
      shutdown: "the worker shut down",
      "paused too long": "paused for too long",
      superseded: "another worker took the run over",
    };
    held.controller.abort(new Error(reasons[why]));
  }

  private async execute(job: RunJob, reportingKey: string, held: Held): Promise<JobOutcome> {
    let rehearse: Rehearse;
    let scenario: ScenarioConfig;
    try {
      const directory = await suiteDirectory(this.options.workDir, { tenantId: job.tenantId, ...job.suite }, () =>
        this.options.api.suiteFiles(job.tenantId, job.suite.name, job.suite.version),
      );
      const loaded = await this.scenariosOf(directory, job);
      const found = loaded[job.scenario.index];
      if (!found)
        throw new Error(`${job.scenario.path} has ${loaded.length} scenario(s); this run needs number ${job.scenario.index + 1}`);
      const id = found.id ?? scenarioSlug(found.name);
      if (id !== job.scenario.id) throw new Error(`${job.scenario.path}: expected scenario "${job.scenario.id}", found "${id}"`);
      scenario = { ...found, setId: job.setId };
      rehearse = job.cassette ? await this.cassetteContext(directory, job, id) : this.contextOf(directory, job);
    } catch (error) {
      const reason = `could not load ${job.suite.name}/${job.scenario.path}: ${(error as Error).message}`;
      this.options.warn(`run ${job.runId}: ${reason}`);
      return { kind: "failed", reason };
    }
    let result: ScenarioResult;
    try {
      result = await rehearse.run(scenario, {
        runId: job.runId,
        batchRunId: job.batchId,
        seed: job.seed,
        signal: held.controller.signal,
        reporters: [this.options.reporters.of(job.tenantId, reportingKey)],
        interceptors: { agent: [held.gate.interceptor(held.controller.signal)] },
      });
    } catch (error) {
      // an aborted run rejects with its (error) result, which its events already reported
      const aborted = (error as { result?: ScenarioResult }).result;
      if (!aborted) return { kind: "failed", reason: `the run failed in the worker: ${(error as Error).message}` };
      result = aborted;
    }
    if (job.cassette && job.cassette.mode !== "replay") await this.keepCassette(job);
    return {
      kind: "finished",
      status: result.status,
      durationMs: Math.round((result.totalTime ?? 0) * 1000),
      ...(result.errorCode ? { errorCode: result.errorCode } : {}),
    };
  }
}

/** How long a finished run's events may take to reach the server before the job fails (and is tried again). */
const STORED_TIMEOUT_MILLISECONDS = 60_000;

/** How many suite files and contexts a worker keeps loaded. */
const CACHE_ENTRIES = 200;

/** Sets `key` in a map kept to `CACHE_ENTRIES`, dropping the oldest entry. */
function remember<Value>(map: Map<string, Value>, key: string, value: Value): void {
  if (map.size >= CACHE_ENTRIES) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
  map.set(key, value);
}
