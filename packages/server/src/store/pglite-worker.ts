/**
 * The thread that runs embedded PGlite (see pglite-protocol.ts). It opens the
 * database from `workerData`, then answers requests in the order PGlite runs
 * them: PGlite serialises queries itself, and while a transaction is open its
 * other queries wait, exactly as on the server's thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { PGlite, type Transaction } from "@electric-sql/pglite";
import { describeError, type PgliteRequest, type PgliteResult, type PgliteWorkerData } from "./pglite-protocol.js";

const port = parentPort;
if (!port) throw new Error("pglite-worker.js runs as a worker thread");

const { dataDir, template, wasmModule } = workerData as PgliteWorkerData;
// a compiled WebAssembly.Module (the package's TypeScript libs do not declare the type)
const module = wasmModule as never;
// PGlite's WebAssembly memory starts at 128 MB and only grows; PostgreSQL's default 128 MB of shared
// buffers grows it by as much again. 16 MB keeps an embedded server near that floor (measured: 286 MB
// with 100 000 runs and 100 live streams, queries still ~10-30 ms at p95); the OS caches the files.
const startParams = [...PGlite.defaultStartParams, "-c", "shared_buffers=16MB"];
const options = { wasmModule: module, startParams, ...(template ? { loadDataDir: new Blob([template]) } : {}) };
const identity = (value: string) => value;

/** Open transactions by the id of the request that began them; `done` settles when PGlite committed or rolled back. */
const transactions = new Map<number, { transaction: Transaction; finish: (commit: boolean) => void; done: Promise<void> }>();

/**
 * Opens transaction `id` and runs `setup` in it; settles once both are done.
 * PGlite commits when the callback's promise resolves and rolls back when it
 * rejects: an "end" request settles it.
 */
function openTransaction(database: PGlite, id: number, setup: string | undefined): Promise<void> {
  return new Promise<void>((opened, failed) => {
    let started = false;
    const done = database.transaction(
      (transaction) =>
        new Promise<void>((commit, rollback) => {
          started = true;
          const finish = (keep: boolean) => (keep ? commit() : rollback(new Error("rolled back")));
          transactions.set(id, { transaction, finish, done });
          if (setup === undefined) return opened();
          transaction.exec(setup).then(
            () => opened(),
            (error: unknown) => {
              transactions.delete(id);
              failed(error);
              rollback(error);
            },
          );
        }),
    );
    done.catch((error: unknown) => {
      if (!started) failed(error);
    });
  });
}

async function answer(database: PGlite, request: PgliteRequest): Promise<PgliteResult | ArrayBuffer | null> {
  switch (request.kind) {
    case "query": {
      if (request.begin) await openTransaction(database, request.id, request.begin.setup);
      const owner = request.begin ? request.id : request.transaction;
      const target = owner === undefined ? database : transactions.get(owner)?.transaction;
      if (!target) throw new Error(`no open transaction ${owner}`);
      const parsers = Object.fromEntries(request.rawTypes.map((oid) => [oid, identity]));
      const result = await target.query(request.text, request.params, { rowMode: request.rowMode, parsers });
      return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows };
    }
    case "end": {
      const open = transactions.get(request.transaction);
      if (!open) throw new Error(`no open transaction ${request.transaction}`);
      transactions.delete(request.transaction);
      open.finish(request.commit);
      try {
        await open.done;
      } catch (error) {
        // a rollback asked for ends in PGlite's rejection; a failed commit is the caller's error
        if (request.commit) throw error;
      }
      return null;
    }
    case "dump": {
      const image = await database.dumpDataDir("gzip");
      return image.arrayBuffer();
    }
    case "close":
      await database.close();
      return null;
  }
}

let database: PGlite;
try {
  database = dataDir === undefined ? new PGlite(options) : new PGlite(dataDir, options);
  await database.waitReady;
  port.postMessage({ id: 0, ok: true, value: null });
} catch (error) {
  port.postMessage({ id: 0, ok: false, error: describeError(error) });
  throw error;
}

port.on("message", (request: PgliteRequest) => {
  answer(database, request).then(
    (value) => {
      const transfer = value instanceof ArrayBuffer ? [value] : [];
      port.postMessage({ id: request.id, ok: true, value }, transfer);
    },
    (error: unknown) => port.postMessage({ id: request.id, ok: false, error: describeError(error) }),
  );
});
