/**
 * What a worker needs from the server, whichever queue feeds it: claim a run
 * before starting it, fetch the suite version it runs, learn the control
 * state (pause, stop) of the runs it holds, and end each attempt. Remote
 * workers reach it over HTTP with the worker token (http-worker-api.ts); the
 * embedded runner calls the services directly (local-worker-api.ts). Events
 * never go through here: they go through the normal ingest route.
 */
import type { Claim } from "../services/launches.js";
import type { RunJob } from "../services/run-queue.js";
import type { SuiteFile } from "../services/suites.js";

/** A worker's health, sent with each poll. */
export interface WorkerStatus {
  id: string;
  host: string;
  pid: number;
  backend: string;
  concurrency: number;
  version: string;
  startedAt: number;
  active: number;
  processed: number;
  failed: number;
  /** Set when the worker is shutting down. */
  stopping?: boolean;
}

export interface WorkerApi {
  claim(job: Pick<RunJob, "tenantId" | "runId">, attempt: number, workerId: string): Promise<Claim>;
  suiteFiles(tenantId: string, name: string, version: string): Promise<SuiteFile[]>;
  /**
   * The control state (`active`, `paused`, `stopped`, or `superseded` when a
   * later attempt took the run over) of each run the worker holds, by the
   * attempt it holds; and a heartbeat.
   */
  poll(status: WorkerStatus, held: Readonly<Record<string, number>>): Promise<Map<string, string>>;
  /** Ends an attempt; `reason` (with outcome `failed`: the run could not start) becomes the run's error. */
  endAttempt(tenantId: string, runId: string, attempt: number, outcome: string, reason?: string): Promise<void>;
  /** Whether attempt `attempt` of a run is stored as settled, was taken over, or its events are still arriving. */
  attemptProgress(tenantId: string, runId: string, attempt: number): Promise<"settled" | "superseded" | "pending">;
  /** The cassette recorded by run `runId`, or undefined when it has none. */
  cassette(tenantId: string, runId: string): Promise<string | undefined>;
  /** Keeps the cassette run `runId` recorded. */
  storeCassette(tenantId: string, runId: string, content: string): Promise<void>;
  /** The server's base URL, where the worker's reporter sends events. */
  readonly endpoint: string;
}
