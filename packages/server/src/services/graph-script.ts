/**
 * The scenario file `POST /runs/{graphId}/execute` writes when it is given
 * user turns instead of a scenario: one `user_message` step per turn against
 * `agent: { graph: …, checks }` (docs/scenario-files.md), each followed by an
 * assertion that the graph answered (a non-blank reply), and a final `judge`
 * step grading the path checks in code (default: every node kept its
 * contract, no loops), so a contract breach fails the run naming the node,
 * the turn and the rule. Strict JSON text. The server only writes the text;
 * the worker reads and runs it like any other scenario file. The same turns
 * and checks give the same file, so the same suite version.
 */
import { createHash } from "node:crypto";
import { posix } from "node:path";
import { GraphProblem } from "./graph-upload.js";
import type { SuiteFile, SuiteScenario } from "./suites.js";

/** The file and the scenario it holds. */
export interface ScriptScenario {
  file: SuiteFile;
  scenario: SuiteScenario;
}

/** Checks over the path, as a scenario file's `agent.checks` (validated at the edge). */
export interface GraphPathChecks {
  visited?: string[] | undefined;
  not_visited?: string[] | undefined;
  visited_in_order?: string[] | undefined;
  handed_off?: Array<{ from: string; to: string }> | undefined;
  answered_by?: string | undefined;
  handoffs?: { at_most?: number | undefined; at_least?: number | undefined; exactly?: number | undefined } | undefined;
  no_loops?: boolean | undefined;
  contracts_held?: boolean | undefined;
}

/** What a scripted execution checks when the request names nothing. */
export const DEFAULT_PATH_CHECKS: GraphPathChecks = { contracts_held: true, no_loops: true };

/** Refuses (422, naming the field) checks that name a node the graph does not have: the worker would refuse them later. */
export function checkCheckNodes(checks: GraphPathChecks, outline: Record<string, unknown>): void {
  const nodes = ((outline.nodes ?? []) as Array<{ name: string }>).map((node) => node.name);
  const named: Array<[string, string]> = [
    ...(checks.visited ?? []).map((node, index): [string, string] => [`checks.visited[${index}]`, node]),
    ...(checks.not_visited ?? []).map((node, index): [string, string] => [`checks.not_visited[${index}]`, node]),
    ...(checks.visited_in_order ?? []).map((node, index): [string, string] => [`checks.visited_in_order[${index}]`, node]),
    ...(checks.handed_off ?? []).flatMap(
      ({ from, to }, index): Array<[string, string]> => [
        [`checks.handed_off[${index}].from`, from],
        [`checks.handed_off[${index}].to`, to],
      ],
    ),
    ...(checks.answered_by === undefined ? [] : [["checks.answered_by", checks.answered_by] as [string, string]]),
  ];
  for (const [field, node] of named)
    if (!nodes.includes(node))
      throw new GraphProblem(422, field, `"${node}" is not a node of the graph (nodes: ${nodes.join(", ")})`);
}

/** Writes the scenario of `turns` against the graph file at `graphPath`, beside it. */
export function scriptScenario(
  graphName: string,
  graphPath: string,
  turns: readonly string[],
  checks: GraphPathChecks = DEFAULT_PATH_CHECKS,
): ScriptScenario {
  const digest = createHash("sha256")
    .update(JSON.stringify([graphPath, turns, checks]))
    .digest("hex")
    .slice(0, 16);
  const folder = posix.dirname(graphPath);
  const fileName = `execute-${digest}.scenario.json`;
  const path = folder === "." ? fileName : `${folder}/${fileName}`;
  const id = `execute-${digest}`;
  const name = `${graphName}: ${turns.length} scripted turn${turns.length === 1 ? "" : "s"}`;
  const content = `${JSON.stringify(
    {
      id,
      name,
      description: `User turns sent to graph ${graphName} through the execute API.`,
      agent: { graph: `./${posix.basename(graphPath)}`, checks },
      script: [
        ...turns.flatMap((message, index) => [
          { type: "user_message", message },
          {
            type: "assertion",
            path: "last_response",
            operator: "matches",
            value: "\\S",
            message: `the graph answered turn ${index + 1}`,
          },
        ]),
        { type: "judge" },
      ],
    },
    null,
    2,
  )}\n`;
  return { file: { path, content }, scenario: { path, id, name } };
}
