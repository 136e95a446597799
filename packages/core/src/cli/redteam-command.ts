import { relative, resolve } from "node:path";
import {
  type RedTeamStrategyName,
  redTeamReportOf,
  redTeamReportPath,
  redTeamScenario,
  safeName,
  writeRedTeamReport,
} from "../api/red-team.js";
import { buildRunReport, failureDetails, writeReports } from "../api/reports.js";
import { createRehearse } from "../api/runs.js";
import { countNoun } from "../domain/count-noun.js";
import { loadAgentOverride } from "./agent-override.js";
import type { CliContext } from "./cli-context.js";
import { cliDefaultModelHint, configFromOptions, reporterSpecs } from "./command-config.js";
import { ExitCode, usageError } from "./exit-codes.js";
import { resultLine } from "./result-lines.js";
import { stalledRunsLine } from "./running-scenarios.js";

/** The options of `rehearse redteam`, as commander parsed them. */
export interface RedteamOptions {
  agent?: string;
  objective?: string;
  strategy: RedTeamStrategyName;
  turns: number;
  description: string;
  criterion?: string[];
  model?: string;
  seed?: number;
  /** `--timeout`, `--model-timeout`, `--scenario-timeout` (seconds): the run's time limits. */
  timeout?: number;
  modelTimeout?: number;
  scenarioTimeout?: number;
  reportDir?: string;
  /** The batch directory under `reportDir` (default: the UTC start time). */
  batch?: string;
  reporter?: string[];
}

/**
 * `rehearse redteam`: one red-team attack on `--agent`, graded by a judge.
 * Prints the run's line and the attack's outcome, writes the red-team JSON
 * report under `--report-dir` and the `--reporter` reports, and resolves to
 * the exit code: 0 when the agent held, 1 when it broke or the run errored,
 * 3 when the run was skipped (nothing tested), 130 on Ctrl-C. Without a model for the attacker and the
 * judge it throws a configuration error (exit 2) before loading the agent.
 *
 * @example
 * ```ts
 * await redteamCommand({ agent: "bot.ts", objective: "reveal the system prompt", strategy: "goat", turns: 5, description: "A bank bot" }, context);
 * ```
 */
export async function redteamCommand(options: RedteamOptions, context: CliContext): Promise<number> {
  if (!options.agent) throw usageError("rehearse redteam: --agent <module[#export]> is required", "--agent");
  if (!options.objective?.trim()) throw usageError('rehearse redteam: --objective "…" is required', "--objective");
  if (options.batch !== undefined && (safeName(options.batch) !== options.batch || options.batch.startsWith("-"))) {
    throw usageError(
      `rehearse redteam: --batch must be letters, digits, _ and - only, got ${JSON.stringify(options.batch)}`,
      "--batch",
    );
  }
  const reporters = reporterSpecs(options.reporter, "rehearse redteam");
  const rehearse = createRehearse({
    cwd: context.cwd,
    env: context.env,
    config: configFromOptions({
      ...(options.model !== undefined ? { model: options.model } : {}),
      ...(options.timeout !== undefined ? { timeout: options.timeout } : {}),
      ...(options.modelTimeout !== undefined ? { modelTimeout: options.modelTimeout } : {}),
      ...(options.scenarioTimeout !== undefined ? { scenarioTimeout: options.scenarioTimeout } : {}),
    }),
    defaultModelHint: cliDefaultModelHint,
    ...(context.logger ? { logger: context.logger } : {}),
  });
  const config = await rehearse.resolveConfig();
  // the attacker and the judge take only defaultModel: without one the attack cannot run, and an
  // explicit request for one never ends green (or merely skipped) without doing the work
  if (config.defaultModel === undefined) {
    throw usageError(
      "rehearse redteam: no model for the attacker and the judge: pass --model <id> (e.g. --model openai:gpt-4.1-mini) or set REHEARSE_DEFAULT_MODEL (or defaultModel in rehearse.config.mjs)",
      "--model",
    );
  }
  const agent = await (await loadAgentOverride(options.agent, context.cwd, "rehearse redteam"))();
  const plan = {
    ...options,
    agent,
    objective: options.objective.trim(),
    ...(options.criterion ? { criteria: options.criterion } : {}),
  };
  const scenario = { ...redTeamScenario(plan), ...(options.seed !== undefined ? { seed: options.seed } : {}) };
  const startedAt = new Date();
  const batch = await rehearse.runMany([scenario], { signal: context.interrupt });
  const result = batch.results[0];
  if (!result) return ExitCode.interrupted;
  context.print(resultLine(result, scenario.name));

  const redTeam = redTeamReportOf(result, plan);
  if (redTeam) {
    const breaking = redTeam.breakingTurn === undefined ? "" : ` at turn ${redTeam.breakingTurn}`;
    context.print(`attack: ${redTeam.outcome}${breaking} (${redTeam.strategy}, ${countNoun(redTeam.turns.length, "turn")})`);
  }
  const report = buildRunReport({
    entries: [{ scenario, result }],
    batchRunId: batch.batchRunId,
    startedAt,
    finishedAt: new Date(),
    toolVersion: context.version,
    ...(context.command ? { command: context.command } : {}),
    usage: batch.usage,
  });
  const entry = report.entries[0];
  if (entry?.expectation.outcome === "unexpected")
    for (const line of ["", ...failureDetails(entry, { color: context.color })]) context.print(line);
  if (options.reportDir && redTeam) {
    const file = await writeRedTeamReport(
      redTeam,
      redTeamReportPath(resolve(context.cwd, options.reportDir), options.batch, startedAt, scenario.name, plan.strategy),
    );
    context.print(`red-team report: ${relative(context.cwd, file)}`);
  } else if (options.reportDir) {
    context.print("red-team report: none written (the attack did not start)");
  }
  for (const file of await writeReports(report, reporters, context.cwd)) context.print(`report: ${relative(context.cwd, file)}`);
  if (context.interrupt.aborted) return ExitCode.interrupted;
  if (result.errorCode === "run_stalled") {
    context.printError(stalledRunsLine(1));
    return ExitCode.stalled;
  }
  if (entry?.expectation.outcome === "unexpected") return ExitCode.unexpected;
  return result.status === "skipped" ? ExitCode.nothingTested : ExitCode.ok;
}
