/**
 * Secrets the server itself needs (the API-key pepper today; the audit
 * signing key and webhook URLs later) come from the environment or from files
 * only its owner can read — never from the database in clear, so a stolen
 * database or backup cannot forge or check keys.
 *
 * Order: the value in the environment (`<NAME>`), a file named there
 * (`<NAME>_FILE`, refused when group or others may read it), else
 * `<dataDir>/secrets/<file>`, created with 32 random bytes (mode 0600) on
 * first start. Servers sharing one PostgreSQL must share the secret: set the
 * variable or point every server at the same file. The single sign-on
 * provider's settings (`OIDC_PROVIDER_CONFIG`, which may hold the client
 * secret) are read the same way, without a generated default.
 */
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where a secret came from, for the start-up log (never the value). */
export interface LoadedSecret {
  value: Buffer;
  source: string;
}

export interface SecretSource {
  /** The environment variable holding the value (`<name>_FILE` may name a file instead). */
  variable: string;
  /** The file under `<dataDir>/secrets/` made on first start when neither variable is set. */
  fileName: string;
  environment: Readonly<Record<string, string | undefined>>;
  dataDir: string;
}

const minimumLength = 32;

function secretError(message: string): Error {
  return Object.assign(new Error(message), { code: "REHEARSE_SECRET" });
}

function checked(value: string, where: string, least: number): Buffer {
  const trimmed = value.trim();
  if (trimmed.length < least) {
    throw secretError(
      least > 1 ? `${where} must hold at least ${least} characters (e.g. \`openssl rand -base64 32\`)` : `${where} is empty`,
    );
  }
  return Buffer.from(trimmed, "utf8");
}

/**
 * The trimmed content of `path`, refused when group or others may read the
 * file or it holds fewer than `least` characters; `variable` names where the
 * path came from in messages.
 */
export function readPrivateFile(path: string, variable: string, least = minimumLength): Buffer {
  let mode: number;
  try {
    mode = statSync(path).mode;
  } catch (error) {
    throw secretError(`${variable}=${path}: ${(error as Error).message}`);
  }
  if ((mode & 0o077) !== 0) {
    throw secretError(
      `${path} (${variable}) may be read by group or others; run: chmod 600 ${path} ` +
        "(a mounted secret: mode 0400 in Docker Compose's secrets, defaultMode 0400 in a Kubernetes secret volume)",
    );
  }
  return checked(readFileSync(path, "utf8"), `${path} (${variable})`, least);
}

/**
 * A secret the operator may set (`<variable>` or `<variable>_FILE`); `undefined` when neither is.
 * `minimumLength` (default 32) is for values that are not random keys (a JSON document, say).
 */
export function loadConfiguredSecret(
  source: Pick<SecretSource, "variable" | "environment"> & { minimumLength?: number },
): LoadedSecret | undefined {
  const { variable, environment, minimumLength: least = minimumLength } = source;
  const value = environment[variable];
  if (value) return { value: checked(value, variable, least), source: `the ${variable} environment variable` };
  const file = environment[`${variable}_FILE`];
  if (file) return { value: readPrivateFile(file, `${variable}_FILE`, least), source: file };
  return undefined;
}

/** Loads (or, the first time, makes) the secret `source` describes. */
export function loadSecret(source: SecretSource): LoadedSecret {
  const configured = loadConfiguredSecret(source);
  if (configured) return configured;
  const { variable } = source;
  const directory = join(source.dataDir, "secrets");
  const path = join(directory, source.fileName);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  // written whole to a temporary file, then linked into place (which fails if the name exists): a server
  // starting at the same moment reads either no file or a complete one, never a half-written one
  const temporary = join(directory, `.${source.fileName}.${process.pid}.${randomBytes(4).toString("hex")}`);
  writeFileSync(temporary, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  try {
    linkSync(temporary, path);
  } catch (error) {
    // another server starting on the same data dir made it first: read that one
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(temporary);
  }
  return { value: readPrivateFile(path, variable), source: path };
}
