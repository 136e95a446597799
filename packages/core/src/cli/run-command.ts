import { relative, resolve } from "node:path";
import { buildRunReport, writeReports } from "../api/reports.js";
import { createRehearse, type Rehearse, runSuite, type SuiteResult, type SuiteRun } from "../api/runs.js";
import { expectationOf } from "../domain/expectation.js";
import type { ScenarioResult } from "../domain/result.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { loadAgentOverride, replaceAgentUnderTest } from "./agent-override.js";
import type { CliContext } from "./cli-context.js";
import { type ConfigOptions, cliDefaultModelHint, configFromOptions, reporterSpecs } from "./command-config.js";
import { ExitCode, runExitCode } from "./exit-codes.js";
import type { FileScenario } from "./load-scenarios.js";
import { runSummaryLines } from "./print-run-summary.js";
import { liveProgress, plainProgress, type RunProgress } from "./progress.js";
import { resultLine } from "./result-lines.js";
import { stalledRunsLine } from "./running-scenarios.js";
import { emptySelectionMessage, type SelectionOptions, selectScenarios } from "./select-scenarios.js";

/** The options of `rehearse run`, as commander parsed them. */
export interface RunCommandOptions extends SelectionOptions, ConfigOptions {
  seed?: number;
  repeat?: number;
  concurrency?: number;
  /** `--agent <module[#export]>`: replaces the agent under test of every scenario. */
  agent?: string;
  failFast?: boolean;
  /** `--fail-on-skipped`: any skipped run makes the exit code 1. */
  failOnSkipped?: boolean;
  /** `--reporter` values, unparsed. */
  reporter?: string[];
}

const interruptedReason = "interrupted (Ctrl-C)";
const failFastReason = "--fail-fast: stopped after the first unexpected result";

/**
 * `rehearse run <paths…>`: selects the scenarios, runs each `repeat` times
 * through `runSuite`, shows progress, prints the details of every unexpected
 * run, the skipped ones with their reason and the totals, writes the reports
 * and resolves to the exit code (0 as expected, 1 unexpected — or any skip
 * with `--fail-on-skipped`, 3 nothing tested: no scenario matched the
 * filters or every run was skipped, 130 interrupted). User errors (flags,
 * files, config) are thrown for the caller to print (exit 2); nothing runs
 * then.
 *
 * @example
 * ```ts
 * const code = await runCommand(["scenarios"], { tag: ["smoke"], reporter: ["junit=out/junit.xml"] }, context);
 * ```
 */
export async function runCommand(paths: readonly string[], options: RunCommandOptions, context: CliContext): Promise<number> {
  const reporters = reporterSpecs(options.reporter, "rehearse run");
  const selection = await selectScenarios(paths, options, context, "rehearse run");
  if (selection.scenarios.length === 0) {
    context.printError(emptySelectionMessage(selection, "rehearse run"));
    return ExitCode.nothingTested;
  }
  const selected = selection.scenarios;
  const scenarios = options.agent ? await withAgent(selected, options.agent, context.cwd) : selected;
  const rehearse = createRehearse({
    cwd: context.cwd,
    env: context.env,
    config: configFromOptions(options),
    defaultModelHint: cliDefaultModelHint,
    ...(context.logger ? { logger: context.logger } : {}),
  });
  const config = await rehearse.resolveConfig();
  if (context.interrupt.aborted) return ExitCode.interrupted;

  const repeat = options.repeat ?? 1;
  const names = scenarios.flatMap((entry) =>
    Array.from({ length: repeat }, (_, index) => (repeat > 1 ? `${entry.config.name} #${index + 1}` : entry.config.name)),
  );
  const live = context.interactive && !options.verbose && !options.debug;
  const concurrency = options.debug ? 1 : (options.concurrency ?? config.concurrency);
  const progress: RunProgress = live ? await liveProgress(names, concurrency) : plainProgress(context.print);
  const stop = new AbortController();
  const startedAt = new Date();
  let suite: SuiteResult;
  try {
    suite = await runSuite(
      gated(rehearse, stop.signal, (scenario) => context.running?.started(scenario.name)),
      scenarios.map((entry) => entry.config),
      {
        repeat,
        concurrency,
        signal: context.interrupt,
        ...(options.seed !== undefined || config.seed !== undefined ? { seed: options.seed ?? config.seed } : {}),
        onResult: (result: ScenarioResult, run: SuiteRun) => {
          const index = run.scenarioIndex * repeat + run.repeat;
          context.running?.finished(scenarios[run.scenarioIndex]?.config.name ?? run.name);
          const outcome = expectationOf(scenarios[run.scenarioIndex]?.config.expect ?? "pass", result.status).outcome;
          progress.finished(index, { outcome, line: resultLine(result, names[index] ?? run.name) });
          if (options.failFast && outcome === "unexpected") stop.abort();
        },
      },
    );
  } finally {
    await progress.close();
  }
  const finishedAt = new Date();
  await closeReporting(rehearse, context);

  const entries = suite.seeds.flatMap((run, index) => {
    const result = suite.batch.results[index];
    const scenario = scenarios[run.scenarioIndex];
    return result && scenario ? [{ scenario: reportScenario(scenario, context.cwd), result }] : [];
  });
  const interrupted = context.interrupt.aborted;
  const notRun = suite.seeds.flatMap((_, index) => (suite.batch.results[index] ? [] : [names[index] ?? ""]));
  // --fail-fast stopped something only when runs were left; after the last one there was nothing to stop
  const failedFast = stop.signal.aborted && notRun.length > 0;
  // "interrupted (Ctrl-C)", or "terminated (SIGTERM)": the bin aborts with the signal's own reason
  const reason: unknown = context.interrupt.reason;
  const signalled = reason instanceof Error && reason.name !== "AbortError" ? reason.message : interruptedReason;
  const stoppedReason = interrupted ? signalled : failedFast ? failFastReason : suite.batch.stopped?.reason;
  const report = buildRunReport({
    entries,
    batchRunId: suite.batch.batchRunId,
    startedAt,
    finishedAt,
    toolVersion: context.version,
    ...(context.command ? { command: context.command } : {}),
    usage: suite.batch.usage,
    ...(stoppedReason ? { stopped: { reason: stoppedReason } } : {}),
  });
  const lines = runSummaryLines({
    report,
    suite,
    ...(notRun.length > 0 ? { notRun: { names: notRun, reason: stoppedReason ?? "not started" } } : {}),
    expectationsDeclared: scenarios.some((entry) => entry.config.expect !== undefined),
    interrupted,
    failOnSkipped: options.failOnSkipped === true,
    color: context.color,
  });
  for (const line of lines) context.print(line);
  for (const file of await writeReports(report, reporters, context.cwd)) context.print(`report: ${relative(context.cwd, file)}`);
  if (interrupted) return ExitCode.interrupted;
  const stalled = entries.filter((entry) => entry.result.errorCode === "run_stalled").length;
  if (stalled > 0) {
    context.printError(stalledRunsLine(stalled));
    return ExitCode.stalled;
  }
  return runExitCode(report, options.failOnSkipped === true);
}

