/**
 * The real run-history server for end-to-end tests: `startServer` from the
 * built `@rehearse/server`, in this worker's process, on a free port, with a
 * fresh data directory and the dashboard's `dist/` served at `/`. Reads the
 * instance administrator's one-time password and the admin key the first
 * start writes, and checks that the dashboard is really served before any
 * test runs, so a missing option fails here with its reason.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer } from "@rehearse/server";
import { dashboardDist } from "./paths.js";

/** Someone who can sign in. */
export interface Credentials {
  email: string;
  password: string;
}

/** A server running for one worker. */
export interface DashboardServer {
  /** `http://127.0.0.1:<port>`: the only host a page may talk to. */
  url: string;
  dataDir: string;
  /** The instance administrator (admin of the `default` tenant), from `<dataDir>/admin-password`. */
  administrator: Credentials;
  /** The `default` tenant's first admin key (`<dataDir>/admin.key`), for API calls outside a browser. */
  adminKey: string;
  close(): Promise<void>;
}

/** Starts a server over a new temporary data directory; `close()` stops it and deletes the directory. */
export async function startDashboardServer(): Promise<DashboardServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "rehearse-e2e-"));
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      port: 0,
      dataDir,
      logLevel: "silent",
      dashboardDir: dashboardDist,
      // not the shell's environment: no single sign-on, governance or secrets leak in from it
      environment: {},
      oidc: false,
    });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const close = async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    if (!server.administratorFile || !server.adminKeyFile)
      throw new Error(`the server did not write admin-password and admin.key into the fresh data dir ${dataDir}`);
    const [email = "", password = ""] = readFileSync(server.administratorFile, "utf8").trim().split("\n");
    const adminKey = readFileSync(server.adminKeyFile, "utf8").trim();
    await expectDashboardServed(server.url);
    return { url: server.url, dataDir, administrator: { email, password }, adminKey, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Fails unless `/` and a deep link answer the dashboard's HTML (the SPA fallback) without a credential. */
async function expectDashboardServed(url: string): Promise<void> {
  for (const path of ["/", "/runs/some-run?tab=timeline"]) {
    const response = await fetch(url + path);
    const body = await response.text();
    if (response.status !== 200 || !body.includes('<div id="root">'))
      throw new Error(
        `GET ${path} answered ${response.status} ${response.headers.get("content-type") ?? ""}, not the dashboard's index.html. ` +
          "startServer({ dashboardDir }) must serve packages/dashboard/dist at / (with the SPA fallback, no sign-in needed); " +
          "if the option exists in packages/server/src, rebuild the server: npm run build --workspace @rehearse/server",
      );
  }
}
