import { readdir, readFile, writeFile } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import type { LanguageModelV3 } from "@ai-sdk/provider";
import { parse } from "yaml";
import {
  createModelRegistry,
  failureFromReport,
  type GenerationRequest,
  generateScenarios,
  type Proposal,
  readToolDescriptions,
  scenarioText,
} from "../api/generate.js";
import { createRehearse } from "../api/runs.js";
import { countNoun } from "../domain/count-noun.js";
import { InvalidModelOutputError } from "../domain/errors.js";
import type { CliContext } from "./cli-context.js";
import { cliDefaultModelHint, configFromOptions } from "./command-config.js";
import { ExitCode, usageError } from "./exit-codes.js";

/** `rehearse generate`'s options (flags). */
export interface GenerateOptions {
  systemPrompt?: string;
  tools?: string;
  requirements?: string;
  count?: number;
  fromRun?: string;
  scenario?: string;
  agent?: string;
  environment?: string;
  out?: string;
  model?: string;
  yes?: boolean;
  force?: boolean;
}

/** Seams for tests: the model in place of `--model` resolution. */
export interface GenerateDependencies {
  model?: LanguageModelV3;
}

const command = "rehearse generate";

/**
 * `rehearse generate`: a model proposes scenario files for the agent (from
 * its system prompt, tools and requirements, or branching from a failed run
 * of a JSON report); every proposal is checked by the scenario schema and
 * near-duplicates are dropped; then a person decides. Nothing is written
 * until accepted: at a terminal each proposal is asked about, `--yes` accepts
 * all, and otherwise the proposals are only printed. Accepted files go to
 * `--out` and never replace a file unless `--force`. Exit 0 once reviewed,
 * 2 for usage errors (no model: the setting to add), 1 when the model's answer
 * was unusable.
 */
export async function generateCommand(
  options: GenerateOptions,
  context: CliContext,
  dependencies: GenerateDependencies = {},
): Promise<number> {
  if (!options.systemPrompt && !options.fromRun)
    throw usageError(
      `${command}: --system-prompt <file> is required (the agent's system prompt), or --from-run <report.json>`,
      "--system-prompt",
    );
  if (!options.agent)
    throw usageError(`${command}: --agent <module[#export]> (or a JSON mapping of the file's agent:) is required`, "--agent");
  if (!options.out)
    throw usageError(`${command}: --out <folder> is required (where accepted scenario files are written)`, "--out");
  const count = options.count ?? 8;
  if (!Number.isInteger(count) || count < 1 || count > 50)
    throw usageError(`${command}: --count must be 1 to 50, got ${count}`, "--count");
  const folder = resolve(context.cwd, options.out);
  const read = (path: string, flag: string) =>
    readFile(resolve(context.cwd, path), "utf8").catch((error: NodeJS.ErrnoException) => {
      throw usageError(`${command}: ${flag} ${path}: ${error.code === "ENOENT" ? "no such file" : error.message}`, flag);
    });
  const request: { -readonly [Key in keyof GenerationRequest]: GenerationRequest[Key] } = {
    systemPrompt: options.systemPrompt ? await read(options.systemPrompt, "--system-prompt") : "",
    count,
  };
  if (options.tools) {
    const [file, text] = [options.tools, await read(options.tools, "--tools")];
    request.tools = flagged("--tools", () => readToolDescriptions(text, file));
  }
  if (options.requirements) request.requirements = await read(options.requirements, "--requirements");
  if (options.fromRun) {
    const [file, text] = [options.fromRun, await read(options.fromRun, "--from-run")];
    request.failure = flagged("--from-run", () => failureFromReport(text, file, options.scenario));
  }
  const agent = moduleMapping(options.agent, "--agent", context.cwd, folder);
  const environment = options.environment ? moduleMapping(options.environment, "--environment", context.cwd, folder) : undefined;
  const { model, label } = await modelOf(options, context, dependencies);
  const existing = await existingScenarios(folder);
  let generation: Awaited<ReturnType<typeof generateScenarios>>;
  try {
    generation = await generateScenarios(request, {
      model,
      modelLabel: label,
      agent,
      ...(environment ? { environment } : {}),
      folder,
      existing,
      signal: context.interrupt,
    });
  } catch (error) {
    if (!(error instanceof InvalidModelOutputError)) throw error;
    context.printError(`${command}: ${error.message}`);
    return ExitCode.unexpected;
  }
  for (const { name, problems } of generation.invalid)
    context.printError(`✗ ${name}: set aside, the scenario schema rejects it:\n  ${problems.join("\n  ")}`);
  for (const { name, repeats, similarity } of generation.duplicates)
    context.print(`≈ ${name}: set aside, repeats ${JSON.stringify(repeats)} (similarity ${similarity})`);
  const accepted = await review(generation.proposals, options, context);
  const written = await writeAccepted(accepted, folder, options.force === true, context);
  context.print(
    `${countNoun(generation.proposals.length, "proposal")}, ${written} written to ${relative(context.cwd, folder) || "."}, ${generation.invalid.length} invalid, ${generation.duplicates.length} near-duplicates`,
  );
  if (generation.proposals.length > 0 && accepted === undefined)
    context.print(`nothing saved: no terminal to ask; review in a terminal, or pass --yes to accept every proposal`);
  return ExitCode.ok;
}

