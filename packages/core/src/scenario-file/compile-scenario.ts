import { dirname, relative, resolve } from "node:path";
import type { Agent } from "../domain/agent.js";
import { countNoun } from "../domain/count-noun.js";
import type { EnvironmentSpec, EnvironmentToolHandler, InjectionTemplate } from "../domain/declarative.js";
import { errorMessage } from "../domain/errors.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import type { Timeouts } from "../domain/timeouts.js";
import { graphAgent } from "../graphs/graph-agent.js";
import { simulatedToolFromFile } from "../simulated-tools/simulated-tool-from-file.js";
import { buildDetectors, buildEndpointAgent, buildJudge, buildSimulator, type ReportProblem } from "./build-agents.js";
import { checkDeclarativeConfig } from "./check-declarative.js";
import { checkEventNames } from "./check-event-names.js";
import { checkToolNames } from "./check-tool-names.js";
import { toolSchemaProblems } from "./check-tool-schemas.js";
import { compileInjections } from "./compile-injections.js";
import { compileScript } from "./compile-script.js";
import { loadGraphFile } from "./graph-file.js";
import { checkPathCheckNodes, graphCriteriaOf } from "./graph-path-checks.js";
import {
  agentFromExport,
  createModuleResolver,
  handlerProblem,
  loadExport,
  type ModuleReference,
  type ModuleResolver,
  modulePath,
} from "./module-reference.js";
import type { ScenarioDocument } from "./read-document.js";
import { ScenarioFileError } from "./scenario-file-error.js";
import { ScenarioFileErrors, throwIfAny } from "./scenario-file-errors.js";
import { scenarioGraphChaos } from "./scenario-graph-chaos.js";
import { type ScenarioFileData, scenarioFileSchema } from "./schema.js";
import { checkSchema, errorAt, issueToError } from "./validate-with-schema.js";

/** Options of {@link compileScenarioDocument}. */
export interface CompileScenarioOptions {
  /** Injection templates usable as `{ template: name }`; the file's own `injection_templates` win on a name clash. */
  templates?: readonly InjectionTemplate[];
  /** How module references load; default {@link createModuleResolver}. */
  modules?: ModuleResolver;
  /** Directory a relative scenario file path is relative to; default `process.cwd()`. */
  cwd?: string;
  /** Where `api_key_env` is looked up; default `process.env`. */
  environment?: Readonly<Record<string, string | undefined>>;
}

/** A scenario file that passed every check that needs no import; `finish` loads its modules. */
export interface PreparedScenario {
  readonly file: string;
  /** The scenario's id: `id`, else `name` (what reports key runs by). */
  readonly id: string;
  /** Imports the module references and assembles the config; problems come back, not thrown. */
  finish(modules: ModuleResolver): Promise<{ config?: ScenarioConfig; errors: ScenarioFileError[] }>;
}

interface Reference {
  readonly path: ReadonlyArray<PropertyKey>;
  readonly reference: ModuleReference;
  readonly absolute: string;
  /** The tool name for handlers; undefined for the agent and the environment. */
  readonly tool?: string;
  /** True for `environment: { module, export }`. */
  readonly environment?: boolean;
}

/**
 * Phase 1 for one file: schema, templates, steps, endpoint agents,
 * simulator, judge, detectors, and that every referenced module file exists.
 * Nothing is imported yet, so an invalid set of files runs no user code.
 */
