import type { JsonValue } from "./call-key.js";

/**
 * How a run treats model calls (and `cache()`d functions):
 * - `off`: call through, record nothing (the library default);
 * - `record`: always call, and record the answer (replacing an older one);
 * - `replay`: answer from the cassette only; a call without a recording is
 *   an error (`CassetteMissError`), never a network call;
 * - `auto`: replay what is recorded, call and record the rest.
 */
export type CassetteMode = "record" | "replay" | "auto" | "off";

/** One recorded call. Fields are in the order a diff reads best. */
export interface CassetteEntry {
  /** `callKey` of the normalised call, the scenario, the cache key and `occurrence`. */
  key: string;
  kind: "generate" | "stream" | "function";
  /** `provider:modelId` for model calls. */
  model?: string;
  /** 0 for the first identical call in a run, 1 for the next (a retry), … */
  occurrence: number;
  /** The normalised call (or `{ function, args }`), kept so a diff shows what changed. */
  request: unknown;
  /** The recorded answer, as canonical JSON. */
  response: unknown;
}

/** Counts of one session; replayed calls are not model usage. */
export interface CassetteStats {
  /** Calls that went through the session (model calls and `cache()`d functions; none in `off`). */
  calls: number;
  /** Calls answered from the cassette. */
  hits: number;
  /** Calls without a recording (an error in `replay`, a live call in `auto`). */
  misses: number;
  /** Answers recorded in this session (written by `flush()`). */
  recorded: number;
}

/** One call's place in the cassette, claimed when the call starts. */
export interface CassetteSlot {
  key: string;
  kind: CassetteEntry["kind"];
  model: string | undefined;
  occurrence: number;
  request: JsonValue;
}

/** The session's core, shared by the model middleware and `cached`. */
export interface CassetteRecorder {
  readonly mode: CassetteMode;
  readonly stats: CassetteStats;
  /**
   * Takes the next occurrence of this call. Synchronous on purpose: calls
   * started in one order get occurrences in that order, however their
   * awaits interleave later.
   */
  claim(kind: CassetteEntry["kind"], model: string | undefined, request: unknown): CassetteSlot;
  /**
   * The recording to answer with, or `undefined` to call live (`record`, or a
   * miss in `auto`). Rejects with `CassetteMissError` on a miss in `replay`.
   */
  recordingFor(slot: CassetteSlot, functionName?: string): Promise<CassetteEntry | undefined>;
  /** Keeps a live answer (canonical JSON) for `flush()`. */
  record(slot: CassetteSlot, response: JsonValue): void;
  flush(): Promise<void>;
}
