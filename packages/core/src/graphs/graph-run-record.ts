import type { ContractBreach, GraphHop } from "../domain/graph.js";
import type { ArmedChaos, GraphChaos } from "./graph-chaos.js";

/** What a graph run recorded: every node visit of every turn, and the contracts broken. */
export interface GraphRunRecord {
  readonly graph: string;
  readonly version: string | undefined;
  readonly hops: GraphHop[];
  readonly breaches: ContractBreach[];
  /** Chaos faults that fired, in order. */
  readonly chaos: FiredChaos[];
}

/** A run's record with what only the agent needs: the armed chaos and where the last answer came from. */
export interface LiveRecord extends GraphRunRecord {
  lastAnswered?: string;
  readonly armed: ArmedChaos[];
  readonly startedAt: number;
}

/** A chaos fault that fired, as the run record and the `injection` event carry it. */
export interface FiredChaos {
  readonly name: string;
  readonly fault: GraphChaos["fault"];
  readonly turn: number;
  readonly node?: string;
  readonly edge?: { readonly from: string; readonly to: string };
  readonly reason: string;
}