export function prepareScenario(
  document: ScenarioDocument,
  file: string,
  options: CompileScenarioOptions & { modules: ModuleResolver },
): { errors: ScenarioFileError[]; scenario?: PreparedScenario } {
  const { locate } = document;
  const checked = checkSchema(scenarioFileSchema, document.value);
  if (!checked.success) return { errors: checked.issues.map((issue) => issueToError(issue, file, locate)) };
  const data = checked.data;
  const errors: ScenarioFileError[] = [];
  const report: ReportProblem = (path, problem, cause) => errors.push(errorAt(file, locate, path, problem, cause));
  const injections = compileInjections(data, { file, locate, templates: options.templates ?? [] }, errors);
  const endpointAgent = buildEndpointAgent(data.agent, report, options.environment ?? process.env);
  const simulator = buildSimulator(data, report, file);
  const pathChecks = "graph" in data.agent && data.agent.checks ? graphCriteriaOf(data.agent.checks) : [];
  const judge = buildJudge(data, report, file, pathChecks);
  const script = compileScript(
    data,
    { simulator: simulator !== undefined, judgeCriteria: data.judge?.criteria !== undefined || pathChecks.length > 0 },
    report,
  );
  const detectors = buildDetectors(data, report);
  checkEventNames(data, injections, report);
  // An environment given as { module, export } has tool names only once imported: checked in finish.
  if (data.environment && !("module" in data.environment)) {
    checkToolNames(data, injections, Object.keys(data.environment.tools ?? {}), report);
  }
  const references = moduleReferences(data, file, options.cwd ?? process.cwd());
  for (const { path, absolute } of references) {
    if (!options.modules.exists(absolute)) report([...path, "module"], `module file not found: ${absolute}`);
  }
  if (errors.length > 0) return { errors };

  const finish: PreparedScenario["finish"] = async (modules) => {
    const problems: ScenarioFileError[] = [];
    let agentUnderTest = endpointAgent;
    if ("graph" in data.agent) {
      const graphFile = relative(
        options.cwd ?? process.cwd(),
        resolve(dirname(resolve(options.cwd ?? process.cwd(), file)), data.agent.graph),
      );
      try {
        const graph = await loadGraphFile(graphFile, {
          cwd: options.cwd ?? process.cwd(),
          modules,
          environment: options.environment ?? process.env,
        });
        const own = data.agent.chaos
          ? await scenarioGraphChaos(data.agent.chaos, graph, file, locate, {
              cwd: options.cwd ?? process.cwd(),
              modules,
              environment: options.environment ?? process.env,
            })
          : undefined;
        problems.push(...(own?.problems ?? []));
        if (data.agent.checks)
          checkPathCheckNodes(data.agent.checks, Object.keys(graph.nodes), (path, problem) =>
            problems.push(errorAt(file, locate, path, problem)),
          );
        if (!own?.problems.length)
          agentUnderTest = graphAgent(graph, {
            ...(data.agent.start_at ? { startAt: data.agent.start_at } : {}),
            ...(own ? { chaos: own.chaos } : {}),
          });
      } catch (error) {
        if (error instanceof ScenarioFileErrors) problems.push(...error.errors);
        else if (error instanceof ScenarioFileError) problems.push(error);
        else problems.push(errorAt(file, locate, ["agent", "graph"], errorMessage(error), error));
      }
    }
    const handlers = new Map<string, EnvironmentToolHandler>();
    let moduleEnvironment: EnvironmentSpec | undefined;
    for (const { path, reference, absolute, tool, environment: isEnvironment } of references) {
      const loaded = await loadExport(reference, absolute, modules);
      if (!("value" in loaded)) {
        problems.push(errorAt(file, locate, [...path, loaded.key], loaded.problem, loaded.cause));
        continue;
      }
      const what = `export "${reference.export ?? "default"}" of ${reference.module}`;
      const key = reference.export === undefined ? "module" : "export";
      if (isEnvironment) {
        const spec = await environmentFromExport(loaded.value, what);
        if (typeof spec === "string") problems.push(errorAt(file, locate, [...path, key], spec));
        else moduleEnvironment = spec;
        continue;
      }
      const value = tool === undefined ? await agentFromExport(loaded.value, what) : loaded.value;
      const problem = tool === undefined ? (typeof value === "string" ? value : undefined) : handlerProblem(value, what);
      if (problem) problems.push(errorAt(file, locate, [...path, key], problem));
      else if (tool === undefined) agentUnderTest = value as Agent;
      else handlers.set(tool, value as EnvironmentToolHandler);
    }
    if (moduleEnvironment) {
      const reportLate: ReportProblem = (path, problem) => problems.push(errorAt(file, locate, path, problem));
      checkToolNames(data, injections, Object.keys(moduleEnvironment.tools ?? {}), reportLate);
    }
    // a module environment's schemas were checked with the rest of it (environmentFromExport)
    if (data.environment && !("module" in data.environment)) {
      for (const { tool, problem } of await toolSchemaProblems(data.environment.tools)) {
        problems.push(errorAt(file, locate, ["environment", "tools", tool, "parameters"], problem));
      }
      const outputSchemas = Object.entries(data.environment.tools ?? {}).map(([tool, spec]) => [
        tool,
        { parameters: spec.simulate?.output_schema },
      ]);
      for (const { tool, problem } of await toolSchemaProblems(Object.fromEntries(outputSchemas))) {
        problems.push(errorAt(file, locate, ["environment", "tools", tool, "simulate", "output_schema"], problem));
      }
    }
    if (problems.length > 0 || !agentUnderTest) return { errors: problems };
    const agents = [agentUnderTest, ...(simulator ? [simulator] : []), ...(judge ? [judge] : [])];
    const config: ScenarioConfig = {
      name: data.name,
      description: data.description,
      agents,
      ...present({ id: data.id, script, maxTurns: data.max_turns, setId: data.set_id, metadata: data.metadata, seed: data.seed }),
      ...present({ timeouts: timeoutsOf(data.timeout_seconds) }),
      ...present({
        environment: moduleEnvironment ?? environment(data, handlers, file),
        expectedOutcomes: data.expected_outcomes,
      }),
      ...present({ injections: data.injections || data.injection_points ? injections : undefined }),
      ...present({ detectors: data.detectors ? detectors : undefined, variables: data.variables }),
      ...present({
        scenarioType: data.scenario_type,
        difficulty: data.difficulty,
        tags: data.tags,
        isActive: data.is_active,
        expect: data.expect,
      }),
    };
    return { config, errors: [] };
  };
  return { errors: [], scenario: { file, id: data.id ?? data.name, finish } };
}

