/** A launched run as its job carries it (services/run-queue.ts): ids, names and numbers, never secrets or transcripts. */

/** One run to execute. */
export interface RunJob {
  tenantId: string;
  batchId: string;
  setId: string;
  runId: string;
  /** 0-based trial of this scenario in the batch. */
  trialIndex: number;
  seed: number;
  suite: { name: string; version: string };
  /** The scenario: its file in the suite, the position among that file's scenarios, its id and name. */
  scenario: { path: string; index: number; id: string; name: string };
  /** Model ids (never keys): `default` becomes the run's `defaultModel` (user simulator and judge without their own). */
  models: { default?: string };
  /** The run this one replays, for reruns. */
  replayOf?: string;
  /**
   * Model calls on tape: `record` keeps this run's cassette on the server;
   * `replay` plays the cassette of run `from` (a miss is an error, so zero
   * model calls); `auto` plays it and calls the model on a miss.
   */
  cassette?: { mode: "record" | "replay" | "auto"; from?: string };
}
