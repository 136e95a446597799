/**
 * Reruns of launched runs (platform.md §3.6): a new run (`replayOf` the
 * original) with its seed — with its suite version and cassette it must come
 * out the same (a determinism check, zero model calls), with the suite's
 * newest version it shows what the current agent does with the same user
 * turns (a regression check). The run diff compares them with the original.
 * Cassettes are recorded by runs launched with `cassette: record`.
 */
import { createUuidV7 } from "@rehearse/core/platform";
import type { Database } from "../store/database.js";
import { readCassette, rerunSource, storeCassette } from "../store/rerun-queries.js";
import type { AuditEntry, AuditLog } from "./audit-log.js";
import { ControlProblem, LaunchProblem } from "./launches.js";
import type { RunJob, RunQueue } from "./run-queue.js";
import { storeBatch } from "./store-batch.js";
import type { Suites } from "./suites.js";

/** A rerun (platform.md §3.6): which suite version, and what plays the model calls. */
export interface RerunRequest {
  /** `recorded` (default): the suite version the run ran; `live`: the suite's newest version (the current agent). */
  agent?: "recorded" | "live" | undefined;
  /** `replay` (default): the original run's cassette, a miss is an error (zero model calls); `auto`: call the model on a miss. */
  cassette?: "replay" | "auto" | undefined;
}

/** What a rerun made. */
export interface Rerun {
  batchId: string;
  runId: string;
  replayOf: string;
  suite: { name: string; version: string };
}

export class Reruns {
  private readonly uuid: () => string;

  constructor(
    private readonly dependencies: {
      database: Database;
      suites: Suites;
      queue: () => RunQueue;
      audit: AuditLog;
      now: () => number;
    },
  ) {
    this.uuid = createUuidV7(dependencies.now);
  }

  /**
   * Runs a launched run again as a new run (`replayOf` it) with its seed:
   * with its suite version and cassette it must come out the same (a
   * determinism check); with the suite's newest version it shows what the
   * current agent does with the same user turns (a regression check). Both are
   * compared with the original through the run diff.
   */
  async rerun(tenantId: string, runId: string, request: RerunRequest, actor: Omit<AuditEntry, "action">): Promise<Rerun> {
    const { database, suites } = this.dependencies;
    const source = await database.forTenant(tenantId, (executor) => rerunSource(executor, runId));
    if (!source) throw new ControlProblem(404, "not_found", `no run ${runId}`);
    if (!source.job)
      throw new ControlProblem(
        409,
        "not_controllable",
        `run ${runId} was reported by an SDK run, not launched by this server: only launched runs can be rerun`,
      );
    const original = source.job;
    const mode = request.cassette ?? "replay";
    if (!source.hasCassette && mode === "replay")
      throw new ControlProblem(
        409,
        "no_cassette",
        `run ${runId} has no cassette: launch with "cassette": "record" to rerun without model calls, or ask for "cassette": "auto"`,
      );
    let version = original.suite.version;
    let scenario = original.scenario;
    if (request.agent === "live") {
      const latest = await suites.read(tenantId, original.suite.name);
      if (!latest) throw new LaunchProblem(404, "suite", `suite ${original.suite.name} is gone`);
      const position = latest.scenarios.findIndex((entry) => entry.id === original.scenario.id);
      const found = latest.scenarios[position];
      if (!found)
        throw new LaunchProblem(
          422,
          "agent",
          `the newest version of ${original.suite.name} has no scenario "${original.scenario.id}"`,
        );
      const index = latest.scenarios.slice(0, position).filter((entry) => entry.path === found.path).length;
      version = latest.version;
      scenario = { path: found.path, index, id: found.id, name: found.name };
    }
    const batchId = `batch_${this.uuid()}`;
    const job: RunJob = {
      ...original,
      batchId,
      runId: `run_${this.uuid()}`,
      trialIndex: 0,
      suite: { name: original.suite.name, version },
      scenario,
      replayOf: runId,
      ...(source.hasCassette ? { cassette: { mode, from: runId } } : {}),
    };
    const launch = {
      rerunOf: runId,
      agent: request.agent ?? "recorded",
      cassette: source.hasCassette ? mode : "off",
      suite: original.suite.name,
      version,
    };
    await storeBatch(
      this.dependencies,
      tenantId,
      { batchId, setId: original.setId, note: `rerun of ${runId}`, labels: ["rerun"], launch },
      [job],
      {
        ...actor,
        action: "run.rerun",
      },
    );
    return { batchId, runId: job.runId, replayOf: runId, suite: job.suite };
  }

  /** The cassette run `runId` recorded, or undefined. */
  cassette(tenantId: string, runId: string): Promise<string | undefined> {
    return this.dependencies.database.forTenant(tenantId, (executor) => readCassette(executor, runId));
  }

  /** Keeps the cassette run `runId` recorded. */
  async storeCassette(tenantId: string, runId: string, content: string): Promise<void> {
    await this.dependencies.database.forTenant(tenantId, (executor) => storeCassette(executor, tenantId, runId, content));
  }
}
