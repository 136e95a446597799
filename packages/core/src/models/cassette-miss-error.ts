/**
 * The error of a replay that finds no recording. It has its own module so the
 * root entry exports it without loading the cassette machinery (call keys,
 * the record/replay middleware), which loads with a context's first run.
 */

import { RehearseError } from "../domain/errors.js";

/** Replay mode met a call that has no recording. No model was called. */
export class CassetteMissError extends RehearseError {
  /** The key the recording would have. */
  readonly key: string;
  /** The cassette that was searched (a file path, or a store's name for it). */
  readonly cassette: string;
  /** The model's `provider:modelId`; `undefined` for a `cache()`d function. */
  readonly model: string | undefined;
  /** The `cache()`d function's name; `undefined` for a model call. */
  readonly functionName: string | undefined;

  constructor(details: { key: string; cassette: string; model?: string; functionName?: string; occurrence: number }) {
    const what = details.model ? `model call to ${details.model}` : `call of cache()d function "${details.functionName}"`;
    super(
      "replay_miss",
      `Replay found no recording for this ${what} (key ${details.key}, occurrence ${details.occurrence}) in ${details.cassette}. ` +
        `The call changed since it was recorded, or was never recorded: record it with --record ` +
        `(or cassette: { mode: "record" }), or use mode "auto" to record only what is missing.`,
    );
    this.name = "CassetteMissError";
    this.key = details.key;
    this.cassette = details.cassette;
    this.model = details.model;
    this.functionName = details.functionName;
  }
}