/** Shows each proposal; resolves to the accepted ones (undefined: nobody could be asked). */
async function review(
  proposals: readonly Proposal[],
  options: GenerateOptions,
  context: CliContext,
): Promise<Proposal[] | undefined> {
  const accepted: Proposal[] = [];
  let all = options.yes === true;
  for (const [index, proposal] of proposals.entries()) {
    const { scenario } = proposal;
    context.print(`\n[${index + 1}/${proposals.length}] ${scenario.kind} · ${scenario.name} → ${proposal.file}`);
    context.print(`  ${scenario.description}`);
    context.print(`  user: ${scenario.persona.traits}; wants: ${scenario.persona.goal}; patience: ${scenario.persona.patience}`);
    for (const criterion of scenario.criteria) context.print(`  ✓ ${criterion}`);
    if (all) {
      accepted.push(proposal);
      continue;
    }
    if (!context.ask) continue;
    const answer = (await context.ask("  save it? [y]es, [n]o, [a]ll the rest, [q]uit: ")).trim().toLowerCase();
    if (answer === "q" || answer === "quit") break;
    if (answer === "a" || answer === "all") all = true;
    if (all || answer === "y" || answer === "yes") accepted.push(proposal);
  }
  return options.yes || context.ask ? accepted : undefined;
}

async function writeAccepted(
  accepted: readonly Proposal[] | undefined,
  folder: string,
  force: boolean,
  context: CliContext,
): Promise<number> {
  if (!accepted || accepted.length === 0) return 0;
  const { mkdir } = await import("node:fs/promises");
  await mkdir(folder, { recursive: true });
  let written = 0;
  for (const proposal of accepted) {
    const path = join(folder, proposal.file);
    try {
      await writeFile(path, proposal.text, { flag: force ? "w" : "wx" });
      written++;
      context.print(`+ ${relative(context.cwd, path)}`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      context.printError(`! ${relative(context.cwd, path)} exists: not replaced (--force replaces it)`);
    }
  }
  return written;
}

/** The scenario files already in `folder`, as the texts near-duplicates are measured against. */
async function existingScenarios(folder: string): Promise<{ name: string; text: string }[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const found: { name: string; text: string }[] = [];
  for (const name of names.filter((each) => /\.scenario\.ya?ml$/.test(each))) {
    try {
      const data = parse(await readFile(join(folder, name), "utf8")) as {
        name?: string;
        description?: string;
        user?: { simulator?: { persona?: string; goal?: string } };
        judge?: { criteria?: string[] };
      };
      found.push({
        name: data.name ?? name,
        text: scenarioText(
          data.description ?? "",
          `${data.user?.simulator?.persona ?? ""}\n${data.user?.simulator?.goal ?? ""}`,
          data.judge?.criteria ?? [],
        ),
      });
    } catch {
      // a file that does not parse is `rehearse validate`'s business, not a duplicate
    }
  }
  return found;
}

/** `--agent`/`--environment`: a module (written relative to the output folder) or a JSON mapping, as the files' key. */
function moduleMapping(spec: string, flag: string, cwd: string, folder: string): Record<string, unknown> {
  if (spec.trim().startsWith("{")) {
    try {
      return JSON.parse(spec) as Record<string, unknown>;
    } catch (error) {
      throw usageError(`${command}: ${flag}: not JSON (${(error as Error).message})`, flag);
    }
  }
  const [module, name] = spec.split("#");
  const path = relative(folder, resolve(cwd, module as string))
    .split("\\")
    .join("/");
  return { module: path.startsWith(".") ? path : `./${path}`, ...(name ? { export: name } : {}) };
}

async function modelOf(
  options: GenerateOptions,
  context: CliContext,
  dependencies: GenerateDependencies,
): Promise<{ model: LanguageModelV3; label: string }> {
  if (dependencies.model) return { model: dependencies.model, label: options.model ?? dependencies.model.modelId };
  const rehearse = createRehearse({
    cwd: context.cwd,
    env: context.env,
    config: configFromOptions(options.model !== undefined ? { model: options.model } : {}),
    defaultModelHint: cliDefaultModelHint,
  });
  const chosen = (await rehearse.resolveConfig()).defaultModel;
  if (chosen === undefined)
    throw usageError(
      `${command}: no model to propose scenarios: pass --model <id> (e.g. --model openai:gpt-4.1-mini) or set REHEARSE_DEFAULT_MODEL (or defaultModel in rehearse.config.mjs)`,
      "--model",
    );
  if (typeof chosen !== "string") return { model: chosen as LanguageModelV3, label: (chosen as LanguageModelV3).modelId };
  const env = Object.fromEntries(
    Object.entries(context.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return { model: await createModelRegistry({ env }).resolve(chosen), label: chosen };
}

/** What `run` returns; its error becomes a usage error naming `flag` (a file the flag names is not what it should be). */
function flagged<Result>(flag: string, run: () => Result): Result {
  try {
    return run();
  } catch (error) {
    throw usageError(`${command}: ${flag}: ${(error as Error).message}`, flag);
  }
}
