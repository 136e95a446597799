/**
 * Behavioral graphs on the platform (`POST /api/v1/graphs`, seed 004's
 * `POST /graphs/upload`): an upload is checked without running any of it
 * (services/graph-upload.ts), stored as a suite version so workers get its
 * files exactly as for `rehearse push` (decision 0036), and recorded as a
 * graph version with its outline. Versions are the SHA-256 of the files
 * (`suiteVersionOf`): the same upload twice is one version. Executing a
 * graph picks a version and a scenario of it, or writes one for given user
 * turns as a derived suite version (the graph's files and that scenario).
 */
import { createHash } from "node:crypto";
import type { Database } from "../store/database.js";
import { type GraphVersionRow, graphVersions, insertGraphVersion, listGraphs, readGraphVersion } from "../store/graph-queries.js";
import { storeSuiteVersion } from "../store/suite-queries.js";
import { checkCheckNodes, type GraphPathChecks, scriptScenario } from "./graph-script.js";
import { type CheckedGraphUpload, checkGraphUpload, GraphProblem, type GraphUpload } from "./graph-upload.js";
import { checkSuitePush, SuiteProblem, type Suites, suiteNamePattern, suiteVersionOf } from "./suites.js";

export type { GraphVersionRow };

/** What an upload stored. */
export interface UploadedGraph {
  graph: GraphVersionRow;
  created: boolean;
}

/** What to run of a graph: a version, and a scenario of it or user turns. */
export interface GraphTarget {
  version?: string | undefined;
  scenario?: string | undefined;
  script?: readonly string[] | undefined;
  /** With `script`: checks over the path (a scenario file's `agent.checks`). */
  checks?: GraphPathChecks | undefined;
}

/** The suite version and scenario a graph execution launches. */
export interface ResolvedTarget {
  graph: GraphVersionRow;
  suite: { name: string; version: string };
  scenarioPath: string;
}

/** The suite a graph's files are stored in: `graph-<name>` (a hash joins names that are not already suite names). */
export function graphSuiteName(graphName: string): string {
  const plain = `graph-${graphName}`;
  if (suiteNamePattern.test(plain)) return plain;
  const slug = graphName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 70);
  const digest = createHash("sha256").update(graphName).digest("hex").slice(0, 12);
  return `graph-${slug ? `${slug}-` : ""}${digest}`;
}

export class Graphs {
  constructor(
    private readonly database: Database,
    private readonly suites: Suites,
  ) {}

  /** Checks and stores an upload; `created` is false when these files were uploaded before. */
  async upload(tenantId: string, upload: GraphUpload, by: string): Promise<UploadedGraph> {
    const { readScenarioDocument } = await import("@rehearse/core");
    const checked = await checkGraphUpload(upload, (text, file) => readScenarioDocument(text, file));
    const suiteName = graphSuiteName(checked.name);
    checkStorable(suiteName, checked);
    const version = suiteVersionOf(checked.files);
    const row: GraphVersionRow = {
      name: checked.name,
      version,
      suiteName,
      suiteVersion: version,
      graphPath: checked.graphPath,
      outline: checked.outline as unknown as Record<string, unknown>,
      modules: checked.modules,
      scenarios: checked.scenarios,
      createdAt: new Date(),
      createdBy: by,
    };
    // the suite version and the graph record together: a graph never names files that are not stored
    const created = await this.database.forTenant(tenantId, async (executor) => {
      await storeSuiteVersion(executor, {
        tenantId,
        name: suiteName,
        version,
        files: checked.files,
        scenarios: checked.scenarios,
        createdBy: by,
      });
      const { createdAt: _, ...values } = row;
      return insertGraphVersion(executor, { ...values, tenantId });
    });
    const stored = await this.read(tenantId, checked.name, version);
    return { graph: stored ?? row, created };
  }

  /** A version of a graph (its newest upload by default), or undefined. */
  read(tenantId: string, name: string, version?: string): Promise<GraphVersionRow | undefined> {
    return this.database.forTenant(tenantId, (executor) => readGraphVersion(executor, name, version));
  }

