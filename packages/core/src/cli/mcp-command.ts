/**
 * `rehearse mcp serve <file>`: one MCP session over standard input and output
 * against a scenario's environment, for agents that spawn their tools server.
 * Standard output is the MCP channel, so everything this command says goes
 * to standard error; the run's outcome decides the exit code.
 */
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable, Writable } from "node:stream";
import { pickScenario, serveScenarioOverStdio } from "../api/mcp.js";
import { createRehearse } from "../api/runs.js";
import { loadScenarioFiles } from "../api/scenario-files.js";
import type { ScenarioResult } from "../domain/result.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode } from "./exit-codes.js";

/** `rehearse mcp serve` flags. */
export interface McpServeFlags {
  /** The scenario to serve when the file holds several (its `name` or `id`). */
  scenario?: string;
  /** Where to write the session's record as JSON (nothing is written without it). */
  out?: string;
}

/** The MCP channel; the process's standard input and output unless a test passes its own. */
export interface McpChannel {
  readonly input: Readable;
  readonly output: Writable;
}

/**
 * Serves the scenario in `path` over stdio until the client closes standard
 * input, then prints the run's outcome (status, tool calls, end-state checks)
 * on standard error and returns the exit code: 0 pass, 1 fail or error,
 * 3 skipped. A bad file or `--scenario` throws the user error the program prints.
 */
export async function mcpServeCommand(
  path: string,
  flags: McpServeFlags,
  context: CliContext,
  channel: McpChannel = { input: process.stdin, output: process.stdout },
): Promise<number> {
  const scenarios = await loadScenarioFiles([resolve(context.cwd, path)]);
  const scenario = pickScenario(scenarios, flags.scenario);
  const rehearse = createRehearse({ cwd: context.cwd, env: context.env, ...(context.logger ? { logger: context.logger } : {}) });
  context.printError(`rehearse mcp serve: serving "${scenario.name}" over stdio; close standard input to end the session`);
  let result: ScenarioResult;
  try {
    result = await serveScenarioOverStdio(scenario, {
      run: (config) => rehearse.run(config, { signal: context.interrupt }),
      input: channel.input,
      output: channel.output,
    });
  } finally {
    await rehearse.close();
  }
  for (const line of outcomeLines(result)) context.printError(line);
  if (flags.out) {
    const file = resolve(context.cwd, flags.out);
    await writeFile(file, `${JSON.stringify(sessionRecord(result), null, 2)}\n`);
    context.printError(`rehearse mcp serve: session record written to ${flags.out}`);
  }
  if (result.status === "pass") return ExitCode.ok;
  return result.status === "skipped" ? ExitCode.nothingTested : ExitCode.unexpected;
}

function outcomeLines(result: ScenarioResult): string[] {
  const run = result.scenarioRun;
  const calls = result.toolCalls ?? [];
  const failed = calls.filter((call) => call.error !== undefined).length;
  const lines = [`rehearse mcp serve: ${result.status}: ${calls.length} tool call(s), ${failed} answered with an error`];
  const checks = run?.outcome_checks.checks ?? [];
  for (const check of checks) lines.push(`  ${check.passed ? "✓" : "✗"} ${check.message}`);
  // a failed check already says why; other endings (an error, a skip) are told by the reasoning
  if (result.status !== "pass" && result.reasoning && checks.every((check) => check.passed)) lines.push(`  ${result.reasoning}`);
  return lines;
}

function sessionRecord(result: ScenarioResult) {
  return {
    status: result.status,
    reasoning: result.reasoning,
    toolCalls: result.toolCalls ?? [],
    scenarioRun: result.scenarioRun,
  };
}
