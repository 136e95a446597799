/**
 * The run-history server, for `rehearse serve`: a separate package
 * (`@rehearse/server`), loaded only when the command runs, so the library and
 * every other command never load the server, its database or their
 * dependencies. The types below are the part of the server's API the CLI
 * uses (the server depends on this package, not the other way round).
 */
import { ConfigError } from "../domain/errors.js";

/** How `rehearse serve` starts the server. */
export interface HistoryServerOptions {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  logLevel: string;
  /** Where the server reads its secrets and key settings (`REHEARSE_KEY_PEPPER`, …); the CLI passes its environment. */
  environment?: Readonly<Record<string, string | undefined>>;
}

/** A running server, as the CLI sees it. */
export interface HistoryServer {
  url: string;
  dataDir: string;
  adminKeyFile: string | undefined;
  /** The instance administrator's email and one-time password, on the first start (optional for older servers). */
  administratorFile?: string | undefined;
  /** Whether the dashboard is served at `/` (optional for older servers). */
  dashboard?: boolean;
  /** Where launched runs wait (`embedded`, `redis`, `postgres`), and where workers find the worker token (optional for older servers). */
  launch?: { queue: string; workerToken: string };
  close(): Promise<void>;
}

/** The bootstrap steps of `rehearse admin`, as the CLI sees them. */
export interface ServerAdmin {
  createTenant(id: string, name: string): Promise<{ keyFile: string }>;
  invite(spec: { email: string; name: string; tenant: string; role: string }): Promise<{ userId: string; password: string }>;
  resetPassword(email: string): Promise<{ password: string; sessionsEnded: number }>;
  rotateAdminKey(tenant: string): Promise<{ keyFile: string; revoked: number }>;
  close(): Promise<void>;
}

/** Where `rehearse admin` finds the installation. */
export interface ServerAdminOptions {
  dataDir: string;
  databaseUrl?: string;
  environment?: Readonly<Record<string, string | undefined>>;
}

/** How `rehearse worker` starts a worker. */
export interface RunWorkerOptions {
  endpoint: string;
  token: string;
  concurrency: number;
  workDir: string;
  drainTimeoutMs: number;
  /** How soon a dead worker's runs are taken over (BullMQ's stall check and lock; default 30 000 ms). */
  stalledIntervalMs?: number;
  environment: Readonly<Record<string, string | undefined>>;
  version: string;
  warn: (message: string) => void;
}

/** A running worker, as the CLI sees it. */
export interface RunWorker {
  id: string;
  /** Where its jobs come from (`redis` or `postgres`). */
  backend: string;
  close(): Promise<{ stopped: string[] }>;
}

interface ServerModule {
  startServer(options: Record<string, unknown>): Promise<HistoryServer>;
  openAdmin(options: Record<string, unknown>): Promise<ServerAdmin>;
  startWorkerProcess(options: RunWorkerOptions): Promise<RunWorker>;
}

/** The package name; a variable, so bundlers leave the import to run time. */
const serverPackage = "@rehearse/server";

/** Loads `@rehearse/server` (through `load`, for tests), or throws a usage error naming the install command. */
async function loadServer(load: () => Promise<unknown>, command = "rehearse serve"): Promise<ServerModule> {
  try {
    return (await load()) as ServerModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") && String(error).includes(`'${serverPackage}'`)) {
      throw new ConfigError(`${command} needs the server package: npm install --save-dev ${serverPackage}`, {
        source: command,
      });
    }
    throw error;
  }
}

/** Starts the server; it logs requests as JSON lines on standard error at `logLevel`. */
export async function startHistoryServer(
  options: HistoryServerOptions,
  load: () => Promise<unknown> = () => import(serverPackage),
): Promise<HistoryServer> {
  const server = await loadServer(load);
  return server.startServer({
    port: options.port,
    host: options.host,
    dataDir: options.dataDir,
    logLevel: options.logLevel,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.environment ? { environment: options.environment } : {}),
  });
}

/** Opens the installation at `dataDir` (or `databaseUrl`) for `rehearse admin`; the embedded one only while no server uses it. */
export async function openServerAdmin(
  options: ServerAdminOptions,
  load: () => Promise<unknown> = () => import(serverPackage),
): Promise<ServerAdmin> {
  const server = await loadServer(load, "rehearse admin");
  return server.openAdmin({
    dataDir: options.dataDir,
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : {}),
    ...(options.environment ? { environment: options.environment } : {}),
  });
}

/**
 * Starts a `rehearse worker`: it takes launched runs from the queue the
 * environment names (`REDIS_URL`, or `REHEARSE_QUEUE=postgres` with
 * `DATABASE_URL`) and reports them to `endpoint`.
 */
export async function startRunWorker(
  options: RunWorkerOptions,
  load: () => Promise<unknown> = () => import(serverPackage),
): Promise<RunWorker> {
  const server = await loadServer(load, "rehearse worker");
  return server.startWorkerProcess(options);
}
