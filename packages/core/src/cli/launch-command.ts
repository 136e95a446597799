/**
 * `rehearse launch --suite <name>`: launches a batch of a pushed suite on a
 * Rehearse server's workers (`POST /api/v1/batches`) and prints where to
 * watch it. With `--wait` it waits until every run settled (asking again
 * with the same Idempotency-Key, so nothing launches twice) and prints the
 * counts; the exit code is then 0 when every run passed, 1 when one failed or
 * errored, 4 when the wait ran out (`--timeout`, the runs go on).
 */
import { randomUUID } from "node:crypto";
import type { CliContext } from "./cli-context.js";
import { ExitCode } from "./exit-codes.js";
import { postJson, refusal, serverAccess } from "./guard-request.js";

export interface LaunchOptions {
  suite: string;
  suiteVersion?: string;
  scenario?: string[];
  trials?: number;
  seed?: number[];
  model?: string;
  note?: string;
  label?: string[];
  set?: string;
  wait?: boolean;
  /** Seconds `--wait` waits (default 1 800). */
  timeout?: number;
  idempotencyKey?: string;
  server?: string;
  keyFile?: string;
  json?: boolean;
}

interface Launched {
  batchId: string;
  setId: string;
  suite: { name: string; version: string };
  runIds: string[];
  url: string;
  settled: boolean;
  counts?: { total: number; pass: number; fail: number; error: number; skipped: number; pending: number };
}

export async function launchCommand(options: LaunchOptions, context: CliContext): Promise<number> {
  const command = "rehearse launch";
  const access = await serverAccess(command, options, context);
  const body = {
    suite: options.suite,
    ...(options.suiteVersion ? { version: options.suiteVersion } : {}),
    ...(options.scenario?.length ? { scenarios: options.scenario } : {}),
    trials: options.trials ?? 1,
    ...(options.seed?.length ? { seeds: options.seed } : {}),
    ...(options.model ? { models: { default: options.model } } : {}),
    ...(options.note ? { note: options.note } : {}),
    ...(options.label?.length ? { labels: options.label } : {}),
    ...(options.set ? { setId: options.set } : {}),
  };
  const headers = { "idempotency-key": options.idempotencyKey ?? randomUUID() };
  const answer = await postJson(command, access, "/api/v1/batches", body, 60_000, headers);
  if (answer.status !== 202) throw refusal(command, answer);
  let launched = answer.body as Launched;
  if (!options.json)
    context.print(
      `launched ${launched.runIds.length} run(s) of ${launched.suite.name}: batch ${launched.batchId}\n${launched.url}`,
    );
  if (!options.wait) {
    if (options.json) context.print(JSON.stringify(launched, null, 2));
    return ExitCode.ok;
  }
  const deadline = Date.now() + (options.timeout ?? 1_800) * 1000;
  while (!launched.settled && Date.now() < deadline && !context.interrupt.aborted) {
    const seconds = Math.max(1, Math.min(300, Math.ceil((deadline - Date.now()) / 1000)));
    const again = await postJson(
      command,
      access,
      `/api/v1/batches?wait=true&timeoutSeconds=${seconds}`,
      body,
      (seconds + 30) * 1000,
      headers,
    );
    if (again.status !== 200) throw refusal(command, again);
    launched = again.body as Launched;
  }
  if (options.json) context.print(JSON.stringify(launched, null, 2));
  const counts = launched.counts;
  if (counts && !options.json)
    context.print(
      `${counts.pass} passed, ${counts.fail} failed, ${counts.error} errored, ${counts.skipped} skipped${counts.pending ? `, ${counts.pending} not finished` : ""}`,
    );
  if (context.interrupt.aborted) return ExitCode.interrupted;
  if (!launched.settled) {
    context.printError(
      `${command}: the runs had not all finished after ${options.timeout ?? 1_800} s; they go on (${launched.url})`,
    );
    return ExitCode.stalled;
  }
  return counts && counts.fail + counts.error === 0 ? ExitCode.ok : ExitCode.unexpected;
}
