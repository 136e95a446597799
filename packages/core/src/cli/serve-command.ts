/**
 * `rehearse serve`: starts the run-history server (package `@rehearse/server`,
 * loaded only here) on 127.0.0.1 unless told otherwise, prints where it is and
 * how to report runs to it, and runs until Ctrl-C or SIGTERM, then shuts down
 * gracefully (pending events are written, live streams closed) and exits 0.
 */
import { resolve } from "node:path";
import { type HistoryServer, startHistoryServer } from "../api/server.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode } from "./exit-codes.js";

/** `rehearse serve` flags. */
export interface ServeFlags {
  port: number;
  host: string;
  dataDir: string;
  logLevel: string;
}

export async function serveCommand(flags: ServeFlags, context: CliContext): Promise<number> {
  const databaseUrl = context.env.DATABASE_URL || undefined;
  let server: HistoryServer;
  try {
    server = await startHistoryServer({
      port: flags.port,
      host: flags.host,
      dataDir: resolve(context.cwd, flags.dataDir),
      logLevel: flags.logLevel,
      environment: context.env,
      ...(databaseUrl ? { databaseUrl } : {}),
    });
  } catch (error) {
    const problem = startProblem(error, flags, databaseUrl !== undefined);
    if (!problem) throw error;
    context.printError(`rehearse serve: ${problem}`);
    return ExitCode.usage;
  }
  const where = databaseUrl ? "PostgreSQL (DATABASE_URL)" : `embedded database in ${server.dataDir}`;
  context.print(`Rehearse server on ${server.url} (${where})`);
  if (server.dashboard) context.print(`Dashboard: ${server.url}/ (sign in with a member's email and password)`);
  else if (server.dashboard === false)
    context.print("No dashboard: add @rehearse/dashboard (in this repository: npm run build) to browse runs at /.");
  if (server.adminKeyFile) {
    context.print(
      `First start: the admin API key is in ${server.adminKeyFile} (written once, mode 0600; only its hash is stored).`,
    );
  }
  if (server.administratorFile) {
    context.print(
      `First start: the instance administrator's email and one-time password are in ${server.administratorFile} (mode 0600); sign in and change the password.`,
    );
  }
  context.print(`Report runs to it: REHEARSE_ENDPOINT=${server.url} REHEARSE_API_KEY=<key> npx rehearse run <paths>`);
  if (server.launch?.queue === "embedded")
    context.print(
      "Launched runs (rehearse push, rehearse launch) run in this process; set REDIS_URL to run them on rehearse worker processes.",
    );
  else if (server.launch)
    context.print(
      `Launched runs wait on ${server.launch.queue}: start workers with REHEARSE_WORKER_TOKEN (from ${server.launch.workerToken}) npx rehearse worker --server ${server.url}`,
    );
  context.print("Ctrl-C stops it.");
  await new Promise<void>((done) => {
    if (context.interrupt.aborted) done();
    else context.interrupt.addEventListener("abort", () => done(), { once: true });
  });
  context.printError("stopping: writing pending events and closing connections");
  await server.close();
  return ExitCode.ok;
}

/** A sentence for a start failure the user can fix (busy port, locked data dir, unreachable database), else undefined. */
function startProblem(error: unknown, flags: ServeFlags, usesDatabaseUrl: boolean): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === "EADDRINUSE") return `port ${flags.port} on ${flags.host} is in use; pass another --port (0 picks a free one)`;
  if (code === "EADDRNOTAVAIL") return `${flags.host} is not an address of this machine (--host)`;
  if (code === "EACCES") return `not allowed to listen on ${flags.host}:${flags.port}, or to write ${flags.dataDir}: ${message}`;
  if (typeof code === "string" && code.startsWith("REHEARSE_")) return message;
  if (usesDatabaseUrl && (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "28P01" || code === "3D000")) {
    return `cannot use the PostgreSQL server in DATABASE_URL: ${message}`;
  }
  return undefined;
}
