/**
 * How `rehearse guard` and `rehearse promote` reach a Rehearse server: the
 * server from `--server`, else `report.endpoint` / `REHEARSE_ENDPOINT`; the
 * key from `--key-file`, else `REHEARSE_API_KEY`; one JSON POST whose answer
 * is returned as status and body. Not finding a server or key, and not
 * reaching the server, are usage errors (exit 2) with a sentence saying what
 * to do.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createRehearse } from "../api/runs.js";
import type { CliContext } from "./cli-context.js";
import { usageError } from "./exit-codes.js";

/** Where to send and with which key. */
export interface ServerAccess {
  server: string;
  key: string;
}

/** The server and key of `command`, or a usage error naming the flag and variable to set. */
export async function serverAccess(
  command: string,
  options: { server?: string; keyFile?: string },
  context: CliContext,
): Promise<ServerAccess> {
  const rehearse = createRehearse({ cwd: context.cwd, env: context.env, ...(context.logger ? { logger: context.logger } : {}) });
  const report = (await rehearse.resolveConfig()).report ?? {};
  const server = options.server ?? report.endpoint;
  if (!server) throw usageError(`${command}: which server? pass --server <url> or set REHEARSE_ENDPOINT`, "--server");
  let key = report.apiKey;
  if (options.keyFile) {
    try {
      key = (await readFile(resolve(context.cwd, options.keyFile), "utf8")).trim();
    } catch (error) {
      throw usageError(
        `${command}: cannot read --key-file ${options.keyFile} (${(error as NodeJS.ErrnoException).code ?? error})`,
      );
    }
  }
  if (!key) throw usageError(`${command}: no API key: set REHEARSE_API_KEY or pass --key-file <path>`, "--key-file");
  return { server, key };
}

/** A server's answer: the status and the parsed JSON body (`undefined` when it was not JSON). */
export interface ServerAnswer {
  status: number;
  body: unknown;
}

/**
 * POSTs `body` as JSON to `path` on the server; a request that gets no
 * answer (refused, unknown host, timed out) is a usage error naming the
 * server and the reason.
 */
export async function postJson(
  command: string,
  access: ServerAccess,
  path: string,
  body: unknown,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<ServerAnswer> {
  const url = new URL(path, access.server);
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { ...headers, authorization: `Bearer ${access.key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    // undici puts the socket's error in `cause` (an AggregateError when every address refused)
    const cause = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
    const reason = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error as Error).message;
    throw usageError(`${command}: could not reach ${url.origin} (${reason})`);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === "" ? undefined : JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  return { status: response.status, body: parsed };
}

/** A usage error for an answer that is neither a decision nor a refusal by the guard: bad key, no such batch, bad body. */
export function refusal(command: string, answer: ServerAnswer): Error {
  const problem = (answer.body ?? {}) as { detail?: string; field?: string };
  const hint =
    answer.status === 401
      ? " (the key is not valid on this server)"
      : answer.status === 403
        ? " (the key's role or scopes do not allow this)"
        : "";
  return usageError(`${command}: the server answered ${answer.status}: ${problem.detail ?? "no detail"}${hint}`);
}
