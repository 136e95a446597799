import type { ModelReference } from "../domain/models.js";

/** A worked call shown to the model: what a call with `input` should answer. */
export interface SimulatedToolExample {
  readonly input: Readonly<Record<string, unknown>>;
  readonly output: unknown;
}

/** How a tool without a handler is answered by a model. */
export interface SimulatedToolOptions {
  /** What the tool does, as the agent under test sees it; the model reads it too. */
  readonly description: string;
  /** JSON Schema (an object schema) of the input; a call that breaks it never reaches the model. */
  readonly inputSchema: Readonly<Record<string, unknown>>;
  /** JSON Schema every answer must fit. Without it any JSON value is an answer. */
  readonly outputSchema?: Readonly<Record<string, unknown>>;
  /** What the model should know beyond the description: the data to invent, the failures to show. */
  readonly instructions?: string;
  /** Calls and the answers they should get, for the model to follow. */
  readonly examples?: readonly SimulatedToolExample[];
  /** The model that answers; default: the run's default model. */
  readonly model?: ModelReference;
  /**
   * `true` when the same input may rightly get another answer (a clock, a
   * queue). Otherwise the tool is a function of its input and the
   * environment state within a run: a repeated call gets the earlier answer
   * without a model call.
   */
  readonly stateful?: boolean;
  /** Virtual seconds a call takes. Default: the environment's `latency.tool`. */
  readonly latency?: number;
  /** Where a scenario file declared it (for the missing-model advice): the file and the tool's `simulate` key. */
  readonly declaredIn?: { readonly file: string; readonly key: string };
}

/** An answer a simulated tool gave in this run, and the model that gave it. */
export interface RememberedAnswer {
  readonly output: unknown;
  readonly model: string;
}
