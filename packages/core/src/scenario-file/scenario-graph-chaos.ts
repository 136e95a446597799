/**
 * A scenario file's own chaos for the graph it targets (`agent: { graph,
 * chaos: [...] }`): each entry checked by the graph file's chaos schema and
 * against the graph's nodes, its adversarial replacement built relative to
 * the scenario file; every problem at the scenario file's line.
 */
import type { GraphChaos, GraphNode } from "../domain/graph.js";
import type { Graph } from "../graphs/define-graph.js";
import { chaosProblems } from "../graphs/graph-chaos.js";
import { buildNode, type NodeContext } from "./graph-file.js";
import { chaosEntrySchema, type GraphFileChaos } from "./graph-file-schema.js";
import { chaosOf } from "./graph-text.js";
import type { ScenarioDocument } from "./read-document.js";
import type { ScenarioFileError } from "./scenario-file-error.js";
import { checkSchema, errorAt, issueToError } from "./validate-with-schema.js";

/** The chaos entries of a scenario file for `graph`, or the problems found (file:line: agent.chaos[i].field). */
export async function scenarioGraphChaos(
  entries: readonly unknown[],
  graph: Graph,
  file: string,
  locate: ScenarioDocument["locate"],
  context: Omit<NodeContext, "at" | "path">,
): Promise<{ chaos: GraphChaos[]; problems: ScenarioFileError[] }> {
  const problems: ScenarioFileError[] = [];
  const at = (where: (string | number)[], problem: string, cause?: unknown) =>
    problems.push(errorAt(file, locate, where, problem, cause));
  const chaos: GraphChaos[] = [];
  for (const [index, raw] of entries.entries()) {
    const base = ["agent", "chaos", index];
    const checked = checkSchema(chaosEntrySchema, raw);
    if (!checked.success) {
      problems.push(...checked.issues.map((issue) => issueToError(issue, file, locate, base)));
      continue;
    }
    const entry = (checked as { data: GraphFileChaos }).data;
    let replacement: GraphNode | undefined;
    if (entry.replacement)
      replacement = await buildNode(entry.node ?? "replacement", entry.replacement, [...base, "replacement"], {
        ...context,
        path: file,
        at,
      });
    const spec = chaosOf(entry, replacement);
    // a replacement that failed to build is already reported at its own field
    for (const { field, problem } of chaosProblems(spec, Object.keys(graph.nodes)))
      if (!(field === "replacement" && entry.replacement)) at([...base, field === "delayMs" ? "delay_ms" : field], problem);
    chaos.push(spec);
  }
  return { chaos, problems };
}