  /** A graph's versions, newest first. */
  versions(tenantId: string, name: string): Promise<GraphVersionRow[]> {
    return this.database.forTenant(tenantId, (executor) => graphVersions(executor, name));
  }

  /** The tenant's graphs. */
  list(tenantId: string) {
    return this.database.forTenant(tenantId, listGraphs);
  }

  /**
   * The suite version and scenario to launch for `target`: a scenario file of
   * the upload, or (with `script`) a scenario written for the turns and
   * stored as a derived suite version. Throws a `GraphProblem` (404 unknown
   * graph, version or scenario; 422 neither or both of scenario and script).
   */
  async resolve(tenantId: string, name: string, target: GraphTarget, by: string): Promise<ResolvedTarget> {
    const graph = await this.read(tenantId, name, target.version);
    if (!graph)
      throw target.version
        ? new GraphProblem(404, "version", `graph "${name}" has no version ${target.version}`)
        : new GraphProblem(404, "graphId", `no graph "${name}": upload it first (POST /api/v1/graphs)`);
    const suite = { name: graph.suiteName, version: graph.suiteVersion };
    if (target.scenario !== undefined && target.script !== undefined)
      throw new GraphProblem(422, "script", "give `scenario` or `script`, not both");
    if (target.checks !== undefined && target.script === undefined)
      throw new GraphProblem(422, "checks", "`checks` go with `script` (an uploaded scenario has its own)");
    if (target.scenario !== undefined) {
      const found = graph.scenarios.find((scenario) => scenario.path === target.scenario || scenario.id === target.scenario);
      if (!found) {
        const known = graph.scenarios.map((scenario) => scenario.path).join(", ") || "none";
        throw new GraphProblem(
          404,
          "scenario",
          `version ${graph.version} of graph "${name}" has no scenario "${target.scenario}" targeting it (it has: ${known})`,
        );
      }
      return { graph, suite, scenarioPath: found.path };
    }
    if (target.script === undefined || target.script.length === 0) {
      const only = graph.scenarios.length === 1 ? graph.scenarios[0] : undefined;
      if (only && target.script === undefined) return { graph, suite, scenarioPath: only.path };
      throw new GraphProblem(
        422,
        "script",
        graph.scenarios.length === 0
          ? "the graph was uploaded without a scenario: give `script` (the user turns to send)"
          : "give `scenario` (a scenario file of the upload) or `script` (user turns)",
      );
    }
    const stored = await this.suites.read(tenantId, graph.suiteName, graph.suiteVersion);
    if (!stored) throw new GraphProblem(404, "version", `the files of graph "${name}" version ${graph.version} are gone`);
    if (target.checks) checkCheckNodes(target.checks, graph.outline);
    const written = scriptScenario(graph.name, graph.graphPath, target.script, target.checks);
    const files = [...stored.files.filter((file) => file.path !== written.file.path), written.file];
    const scenarios = [...stored.scenarios.filter((scenario) => scenario.path !== written.file.path), written.scenario];
    const pushed = await this.suites.push(tenantId, { name: graph.suiteName, files, scenarios }, by);
    return { graph, suite: { name: pushed.name, version: pushed.version }, scenarioPath: written.file.path };
  }
}

/** The suite rules (paths, sizes) over an upload, as a `GraphProblem`; an upload may hold no scenario yet. */
function checkStorable(suiteName: string, checked: CheckedGraphUpload): void {
  // a graph's suite may have no scenario (execute writes one for given turns): the graph file stands in for the count
  const scenarios =
    checked.scenarios.length > 0 ? checked.scenarios : [{ path: checked.graphPath, id: checked.name, name: checked.name }];
  try {
    checkSuitePush({ name: suiteName, files: checked.files, scenarios });
  } catch (error) {
    if (!(error instanceof SuiteProblem)) throw error;
    const field = error.field
      .replace(/^files\[0\]/, "file")
      .replace(/^files\[(\d+)\]/, (_, index) => `files[${Number(index) - 1}]`);
    throw new GraphProblem(422, field, error.message);
  }
}
