/**
 * The messages between the server's thread and the thread that runs embedded
 * PGlite (pglite-worker.ts). PGlite is PostgreSQL compiled to WebAssembly: it
 * runs on the thread that calls it, so on the server's thread every query
 * would stall HTTP, validation and SSE. In a worker it uses a core of its own.
 */

/** How the worker opens the database (its `workerData`). */
export interface PgliteWorkerData {
  dataDir: string | undefined;
  /** A `dumpDataDir()` image to start a new database from. */
  template: ArrayBuffer | undefined;
  /** PGlite's WebAssembly, compiled by the server's thread (shared, not copied). */
  wasmModule: object;
}

/** A request to the worker. `id` pairs it with its reply. */
export type PgliteRequest =
  | {
      id: number;
      kind: "query";
      text: string;
      params: unknown[];
      rowMode: "object" | "array";
      /** Type oids whose values come back as PostgreSQL's text (the caller parses them). */
      rawTypes: number[];
      /** The open transaction this query belongs to. */
      transaction?: number;
      /** Opens a transaction first (its id is this request's), running `setup` in it: one round trip for both. */
      begin?: { setup?: string };
    }
  | { id: number; kind: "end"; transaction: number; commit: boolean }
  | { id: number; kind: "dump" }
  | { id: number; kind: "close" };

/** A query's result, as PGlite gives it. */
export interface PgliteResult {
  rows: unknown[];
  fields: Array<{ name: string; dataTypeID: number }>;
  affectedRows?: number;
}

/** A reply: the value, or the error's message and PostgreSQL fields (`code`, `detail`, …). */
export type PgliteReply =
  | { id: number; ok: true; value: PgliteResult | ArrayBuffer | number | null }
  | { id: number; ok: false; error: { message: string; fields: Record<string, string | number | undefined> } };

/** The message the worker posts once the database is open, or failed to open. */
export type PgliteOpened = { id: 0; ok: true; value: null } | (PgliteReply & { id: 0; ok: false });

/** An error from the worker with PostgreSQL's fields, as a `DatabaseError` carries them. */
export function describeError(error: unknown): { message: string; fields: Record<string, string | number | undefined> } {
  if (!(error instanceof Error)) return { message: String(error), fields: {} };
  const fields: Record<string, string | number | undefined> = {};
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === "string" || typeof value === "number") fields[key] = value;
  }
  return { message: error.message, fields };
}
