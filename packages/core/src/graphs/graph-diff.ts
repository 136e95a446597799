import type { ContractBreach, GraphHop } from "../domain/graph.js";
import type { GraphRunRecord } from "./graph-agent.js";

/** One visit that differs between two runs, at the same turn and position. */
export interface HopChange {
  readonly turn: number;
  /** Position of the visit within its turn (0 = the entry). */
  readonly hop: number;
  readonly what: "node" | "handoff" | "reply" | "payload" | "error" | "missing" | "extra";
  readonly base: unknown;
  readonly head: unknown;
}

/** How two runs of a graph differ (`diffGraphRuns`). */
export interface GraphRunDiff {
  readonly graph: string;
  readonly versions: { readonly base: string | undefined; readonly head: string | undefined };
  /** True when every visit matches: same nodes, handoffs, payloads, replies and errors. */
  readonly identical: boolean;
  /** The first visit that differs: where the two runs part. */
  readonly firstDivergence: HopChange | undefined;
  /** The path of each turn, base and head. */
  readonly paths: readonly { readonly turn: number; readonly base: readonly string[]; readonly head: readonly string[] }[];
  readonly changes: readonly HopChange[];
  /** Contract breaches only one of the runs has. */
  readonly breaches: { readonly added: readonly ContractBreach[]; readonly removed: readonly ContractBreach[] };
  /** Chaos faults fired, per run. */
  readonly chaos: { readonly base: number; readonly head: number };
}

/**
 * The difference between two runs of a graph (`result.reports[graph]`),
 * visit by visit: a deterministic replay of the same graph is `identical`;
 * replaying with one node's version changed shows the turn and visit where
 * the runs part, what changed there (node, handoff, reply, payload, error),
 * the paths, and the contract breaches that came or went.
 *
 * @example
 * const diff = diffGraphRuns(before.reports.support, after.reports.support);
 * diff.firstDivergence; // { turn: 0, hop: 1, what: "reply", base: "Your refund…", head: "…ana@example.com" }
 */
export function diffGraphRuns(base: GraphRunRecord, head: GraphRunRecord): GraphRunDiff {
  const turns = [...new Set([...base.hops, ...head.hops].map((hop) => hop.turn))].sort((left, right) => left - right);
  const changes: HopChange[] = [];
  const paths = turns.map((turn) => {
    const before = base.hops.filter((hop) => hop.turn === turn);
    const after = head.hops.filter((hop) => hop.turn === turn);
    for (let index = 0; index < Math.max(before.length, after.length); index++)
      changes.push(...hopChanges(turn, index, before[index], after[index]));
    return { turn, base: before.map((hop) => hop.node), head: after.map((hop) => hop.node) };
  });
  const key = (breach: ContractBreach) => `${breach.turn}|${breach.node}|${breach.rule}|${breach.detail}`;
  const baseKeys = new Set(base.breaches.map(key));
  const headKeys = new Set(head.breaches.map(key));
  return {
    graph: head.graph,
    versions: { base: base.version, head: head.version },
    identical: changes.length === 0,
    firstDivergence: changes[0],
    paths,
    changes,
    breaches: {
      added: head.breaches.filter((breach) => !baseKeys.has(key(breach))),
      removed: base.breaches.filter((breach) => !headKeys.has(key(breach))),
    },
    chaos: { base: base.chaos.length, head: head.chaos.length },
  };
}

function hopChanges(turn: number, hop: number, before: GraphHop | undefined, after: GraphHop | undefined): HopChange[] {
  if (!before) return [{ turn, hop, what: "extra", base: undefined, head: after?.node }];
  if (!after) return [{ turn, hop, what: "missing", base: before.node, head: undefined }];
  if (before.node !== after.node) return [{ turn, hop, what: "node", base: before.node, head: after.node }];
  const changes: HopChange[] = [];
  const compare = (what: HopChange["what"], left: unknown, right: unknown) => {
    if (canonical(left) !== canonical(right)) changes.push({ turn, hop, what, base: left, head: right });
  };
  compare("payload", before.payload, after.payload);
  compare("error", before.error, after.error);
  compare("reply", before.reply, after.reply);
  compare("handoff", before.handoff?.to, after.handoff?.to);
  return changes;
}

/** JSON with sorted keys: equal values compare equal whatever their key order. */
function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_key, item: unknown) =>
      item && typeof item === "object" && !Array.isArray(item)
        ? Object.fromEntries(Object.entries(item as Record<string, unknown>).sort(([left], [right]) => left.localeCompare(right)))
        : item,
    ) ?? "undefined"
  );
}
