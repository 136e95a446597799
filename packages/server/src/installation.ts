/**
 * Opens an installation the way every entry point needs it (the server, and
 * `rehearse admin` while the server is stopped): the data dir's lock
 * (embedded database only), the secrets (API-key pepper, audit signing key),
 * the store (migrated), the pepper check, and the services over them that
 * touch keys and the audit trail.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { environmentPattern } from "./services/api-key-format.js";
import { ApiKeys } from "./services/api-keys.js";
import { AuditLog, type AuditLogOptions } from "./services/audit-log.js";
import { AuditSigner } from "./services/audit-signer.js";
import { lockDataDir } from "./services/data-dir-lock.js";
import { type LoadedSecret, loadSecret } from "./services/server-secrets.js";
import { Users } from "./services/users.js";
import { type Database, openDatabase } from "./store/database.js";

export interface InstallationOptions {
  dataDir?: string;
  databaseUrl?: string;
  environment?: Readonly<Record<string, string | undefined>>;
  audit?: Omit<AuditLogOptions, "onAnchor"> & { onAnchor?: (signer: AuditSigner) => AuditLogOptions["onAnchor"] };
}

export interface Installation {
  dataDir: string;
  database: Database;
  keys: ApiKeys;
  audit: AuditLog;
  users: Users;
  signer: AuditSigner;
  pepper: LoadedSecret;
  signingSecret: LoadedSecret;
  /** Closes the database and lets go of the data dir. */
  close(): Promise<void>;
}

function configError(message: string, code = "REHEARSE_CONFIG"): Error {
  return Object.assign(new Error(message), { code });
}

export async function openInstallation(options: InstallationOptions): Promise<Installation> {
  const dataDir = resolve(options.dataDir ?? ".rehearse/data");
  const environment = options.environment ?? {};
  const keyEnvironment = environment.REHEARSE_KEY_ENVIRONMENT || "live";
  if (!environmentPattern.test(keyEnvironment))
    throw configError(`REHEARSE_KEY_ENVIRONMENT must be 1-8 lowercase letters, got "${keyEnvironment}"`);
  const release = options.databaseUrl ? () => undefined : lockDataDir(dataDir);
  let pepper: LoadedSecret;
  let signingSecret: LoadedSecret;
  let database: Database;
  try {
    pepper = loadSecret({ variable: "REHEARSE_KEY_PEPPER", fileName: "key-pepper", environment, dataDir });
    signingSecret = loadSecret({ variable: "REHEARSE_AUDIT_SIGNING_KEY", fileName: "audit-signing-key", environment, dataDir });
    database = options.databaseUrl
      ? await openDatabase({ kind: "postgres", url: options.databaseUrl })
      : await openEmbedded(join(dataDir, "pglite"));
  } catch (error) {
    release();
    throw error;
  }
  const keys = new ApiKeys(database, pepper.value, Date.now, keyEnvironment);
  if ((await keys.checkPepper()) === "differs") {
    await database.close();
    release();
    throw configError(
      `the API-key pepper (${pepper.source}) is not the one this database's keys were made with, so every key would be refused; ` +
        "give this server the same pepper as the others (REHEARSE_KEY_PEPPER or REHEARSE_KEY_PEPPER_FILE) or start it on the data dir whose secrets/key-pepper made them",
      "REHEARSE_SECRET",
    );
  }
  const signer = new AuditSigner(signingSecret.value);
  const onAnchor = options.audit?.onAnchor?.(signer);
  const audit = new AuditLog(database, signer, Date.now, {
    ...(options.audit?.anchorEvery ? { anchorEvery: options.audit.anchorEvery } : {}),
    ...(onAnchor ? { onAnchor } : {}),
  });
  let closed = false;
  return {
    dataDir,
    database,
    keys,
    audit,
    users: new Users(database),
    signer,
    pepper,
    signingSecret,
    async close() {
      if (closed) return;
      closed = true;
      await database.close();
      release();
    },
  };
}

/** Writes an admin key's secret to `<dataDir>/<fileName>` (0600), replacing a file left there. */
export function writeAdminKey(dataDir: string, secret: string, fileName = "admin.key"): string {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, fileName);
  // a file left from an earlier database is replaced, not rewritten in place: its mode may be looser than 0600
  rmSync(path, { force: true });
  writeFileSync(path, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return path;
}

/** The embedded database; a new directory starts from the shipped image (no initdb: well under a second). */
async function openEmbedded(directory: string): Promise<Database> {
  const fresh = !existsSync(join(directory, "PG_VERSION"));
  const template = fresh ? await embeddedTemplate() : undefined;
  return openDatabase({ kind: "pglite", dataDir: directory, ...(template ? { template } : {}) });
}

/** The migrated empty image shipped with the package (made by `npm run build`), when it is there. */
async function embeddedTemplate(): Promise<Blob | undefined> {
  const { readFile } = await import("node:fs/promises");
  try {
    const bytes = await readFile(new URL("../pglite-template.tar.gz", import.meta.url));
    return new Blob([bytes]);
  } catch {
    return undefined;
  }
}