/**
 * Compiles one parsed scenario file into a `ScenarioConfig`: validates it,
 * instantiates templates, builds agents, steps and detectors, and imports the
 * modules it references (relative to the file). Throws a `ScenarioFileError`
 * for one problem, `ScenarioFileErrors` for several, each with file, line,
 * column and field.
 *
 * @example
 * const document = readScenarioDocument(await readFile(path), path);
 * const config = await compileScenarioDocument(document, path);
 * await run(config);
 */
export async function compileScenarioDocument(
  document: ScenarioDocument,
  file: string,
  options: CompileScenarioOptions = {},
): Promise<ScenarioConfig> {
  const modules = options.modules ?? createModuleResolver();
  const prepared = prepareScenario(document, file, { ...options, modules });
  throwIfAny(prepared.errors);
  const finished = await (prepared.scenario as PreparedScenario).finish(modules);
  throwIfAny(finished.errors);
  return finished.config as ScenarioConfig;
}

function moduleReferences(data: ScenarioFileData, file: string, cwd: string): Reference[] {
  const references: Reference[] = [];
  if ("module" in data.agent) {
    references.push({ path: ["agent"], reference: data.agent, absolute: modulePath(data.agent, file, cwd) });
  }
  if (data.environment && "module" in data.environment) {
    const reference = data.environment;
    references.push({ path: ["environment"], reference, absolute: modulePath(reference, file, cwd), environment: true });
    return references;
  }
  for (const [tool, spec] of Object.entries(data.environment?.tools ?? {})) {
    if (!spec.handler) continue;
    const path = ["environment", "tools", tool, "handler"];
    references.push({ path, reference: spec.handler, absolute: modulePath(spec.handler, file, cwd), tool });
  }
  return references;
}

/** The file's environment with each tool's module reference replaced by the loaded handler, and each `simulate:` by `simulatedTool()`. */
function environment(
  data: ScenarioFileData,
  handlers: ReadonlyMap<string, EnvironmentToolHandler>,
  file: string,
): EnvironmentSpec | undefined {
  if (!data.environment || "module" in data.environment) return undefined;
  const { tools, ...rest } = data.environment;
  if (!tools) return rest;
  const compiled = Object.fromEntries(
    Object.entries(tools).map(([name, { handler, simulate, ...tool }]) => [
      name,
      simulate
        ? simulatedToolFromFile(name, { ...tool, simulate }, file)
        : handler
          ? { ...tool, handler: handlers.get(name) }
          : tool,
    ]),
  );
  return { ...rest, tools: compiled };
}

/** The entries whose value is defined, so the config has no keys set to `undefined`. */
function present<Entries extends Record<string, unknown>>(entries: Entries): Partial<Entries> {
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined)) as Partial<Entries>;
}

/**
 * An environment from a module export: an `EnvironmentSpec` object, or a
 * function of no arguments returning one (a fresh copy per scenario), checked
 * with the schema TypeScript configs use; the problem text otherwise.
 */
async function environmentFromExport(value: unknown, what: string): Promise<EnvironmentSpec | string> {
  let spec = value;
  if (typeof value === "function") {
    if (value.length > 0)
      return `${what} is a function of ${countNoun(value.length, "argument")}; export an environment or a function of no arguments returning one`;
    spec = await (value as () => unknown)();
  }
  if (typeof spec !== "object" || spec === null || Array.isArray(spec)) {
    return `${what} is not an environment ({ state, tools, latency, … }), got ${Array.isArray(spec) ? "an array" : typeof spec}`;
  }
  try {
    await checkDeclarativeConfig({ name: what, description: what, agents: [], environment: spec as EnvironmentSpec }, what);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return spec as EnvironmentSpec;
}

/** `timeout_seconds` as `ScenarioConfig.timeouts`: a number limits each call of the agent under test. */
function timeoutsOf(seconds: ScenarioFileData["timeout_seconds"]): Timeouts | undefined {
  if (seconds === undefined) return undefined;
  const milliseconds = (value: number) => Math.round(value * 1000);
  if (typeof seconds === "number") return { agentCallMs: milliseconds(seconds) };
  return {
    ...(seconds.agent_call === undefined ? {} : { agentCallMs: milliseconds(seconds.agent_call) }),
    ...(seconds.model_call === undefined ? {} : { modelCallMs: milliseconds(seconds.model_call) }),
    ...(seconds.scenario === undefined ? {} : { scenarioMs: milliseconds(seconds.scenario) }),
  };
}
