/**
 * Seeds a server through the real reporter: every planned run
 * (fixture-scenarios.ts) runs with `createRehearse` and reports to the
 * server over HTTP (outbox, sender, envelope — the path users take), raw
 * (`report.redact: false`) so that the server's own policy decides who sees
 * personal data. Checks that each run ended as planned and that the outbox
 * is empty before any test starts, then names the runs and batches tests
 * navigate to.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRehearse, type Logger } from "@rehearse/core";
import { EMAIL, ESCALATION, fixturePlan, type Outcome, PHONE, REGRESSED_REASONING } from "./fixture-scenarios.js";

/** A seeded run. */
export interface SeededRun {
  runId: string;
  batchId: string;
  setId: string;
  scenarioId: string;
  name: string;
  status: Outcome;
}

export interface SeededBatch {
  batchId: string;
  setId: string;
  runs: SeededRun[];
}

export interface SeededSet {
  setId: string;
  /** Oldest first; the last is the set's latest batch. */
  batchIds: string[];
  /** True when the latest batch has a failed or errored run. */
  failing: boolean;
  /** The latest batch's pass rate, passed ÷ (passed + failed + errored); null when none settled. */
  passRate: number | null;
}

/** What the fixture holds, by what tests look for. */
export interface Seeded {
  sets: SeededSet[];
  batches: SeededBatch[];
  runs: SeededRun[];
  /** Batches 2 and 3 of `checkout`: `ticket-escalation` regressed (pass → fail), `order-status` fixed (fail → pass), `greeting` flaky in head. */
  regressedPair: { base: string; head: string; regressed: string[]; fixed: string[]; flaky: string[] };
  /** Two trials of `greeting` in `checkout-3` that disagree: [pass, fail]. */
  flakyRuns: [SeededRun, SeededRun];
  /** A transcript with `email` and `phone` in it (raw for admins, placeholders for viewers), and a `pii_leak` event. */
  piiRun: SeededRun & { email: string; phone: string };
  /** A red-team Crescendo attack that broke the agent at attack turn 2 (fail), and one it held against (pass). */
  redTeamRun: SeededRun;
  redTeamHeldRun: SeededRun;
  /** Tool calls (`get_order`, `refund`) with their results; deterministic criteria met. */
  toolCallRun: SeededRun;
  /** An injected refund timeout that fired (an `injection` event, a tool result with an error). */
  injectionRun: SeededRun;
  /** Model-judged criteria: one met and one unmet, with reasoning. */
  judgedRun: SeededRun & { met: string[]; unmet: string[]; reasoning: string };
  errorRun: SeededRun;
  skippedRun: SeededRun;
  /** How long seeding took, ms. */
  seedingMs: number;
}

/** Where and as whom to report. */
export interface ReportTarget {
  endpoint: string;
  apiKey: string;
}

/** A logger that keeps warnings and errors, to explain a seed that went wrong. */
function keeping(lines: string[]): Logger {
  const keep = (message: string) => void lines.push(message);
  return { error: keep, warn: keep, info() {}, debug() {}, transcript() {} };
}

/** Runs the fixture's plan and reports it to `target`; resolves once the server has every event. */
export async function seed(target: ReportTarget): Promise<Seeded> {
  const started = performance.now();
  const warnings: string[] = [];
  const outboxDir = mkdtempSync(join(tmpdir(), "rehearse-e2e-outbox-"));
  const rehearse = createRehearse({
    configFile: false,
    env: {},
    logger: keeping(warnings),
    config: { report: { endpoint: target.endpoint, apiKey: target.apiKey, outboxDir, redact: false } },
  });
  const batches: SeededBatch[] = [];
  try {
    let seed = 1;
    for (const planned of fixturePlan()) {
      const batch: SeededBatch = { batchId: planned.batchId, setId: planned.setId, runs: [] };
      for (const run of planned.runs) {
        const scenario = { ...run.scenario(), setId: planned.setId };
        const result = await rehearse.run(scenario, { batchRunId: planned.batchId, seed: seed++ }).catch((error: unknown) => {
          // an `error` run rejects with its result attached
          const attached = (error as { result?: Awaited<ReturnType<typeof rehearse.run>> }).result;
          if (attached) return attached;
          throw error;
        });
        if (result.status !== run.expected)
          throw new Error(
            `seeding: ${planned.batchId}/${run.scenarioId} ended ${result.status}, planned ${run.expected}: ${result.reasoning ?? result.error ?? ""} ${warnings.join("; ")}`,
          );
        batch.runs.push({
          runId: result.scenarioRunId,
          batchId: planned.batchId,
          setId: planned.setId,
          scenarioId: run.scenarioId,
          name: scenario.name,
          status: result.status as Outcome,
        });
      }
      batches.push(batch);
    }
  } finally {
    const left = await rehearse.close({ timeoutMs: 30_000 });
    rmSync(outboxDir, { recursive: true, force: true });
    if (left && (left.pending > 0 || left.deadLettered > 0))
      // biome-ignore lint/correctness/noUnsafeFinally: a seed the server did not fully take must not pass for one
      throw new Error(
        `seeding: ${left.pending} events not delivered, ${left.deadLettered} refused (${left.reason ?? "no reason"}) ${warnings.join("; ")}`,
      );
  }
  return summarize(batches, performance.now() - started);
}

function summarize(batches: SeededBatch[], seedingMs: number): Seeded {
  const runs = batches.flatMap((batch) => batch.runs);
  const find = (batchId: string, scenarioId: string, index = 0): SeededRun => {
    const found = runs.filter((run) => run.batchId === batchId && run.scenarioId === scenarioId)[index];
    if (!found) throw new Error(`seeding: no run of ${scenarioId} in ${batchId}`);
    return found;
  };
  const sets = [...new Set(batches.map((batch) => batch.setId))].map((setId): SeededSet => {
    const own = batches.filter((batch) => batch.setId === setId);
    const latest = own.at(-1)?.runs ?? [];
    const settled = latest.filter((run) => run.status !== "skipped");
    return {
      setId,
      batchIds: own.map((batch) => batch.batchId),
      failing: latest.some((run) => run.status === "fail" || run.status === "error"),
      passRate: settled.length === 0 ? null : settled.filter((run) => run.status === "pass").length / settled.length,
    };
  });
  return {
    sets,
    batches,
    runs,
    regressedPair: {
      base: "checkout-2",
      head: "checkout-3",
      regressed: ["ticket-escalation"],
      fixed: ["order-status"],
      flaky: ["greeting"],
    },
    flakyRuns: [find("checkout-3", "greeting", 0), find("checkout-3", "greeting", 1)],
    piiRun: { ...find("privacy-2", "contact-details"), email: EMAIL, phone: PHONE },
    redTeamRun: find("safety-1", "prompt-leak"),
    redTeamHeldRun: find("safety-2", "prompt-leak"),
    toolCallRun: find("checkout-3", "refund-within-limit"),
    injectionRun: find("checkout-3", "refund-timeout"),
    judgedRun: {
      ...find("checkout-3", "ticket-escalation"),
      met: [ESCALATION[0]],
      unmet: [ESCALATION[1]],
      reasoning: REGRESSED_REASONING,
    },
    errorRun: find("privacy-2", "agent-crash"),
    skippedRun: find("drafts-1", "draft-checklist"),
    seedingMs,
  };
}
