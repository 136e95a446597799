/**
 * Checking an uploaded behavioral graph without running any of it: the
 * graph file by core's `checkGraphText` (schema and structure, every problem
 * at its file:line:column), every module its nodes import among the uploaded
 * files, and the uploaded scenario files that target the graph (read as
 * documents only, for their ids and names). Workers load and run the code;
 * the server only stores it (decision 0036).
 */
import { posix } from "node:path";
import { checkGraphText, type GraphOutline, scenarioSlug } from "@rehearse/core/platform";
import type { SuiteFile, SuiteScenario } from "./suites.js";

/** What `POST /api/v1/graphs` takes: the graph file and the files it needs. */
export interface GraphUpload {
  file: SuiteFile;
  /** The modules the graph's nodes import and scenario files targeting the graph. */
  files?: SuiteFile[] | undefined;
}

/** One problem of an uploaded file, where it is. */
export interface GraphFileProblem {
  file: string;
  line?: number | undefined;
  column?: number | undefined;
  field?: string | undefined;
  problem: string;
}

/** An upload the server refuses: 422 with `field` and, for file problems, each problem with its place. */
export class GraphProblem extends Error {
  constructor(
    readonly status: 404 | 422,
    readonly field: string,
    message: string,
    readonly problems: GraphFileProblem[] = [],
  ) {
    super(message);
  }
}

/** An upload that passed every check. */
export interface CheckedGraphUpload {
  name: string;
  graphPath: string;
  outline: GraphOutline;
  /** The modules the nodes import, as paths of the upload. */
  modules: string[];
  /** The graph file first, then the other files as uploaded. */
  files: SuiteFile[];
  /** The uploaded scenario files that target the graph. */
  scenarios: SuiteScenario[];
}

/** The longest graph name the API takes (it is the graph's id in URLs). */
export const MAX_GRAPH_NAME = 200;

/** Scenario files by extension (as core reads them). */
const scenarioFilePattern = /\.(ya?ml|json)$/i;

/**
 * Checks an upload; throws a `GraphProblem` naming the file, line and field.
 * `readDocument` parses a scenario file's text (core's `readScenarioDocument`).
 */
export async function checkGraphUpload(
  upload: GraphUpload,
  readDocument: (text: string, file: string) => Promise<{ value: unknown }>,
): Promise<CheckedGraphUpload> {
  const graphPath = upload.file.path;
  let checked: ReturnType<typeof checkGraphText>;
  try {
    checked = checkGraphText(upload.file.content, graphPath);
  } catch (error) {
    throw fileProblem(error, "file.content");
  }
  const name = checked.outline.name;
  if (name.length > MAX_GRAPH_NAME)
    throw new GraphProblem(422, "file.content", `${graphPath}: name: at most ${MAX_GRAPH_NAME} characters`);
  const others = upload.files ?? [];
  const paths = new Set(others.map((file) => file.path));
  if (paths.has(graphPath)) throw new GraphProblem(422, "files", `"${graphPath}" is the graph file; send it once, as \`file\``);
  const folder = posix.dirname(graphPath);
  const modules: string[] = [];
  for (const module of checked.modules) {
    const path = posix.normalize(posix.join(folder, module));
    const { field, written } = moduleField(checked.data, module);
    if (path.startsWith("../") || posix.isAbsolute(module))
      throw new GraphProblem(
        422,
        field,
        `${graphPath}: ${field}: "${written}" is outside the upload; modules must sit beside the graph or below`,
      );
    if (!paths.has(path))
      throw new GraphProblem(
        422,
        field,
        `${graphPath}: ${field}: the module "${written}" is not among the uploaded files: add { path: "${path}", content } to \`files\``,
      );
    modules.push(path);
  }
  const scenarios: SuiteScenario[] = [];
  const problems: GraphFileProblem[] = [];
  for (const file of others) {
    if (!scenarioFilePattern.test(file.path)) continue;
    let value: unknown;
    try {
      value = (await readDocument(file.content, file.path)).value;
    } catch (error) {
      problems.push(...problemsOf(error, file.path));
      continue;
    }
    const found = targetingScenario(value, file.path, graphPath);
    if (found) scenarios.push(found);
  }
  if (problems.length > 0) throw listed(problems, "files");
  return { name, graphPath, outline: checked.outline, modules, files: [upload.file, ...others], scenarios };
}

/** The scenario a parsed document is when it targets `graphPath` (`agent: { graph: … }`), else undefined. */
function targetingScenario(value: unknown, path: string, graphPath: string): SuiteScenario | undefined {
  if (!isRecord(value) || !isRecord(value.agent) || typeof value.agent.graph !== "string") return undefined;
  const target = posix.normalize(posix.join(posix.dirname(path), value.agent.graph));
  if (target !== graphPath) return undefined;
  const name = typeof value.name === "string" ? value.name : path;
  const id = typeof value.id === "string" && value.id.length > 0 ? value.id : scenarioSlug(name);
  return { path, id, name };
}

/** The graph file's field importing `module` (normalised), e.g. `nodes.router.agent.module`, and the module as written there. */
function moduleField(data: ReturnType<typeof checkGraphText>["data"], module: string): { field: string; written: string } {
  const same = (written: string) => posix.normalize(written) === module;
  for (const [node, entry] of Object.entries(data.nodes)) {
    if ("function" in entry && same(entry.function.module))
      return { field: `nodes.${node}.function.module`, written: entry.function.module };
    if ("agent" in entry && "module" in entry.agent && same(entry.agent.module))
      return { field: `nodes.${node}.agent.module`, written: entry.agent.module };
  }
  for (const [index, entry] of (data.chaos ?? []).entries()) {
    const replacement = entry.replacement;
    if (replacement && "function" in replacement && same(replacement.function.module))
      return { field: `chaos[${index}].replacement.function.module`, written: replacement.function.module };
    if (replacement && "agent" in replacement && "module" in replacement.agent && same(replacement.agent.module))
      return { field: `chaos[${index}].replacement.agent.module`, written: replacement.agent.module };
  }
  return { field: "modules", written: module };
}

/** A file problem as `GraphProblem`: one `ScenarioFileError`, or every one of `ScenarioFileErrors`. */
function fileProblem(error: unknown, field: string): GraphProblem {
  return listed(problemsOf(error, undefined), field);
}

function listed(problems: GraphFileProblem[], field: string): GraphProblem {
  const message = problems.map(formatProblem).join("\n");
  return new GraphProblem(422, problems.length === 1 ? (problems[0]?.field ?? field) : field, message, problems);
}

/** The problems a core file error carries (duck-typed: core's error classes are not on the platform entry). */
function problemsOf(error: unknown, file: string | undefined): GraphFileProblem[] {
  if (!isRecord(error)) throw error;
  if (Array.isArray(error.errors)) return error.errors.flatMap((inner: unknown) => problemsOf(inner, file));
  if (typeof error.problem === "string" && typeof error.file === "string")
    return [
      {
        file: error.file,
        line: typeof error.line === "number" ? error.line : undefined,
        column: typeof error.column === "number" ? error.column : undefined,
        field: typeof error.field === "string" ? error.field : undefined,
        problem: error.problem,
      },
    ];
  if (file !== undefined && error instanceof Error) return [{ file, problem: error.message }];
  throw error;
}

/** `file:line:column: field: problem`, leaving out what is unknown. */
export function formatProblem(problem: GraphFileProblem): string {
  const place = [problem.file, problem.line, problem.column].filter((part) => part !== undefined).join(":");
  return `${place}: ${problem.field ? `${problem.field}: ` : ""}${problem.problem}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
