/**
 * Graph files (see `graph-file-schema.ts`): read and checked like scenario
 * files, their modules loaded, their agents built, then checked as a graph
 * (`defineGraph`): every problem as `file:line:column: field: problem`, and
 * nothing runs unless there are none.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { z } from "zod";
import { modelAgent } from "../agents/model/model-agent.js";
import type { Agent } from "../domain/agent.js";
import { errorMessage } from "../domain/errors.js";
import type { GraphChaos, GraphNode } from "../domain/graph.js";
import type { Graph } from "../graphs/define-graph.js";
import { buildEndpointAgent } from "./build-agents.js";
import type { GraphFileNode } from "./graph-file-schema.js";
import { chaosOf, checkGraphText, contractOf, structure } from "./graph-text.js";
import { agentFromExport, createModuleResolver, loadExport, type ModuleResolver, modulePath } from "./module-reference.js";
import { ScenarioFileError } from "./scenario-file-error.js";
import { ScenarioFileErrors } from "./scenario-file-errors.js";
import type { agentSchema } from "./schema.js";
import { errorAt } from "./validate-with-schema.js";

/** Options of `loadGraphFile`. */
export interface LoadGraphFileOptions {
  /** Where relative paths start (default `process.cwd()`). */
  cwd?: string;
  /** Environment for `api_key_env` (default `process.env`). */
  environment?: Readonly<Record<string, string | undefined>>;
  /** How module references load (default: the real resolver). */
  modules?: ModuleResolver;
}

/**
 * Loads the graph file at `path`: a checked `Graph` ready for `graphAgent`.
 * Throws a `ScenarioFileError` (one problem) or `ScenarioFileErrors` (several).
 *
 * @example
 * const support = await loadGraphFile("graphs/support.graph.yaml");
 * await run({ name: "refund", description: "…", agents: [graphAgent(support), …], script: [...] });
 */
export async function loadGraphFile(path: string, options: LoadGraphFileOptions = {}): Promise<Graph> {
  const cwd = options.cwd ?? process.cwd();
  let content: Uint8Array;
  try {
    content = await readFile(resolve(cwd, path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ScenarioFileError(code === "ENOENT" ? "file not found" : errorMessage(error), { file: path, cause: error });
  }
  // schema and structure first (nothing loads when the file is wrong), then the modules
  const { data, document } = checkGraphText(content, path);
  const problems: ScenarioFileError[] = [];
  const at = (where: (string | number)[], problem: string, cause?: unknown) =>
    problems.push(errorAt(path, document.locate, where, problem, cause));
  const context: NodeContext = {
    path,
    cwd,
    modules: options.modules ?? createModuleResolver(),
    environment: options.environment ?? process.env,
    at,
  };
  const nodes: Record<string, GraphNode> = {};
  for (const [name, node] of Object.entries(data.nodes)) {
    const built = await buildNode(name, node, ["nodes", name], context);
    if (built) nodes[name] = built;
  }
  const chaos: GraphChaos[] = [];
  for (const [index, entry] of (data.chaos ?? []).entries()) {
    const replacement = entry.replacement
      ? await buildNode(entry.node ?? "replacement", entry.replacement, ["chaos", index, "replacement"], context)
      : undefined;
    chaos.push(chaosOf(entry, replacement));
  }
  if (problems.length > 0) fail(problems);
  return structure(data, nodes, path, document, chaos);
}

/** Where a file's nodes come from and where their problems go. */
export interface NodeContext {
  path: string;
  cwd: string;
  modules: ModuleResolver;
  environment: Readonly<Record<string, string | undefined>>;
  at: (where: (string | number)[], problem: string, cause?: unknown) => void;
}

/** A graph file's node (or a chaos replacement) built: its module loaded, its agent made; problems go to `context.at`. */
export async function buildNode(
  name: string,
  node: GraphFileNode,
  base: (string | number)[],
  context: NodeContext,
): Promise<GraphNode | undefined> {
  const contract = node.contract ? contractOf(node.contract) : undefined;
  const common = { ...(node.description ? { description: node.description } : {}), ...(contract ? { contract } : {}) };
  if ("model" in node) {
    const { model } = node;
    return {
      ...common,
      agent: modelAgent({
        name,
        systemPrompt: model.system_prompt,
        ...(model.model ? { model: model.model } : {}),
        ...(model.temperature === undefined ? {} : { temperature: model.temperature }),
        ...(model.max_tokens === undefined ? {} : { maxTokens: model.max_tokens }),
        ...(model.max_steps === undefined ? {} : { maxSteps: model.max_steps }),
        declaredIn: { file: context.path, key: [...base, "model"].join(".") },
      }),
    };
  }
  if ("function" in node) {
    const reference = node.function;
    const loaded = await loadExport(reference, modulePath(reference, context.path, context.cwd), context.modules);
    if (!("value" in loaded)) context.at([...base, "function", loaded.key], loaded.problem, loaded.cause);
    else if (typeof loaded.value !== "function")
      context.at(
        [...base, "function", reference.export === undefined ? "module" : "export"],
        `${reference.module}: the export is not a function`,
      );
    else return { ...common, run: loaded.value as never };
    return undefined;
  }
  const agent = await agentOf(node.agent, base, context);
  return agent ? { ...common, agent } : undefined;
}

async function agentOf(
  spec: z.output<typeof agentSchema>,
  base: (string | number)[],
  context: NodeContext,
): Promise<Agent | undefined> {
  if (!("module" in spec))
    return buildEndpointAgent(
      spec,
      (where, problem, cause) => context.at([...base, ...(where as string[])], problem, cause),
      context.environment,
    );
  const loaded = await loadExport(spec, modulePath(spec, context.path, context.cwd), context.modules);
  if (!("value" in loaded)) {
    context.at([...base, "agent", loaded.key], loaded.problem, loaded.cause);
    return undefined;
  }
  const agent = await agentFromExport(loaded.value, `export "${spec.export ?? "default"}" of ${spec.module}`);
  if (typeof agent === "string") {
    context.at([...base, "agent", spec.export === undefined ? "module" : "export"], agent);
    return undefined;
  }
  return agent;
}

function fail(errors: ScenarioFileError[]): never {
  throw errors.length === 1 ? (errors[0] as ScenarioFileError) : new ScenarioFileErrors(errors);
}
