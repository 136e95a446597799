/**
 * `rehearse audit verify`: asks a Rehearse server to recompute the caller's
 * tenant's audit hash chain and check its signed anchors, and says whether it
 * holds. Exits 0 when it does, 1 when it found tampering (naming the first
 * entry that cannot be trusted), 2 when it could not ask (no server, no key,
 * not an admin key, server unreachable).
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { createRehearse } from "../api/runs.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode, usageError } from "./exit-codes.js";

/** The options of `rehearse audit verify`. */
export interface AuditVerifyOptions {
  /** `--server <url>`, else report.endpoint / REHEARSE_ENDPOINT. */
  server?: string;
  /** `--key-file <path>`: a file holding an admin key, else REHEARSE_API_KEY. */
  keyFile?: string;
  fromSeq?: number;
  toSeq?: number;
  json?: boolean;
  /** `--timeout <ms>` for the request (default 120 000: a long chain takes a while). */
  timeout?: number;
}

interface Verification {
  ok: boolean;
  checked: number;
  firstBadSeq?: number;
  fault?: string;
  anchorSeq?: number;
  headSeq: number;
  headHash: string | null;
  anchorsChecked: number;
  anchorsSkipped: number;
}

export async function auditVerifyCommand(options: AuditVerifyOptions, context: CliContext): Promise<number> {
  const rehearse = createRehearse({ cwd: context.cwd, env: context.env, ...(context.logger ? { logger: context.logger } : {}) });
  const report = (await rehearse.resolveConfig()).report ?? {};
  const server = options.server ?? report.endpoint;
  if (!server) throw usageError("rehearse audit verify: which server? pass --server <url> or set REHEARSE_ENDPOINT", "--server");
  const key = options.keyFile ? (await readFile(resolve(context.cwd, options.keyFile), "utf8")).trim() : report.apiKey;
  if (!key)
    throw usageError(
      "rehearse audit verify: no key: pass --key-file <path> (an admin key) or set REHEARSE_API_KEY",
      "--key-file",
    );

  const url = new URL("/api/v1/audit/verify", server);
  if (options.fromSeq !== undefined) url.searchParams.set("fromSeq", String(options.fromSeq));
  if (options.toSeq !== undefined) url.searchParams.set("toSeq", String(options.toSeq));
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${key}` },
      signal: AbortSignal.timeout(options.timeout ?? 120_000),
    });
  } catch (error) {
    // undici puts the socket's error in `cause` (an AggregateError when every address refused)
    const cause = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
    const reason = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error as Error).message;
    context.printError(`rehearse audit verify: could not reach ${url.origin} (${reason})`);
    return ExitCode.usage;
  }
  if (!response.ok) {
    const detail = ((await response.json().catch(() => ({}))) as { detail?: string }).detail ?? response.statusText;
    const hint =
      response.status === 403
        ? " (the audit trail needs an admin key)"
        : response.status === 401
          ? " (the key is not valid here)"
          : "";
    context.printError(`rehearse audit verify: the server answered ${response.status}: ${detail}${hint}`);
    return ExitCode.usage;
  }
  const result = (await response.json()) as Verification;
  if (options.json) context.print(JSON.stringify(result, null, 2));
  else context.print(describe(result));
  return result.ok ? ExitCode.ok : ExitCode.unexpected;
}

function describe(result: Verification): string {
  const anchors = `${result.anchorsChecked} signed anchor${result.anchorsChecked === 1 ? "" : "s"} checked${
    result.anchorsSkipped > 0 ? `, ${result.anchorsSkipped} signed by another key skipped` : ""
  }`;
  if (result.ok) {
    const head = result.headHash ? ` (head ${result.headSeq}, ${result.headHash.slice(0, 16)}…)` : " (empty)";
    return `audit chain intact: ${result.checked} entr${result.checked === 1 ? "y" : "ies"} recomputed${head}, ${anchors}`;
  }
  const anchor = result.anchorSeq !== undefined ? `, found by the anchor at ${result.anchorSeq}` : "";
  return `audit chain TAMPERED: first entry that cannot be trusted is ${result.firstBadSeq} (${result.fault}${anchor}); ${result.checked} entries recomputed before it, ${anchors}`;
}
