import type { GraphNode } from "../domain/graph.js";
import type { TriggerSpec } from "../domain/trigger-spec.js";
import { createRandom, deriveSeed } from "../engine/random.js";
import { createTrigger, type Trigger } from "../environment/triggers.js";

/** The faults chaos can put at a node or on an edge. */
export const GRAPH_FAULTS = [
  "error",
  "timeout",
  "slow",
  "malformed_output",
  "adversarial",
  "drop_payload",
  "corrupt_payload",
] as const;
export type GraphFault = (typeof GRAPH_FAULTS)[number];

/**
 * A fault at a node (`node`) or on a handoff (`edge`), when its trigger fires
 * (default: every time; `{ kind: "random", probability }` draws from the
 * run's seed, so a seed replays the same faults; `max_triggers` bounds it).
 *
 * - `error`: the visit fails (`message`); `timeout`: it never answers, so the
 *   node timeout (default 1 s here) ends it; `slow`: it takes `delayMs` longer;
 * - `malformed_output`: its reply is cut mid-JSON; `adversarial`: `replacement`
 *   runs in its place (a node that leaks, lies or loops);
 * - on an edge: `drop_payload` hands over nothing, `corrupt_payload` a garbled payload.
 */
export interface GraphChaos {
  name?: string;
  node?: string;
  edge?: { from: string; to: string };
  fault: GraphFault;
  trigger?: TriggerSpec;
  message?: string;
  delayMs?: number;
  replacement?: GraphNode;
}

/** A chaos entry armed for one run: its trigger with its own seeded random stream. */
export interface ArmedChaos {
  readonly name: string;
  readonly spec: GraphChaos;
  readonly trigger: Trigger;
}

/** Checks `chaos` against `nodes` and names each entry; throws a `TypeError` naming the entry and the problem. */
export function checkChaos(chaos: readonly GraphChaos[], nodes: readonly string[]): void {
  chaos.forEach((entry, index) => {
    const where = `chaos[${index}]`;
    if (!(GRAPH_FAULTS as readonly string[]).includes(entry.fault))
      throw new TypeError(`${where}: fault must be one of ${GRAPH_FAULTS.join(", ")}, got ${JSON.stringify(entry.fault)}`);
    const onEdge = entry.fault === "drop_payload" || entry.fault === "corrupt_payload";
    if (onEdge ? !entry.edge || entry.node : !entry.node || entry.edge)
      throw new TypeError(
        `${where}: ${entry.fault} is a fault ${onEdge ? "on an edge: give edge: { from, to }" : "at a node: give node"}`,
      );
    for (const name of entry.node ? [entry.node] : [entry.edge?.from, entry.edge?.to])
      if (!nodes.includes(name as string)) throw new TypeError(`${where}: ${JSON.stringify(name)} is not a node of the graph`);
    if (entry.fault === "adversarial" && !entry.replacement)
      throw new TypeError(`${where}: adversarial needs the replacement node ({ agent } or { run })`);
    if (entry.fault === "slow" && !(entry.delayMs && entry.delayMs > 0)) throw new TypeError(`${where}: slow needs delayMs > 0`);
  });
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
