import { ConfigError, errorMessage, RehearseError } from "../domain/errors.js";
import type { UsageLine } from "../domain/models.js";
import type { ScenarioStatus } from "../domain/outcome.js";
import type { ScenarioResult } from "../domain/result.js";
import type { RehearseConfig } from "../runner/config.js";
import { createRehearse, type RehearseOptions, type RunManyOptions } from "../runner/rehearse.js";
import { loadScenarios } from "./load-scenarios.js";

/** Usage of `rehearse run`. */
export const runUsage = `Usage: rehearse run <files…> [--debug] [--record | --replay] [--seed N] [--concurrency N] [--verbose]

Runs the scenarios exported by each file (default export, or \`scenarios\`:
one scenario or an array of them) and prints one line per scenario.

  --debug          pause before each simulated user turn (needs a terminal)
  --record         record model calls to the cassette
  --replay         answer model calls from the cassette only
  --seed N         base seed of the batch
  --concurrency N  scenarios in flight at once
  --verbose        print conversations as they happen

Exit code: 0 when nothing failed, 1 when a scenario failed or errored, 2 for usage errors.`;

/** `rehearse run`'s arguments, parsed. */
export interface RunArguments {
  files: string[];
  help: boolean;
  debug: boolean;
  record: boolean;
  replay: boolean;
  verbose: boolean;
  seed?: number;
  concurrency?: number;
}

const flags = { "--debug": "debug", "--record": "record", "--replay": "replay", "--verbose": "verbose" } as const;
const numbers = {
  "--seed": { key: "seed", min: 0, max: 0xffff_ffff },
  "--concurrency": { key: "concurrency", min: 1, max: 10_000 },
} as const;

/**
 * Parses the arguments after `run`. Throws a `ConfigError` (source `command
 * line`, path = the option) with a message fit for the terminal.
 */
export function parseRunArguments(argv: readonly string[]): RunArguments {
  const parsed: RunArguments = { files: [], help: false, debug: false, record: false, replay: false, verbose: false };
  const usageError = (message: string, path?: string) =>
    new ConfigError(`rehearse run: ${message}`, { source: "command line", ...(path ? { path } : {}) });
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index] as string;
    if (argument === "--") {
      parsed.files.push(...argv.slice(index + 1));
      break;
    }
    if (!argument.startsWith("-")) {
      parsed.files.push(argument);
      continue;
    }
    const [name, inline] = argument.startsWith("--") && argument.includes("=") ? splitOnce(argument) : [argument, undefined];
    if (name === "--help" || name === "-h") parsed.help = true;
    else if (name in flags) {
      if (inline !== undefined) throw usageError(`${name} takes no value`, name);
      parsed[flags[name as keyof typeof flags]] = true;
    } else if (name in numbers) {
      const { key, min, max } = numbers[name as keyof typeof numbers];
      const text = inline ?? argv[++index];
      if (text === undefined || text.startsWith("--")) throw usageError(`${name} needs a number`, name);
      const value = Number(text);
      if (!/^\d+$/.test(text) || value < min || value > max) {
        throw usageError(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(text)}`, name);
      }
      parsed[key] = value;
    } else throw usageError(`unknown option ${JSON.stringify(argument)}`, argument);
  }
  if (parsed.help) return parsed;
  if (parsed.record && parsed.replay) throw usageError("--record and --replay cannot be used together", "--replay");
  if (parsed.files.length === 0) throw usageError("no scenario files given");
  return parsed;
}

function splitOnce(argument: string): [string, string] {
  const at = argument.indexOf("=");
  return [argument.slice(0, at), argument.slice(at + 1)];
}

/** Where the run command writes and what it runs in. */
export interface RunCommandContext {
  /** Receives result lines and the summary. */
  print(line: string): void;
  /** Receives usage and load errors. */
  printError(line: string): void;
  cwd: string;
  env?: RehearseOptions["env"];
  logger?: RehearseOptions["logger"];
}

const labels: Record<ScenarioStatus, string> = { pass: "PASS ", fail: "FAIL ", error: "ERROR", skipped: "SKIP " };

/**
 * `rehearse run <files…>`: loads the files, runs their scenarios with
 * `runMany`, prints a line per scenario and a summary. Resolves to the exit
 * code (0 all passed or skipped, 1 failures or errors, 2 usage errors).
 */
export async function runCommand(argv: readonly string[], context: RunCommandContext): Promise<number> {
  let parsed: RunArguments;
  try {
    parsed = parseRunArguments(argv);
    if (parsed.help) {
      context.print(runUsage);
      return 0;
    }
  } catch (error) {
    context.printError(`${errorMessage(error)}\n\n${runUsage}`);
    return 2;
  }
  const config: RehearseConfig = {};
  if (parsed.record) config.cassette = { mode: "record" };
  if (parsed.replay) config.cassette = { mode: "replay" };
  if (parsed.debug) config.debug = true;
  try {
    const scenarios = await loadScenarios(parsed.files, context.cwd);
    const options: RunManyOptions = {
      onResult: (result, index) => context.print(resultLine(result, scenarios[index]?.name ?? result.scenarioId)),
      ...(parsed.seed !== undefined ? { seed: parsed.seed } : {}),
      ...(parsed.concurrency !== undefined ? { concurrency: parsed.concurrency } : {}),
      // Prompts of concurrent scenarios would interleave on one terminal.
      ...(parsed.debug ? { concurrency: 1 } : {}),
      ...(parsed.verbose ? { verbose: true } : {}),
    };
    const rehearse = createRehearse({
      cwd: context.cwd,
      config,
      ...(context.env ? { env: context.env } : {}),
      ...(context.logger ? { logger: context.logger } : {}),
    });
    const batch = await rehearse.runMany(scenarios, options);
    const { pass, fail, error, skipped } = batch.counts;
    context.print(`${pass} passed, ${fail} failed, ${error} error${error === 1 ? "" : "s"}, ${skipped} skipped`);
    const usage = usageLine(batch.usage.total);
    if (usage) context.print(usage);
    if (batch.stopped) context.print(`stopped: ${batch.stopped.reason}`);
    return fail + error > 0 ? 1 : 0;
  } catch (error) {
    if (!RehearseError.isInstance(error) || !["invalid_scenario", "invalid_config"].includes(error.code)) throw error;
    context.printError(`rehearse run: ${errorMessage(error)}`);
    return 2;
  }
}

/** `PASS   name  — first line of the reasoning`: the line printed for each scenario. */
export function resultLine(result: ScenarioResult, name: string): string {
  const reasoning = (result.reasoning ?? result.error ?? "").split("\n")[0]?.trim();
  return `${labels[result.status]}  ${name}${reasoning ? `  — ${reasoning}` : ""}`;
}

/** One line of model usage for the summary, or nothing when no model was called. */
export function usageLine(total: UsageLine): string | undefined {
  if (total.calls === 0 && total.replayedCalls === 0) return undefined;
  const cost = total.cost === null ? "cost unknown (a model has no price)" : `$${total.cost.toFixed(4)}`;
  const replayed = total.replayedCalls > 0 ? `, ${total.replayedCalls} replayed` : "";
  return `models: ${total.calls} calls${replayed}, ${total.inputTokens} input + ${total.outputTokens} output tokens, ${cost}`;
}