/**
 * Ends the reporting to a Rehearse server, if any (`--report-to`,
 * `REHEARSE_ENDPOINT`): sends what it can within 5 s, also after Ctrl-C or
 * SIGTERM, and says what was left in the outbox for later.
 */
async function closeReporting(rehearse: Rehearse, context: CliContext): Promise<void> {
  const delivery = await rehearse.close({ timeoutMs: 5_000 });
  if (!delivery || delivery.pending === 0) return;
  const shown = relative(context.cwd, delivery.outboxDir) || delivery.outboxDir;
  context.printError(
    `reporting: ${delivery.pending} event${delivery.pending === 1 ? "" : "s"} not delivered yet (${delivery.reason ?? "time ran out"}); they stay in ${shown} for the next run or \`rehearse outbox flush\``,
  );
}

/** The scenarios with `--agent` as their agent under test. */
async function withAgent(scenarios: readonly FileScenario[], spec: string, cwd: string): Promise<FileScenario[]> {
  const agentFor = await loadAgentOverride(spec, cwd, "rehearse run");
  const replaced: FileScenario[] = [];
  for (const entry of scenarios)
    replaced.push({ file: entry.file, config: replaceAgentUnderTest(entry.config, await agentFor()) });
  return replaced;
}

/** What the report says about a scenario: its config's fields and its file relative to the working directory. */
function reportScenario({ file, config }: FileScenario, cwd: string) {
  return {
    name: config.name,
    description: config.description,
    file: relative(cwd, resolve(cwd, file)) || file,
    ...(config.id !== undefined ? { id: config.id } : {}),
    ...(config.scenarioType !== undefined ? { scenarioType: config.scenarioType } : {}),
    ...(config.difficulty !== undefined ? { difficulty: config.difficulty } : {}),
    ...(config.tags !== undefined ? { tags: config.tags } : {}),
    ...(config.expect !== undefined ? { expect: config.expect } : {}),
  };
}

/**
 * `rehearse.runMany` that stops taking new scenarios once `signal` aborts:
 * runs in flight finish normally (`--fail-fast` reports them as they
 * really ended), the rest are never started.
 */
function gated(rehearse: Rehearse, signal: AbortSignal, onStart: (scenario: ScenarioConfig) => void): Pick<Rehearse, "runMany"> {
  return {
    runMany: (scenarios, options) => rehearse.runMany(until(scenarios, signal, onStart), options),
  };
}

/** The scenarios until `signal` aborts; `onStart` sees each as the pool takes it (it starts then). */
async function* until(
  scenarios: Iterable<ScenarioConfig> | AsyncIterable<ScenarioConfig>,
  signal: AbortSignal,
  onStart: (scenario: ScenarioConfig) => void,
): AsyncGenerator<ScenarioConfig> {
  for await (const scenario of scenarios) {
    if (signal.aborted) return;
    onStart(scenario);
    yield scenario;
  }
}
