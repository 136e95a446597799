import { GRAPH_FAULTS, type GraphChaos } from "../domain/graph.js";
import { createRandom, deriveSeed } from "../engine/random.js";
import { createTrigger, type Trigger } from "../environment/triggers.js";

export { GRAPH_FAULTS, type GraphChaos, type GraphFault } from "../domain/graph.js";

/** A chaos entry armed for one run: its trigger with its own seeded random stream. */
export interface ArmedChaos {
  readonly name: string;
  readonly spec: GraphChaos;
  readonly trigger: Trigger;
}

/** Checks `chaos` against `nodes` and names each entry; throws a `TypeError` naming the entry and the problem. */
export function checkChaos(chaos: readonly GraphChaos[], nodes: readonly string[]): void {
  chaos.forEach((entry, index) => {
    const [first] = chaosProblems(entry, nodes);
    if (first) throw new TypeError(`chaos[${index}]: ${first.problem}`);
  });
}

/** What is wrong with one chaos entry, each problem with the field it is about (the `defineGraph` and graph-file paths). */
export function chaosProblems(entry: GraphChaos, nodes: readonly string[]): { field: string; problem: string }[] {
  if (!(GRAPH_FAULTS as readonly string[]).includes(entry.fault))
    return [{ field: "fault", problem: `fault must be one of ${GRAPH_FAULTS.join(", ")}, got ${JSON.stringify(entry.fault)}` }];
  const onEdge = entry.fault === "drop_payload" || entry.fault === "corrupt_payload";
  if (onEdge ? !entry.edge || entry.node : !entry.node || entry.edge)
    return [
      {
        field: onEdge ? "edge" : "node",
        problem: `${entry.fault} is a fault ${onEdge ? "on an edge: give edge: { from, to }" : "at a node: give node"}`,
      },
    ];
  const problems: { field: string; problem: string }[] = [];
  const targets = entry.node
    ? [["node", entry.node]]
    : [
        ["edge", entry.edge?.from],
        ["edge", entry.edge?.to],
      ];
  for (const [field, name] of targets)
    if (!nodes.includes(name as string))
      problems.push({ field: field as string, problem: `${JSON.stringify(name)} is not a node of the graph` });
  if (entry.fault === "adversarial" && !entry.replacement)
    problems.push({ field: "replacement", problem: "adversarial needs the replacement node ({ agent } or { run })" });
  if (entry.fault === "slow" && !(entry.delayMs && entry.delayMs > 0))
    problems.push({ field: "delayMs", problem: "slow needs delayMs > 0" });
  return problems;
}

/** The run's chaos: each entry's trigger gets a random stream derived from the run's seed and the entry's index. */
export function armChaos(chaos: readonly GraphChaos[], seed: number): ArmedChaos[] {
  return chaos.map((spec, index) => ({
    name: spec.name ?? `${spec.fault} at ${spec.node ?? `${spec.edge?.from}→${spec.edge?.to}`}`,
    spec,
    trigger: createTrigger(spec.trigger ?? { kind: "random", probability: 1 }, {
      random: (() => {
        const random = createRandom(deriveSeed(seed, `graph-chaos:${index}`));
        return () => random.next();
      })(),
      source: "graphAgent({ chaos })",
      path: `chaos[${index}].trigger`,
    }),
  }));
}

/** A reply cut mid-JSON, as a node that crashed while writing would leave it. */
export function malformed(reply: string | undefined): string {
  const text = JSON.stringify({ reply: reply ?? "" });
  return text.slice(0, Math.max(1, Math.floor(text.length / 2)));
}

/** A payload garbled the same way every time for the same payload. */
export function corrupted(payload: unknown): string {
  const text = typeof payload === "string" ? payload : JSON.stringify(payload ?? null);
  return [...text]
    .reverse()
    .join("")
    .replace(/[aeiou]/gi, "#");
}
