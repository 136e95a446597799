/**
 * Reporting while a test watches: `reportLive(target)` opens a batch whose
 * runs the test drives turn by turn through the real reporter. Each run's
 * user says its lines; the agent under test answers only when the test calls
 * `reply(text)`, and the run ends when the test calls `finish(outcome)`. So
 * a page can be asserted on between any two events (a run started, a
 * message arrived, a run finished).
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AgentRole, agent, createRehearse, type ScenarioResult, type ScriptStep, user } from "@rehearse/core";
import type { ReportTarget } from "./seed.js";

export interface LiveRunOptions {
  /** Shown as the run's name. */
  name: string;
  /** Default: the name, lower-cased and dashed. */
  scenarioId?: string;
  /** What the user says, one line per turn; each is followed by the agent's turn. */
  userTurns: string[];
}

/** A run in progress, driven by the test. */
export interface LiveRun {
  readonly runId: string;
  /** Answers the agent's next turn with `text` (it waits until then). */
  reply(text: string): void;
  /** Ends the run as `pass` or `fail`, after every user turn has been answered; resolves to its result. */
  finish(outcome: "pass" | "fail", reasoning?: string): Promise<ScenarioResult>;
  /** Settles when the run ends, however it ends. */
  readonly result: Promise<ScenarioResult>;
}

/** A batch the test reports into. */
export interface LiveBatch {
  readonly setId: string;
  readonly batchId: string;
  /** Starts a run now: its start and the first user line are reported at once. */
  start(options: LiveRunOptions): LiveRun;
  /** Stops unfinished runs (they end as `error`, aborted) and sends every event left; idempotent. */
  close(): Promise<void>;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Opens a batch (default: a new set and batch id each call, so tests do not see each other's live runs). */
export function reportLive(target: ReportTarget, options: { setId?: string; batchId?: string } = {}): LiveBatch {
  const suffix = randomUUID().slice(0, 8);
  const setId = options.setId ?? `live-${suffix}`;
  const batchId = options.batchId ?? `live-batch-${suffix}`;
  const outboxDir = mkdtempSync(join(tmpdir(), "rehearse-e2e-live-"));
  const rehearse = createRehearse({
    configFile: false,
    env: {},
    config: { report: { endpoint: target.endpoint, apiKey: target.apiKey, outboxDir, redact: false } },
  });
  const stop = new AbortController();
  const runs: Array<Promise<unknown>> = [];
  let closing: Promise<void> | undefined;

  /** `promise`, or a rejection once the batch is closed (a waiting run must not outlive its test). */
  const unlessStopped = <T>(promise: Promise<T>): Promise<T> =>
    Promise.race([
      promise,
      new Promise<never>((_resolve, reject) => {
        if (stop.signal.aborted) reject(stop.signal.reason);
        stop.signal.addEventListener("abort", () => reject(stop.signal.reason), { once: true });
      }),
    ]);

  const start = (run: LiveRunOptions): LiveRun => {
    const runId = `liverun_${randomUUID()}`;
    const replies: Array<Deferred<string>> = [];
    const replyAt = (index: number) => {
      replies[index] ??= deferred<string>();
      return replies[index];
    };
    let replied = 0;
    const verdict = deferred<{ pass: boolean; reasoning: string }>();
    let calls = 0;
    const underTest = { name: "LiveAgent", role: AgentRole.AGENT, call: () => unlessStopped(replyAt(calls++).promise) };
    const ending: ScriptStep = async (_state, executor) => {
      const { pass, reasoning } = await unlessStopped(verdict.promise);
      await (pass ? executor.succeed(reasoning) : executor.fail(reasoning));
    };
    const result = rehearse
      .run(
        {
          id: run.scenarioId ?? run.name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
          name: run.name,
          description: `A run reported live by a test: ${run.name}`,
          setId,
          agents: [underTest],
          script: [...run.userTurns.flatMap((line) => [user(line), agent()]), ending],
        },
        { batchRunId: batchId, runId, signal: stop.signal },
      )
      .catch((error: unknown) => {
        const attached = (error as { result?: ScenarioResult }).result;
        if (attached) return attached;
        throw error;
      });
    runs.push(result.catch(() => undefined));
    return {
      runId,
      reply: (text) => replyAt(replied++).resolve(text),
      finish: (outcome, reasoning = outcome === "pass" ? "The test passed the run." : "The test failed the run.") => {
        verdict.resolve({ pass: outcome === "pass", reasoning });
        return result;
      },
      result,
    };
  };

  const close = () => {
    closing ??= (async () => {
      stop.abort(new Error("the test ended"));
      await Promise.all(runs);
      const left = await rehearse.close({ timeoutMs: 10_000 });
      rmSync(outboxDir, { recursive: true, force: true });
      if (left && left.pending > 0)
        throw new Error(`reportLive: ${left.pending} events were not delivered (${left.reason ?? ""})`);
    })();
    return closing;
  };

  return { setId, batchId, start, close };
}
