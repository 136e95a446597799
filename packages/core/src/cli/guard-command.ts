/**
 * `rehearse guard` and `rehearse promote` (docs/guard.md): read a release-guard
 * policy file (problems named as `file:line:column: field: problem`, exit 2,
 * before anything is sent), send it inline to a Rehearse server and print the
 * decision's checks. Exit codes: 0 pass (promoted), 10 fail, 11 inconclusive,
 * 2 when the server cannot be asked (none given, no key, unreachable, a
 * refusal such as an unknown batch or a key without the permission).
 */
import { loadGuardPolicyFile } from "../api/guard-policy.js";
import type { CliContext } from "./cli-context.js";
import { ExitCode, usageError } from "./exit-codes.js";
import { postJson, refusal, serverAccess } from "./guard-request.js";
import { type GuardEvaluationView, guardLines, isEvaluation } from "./guard-table.js";

/** What `guard` and `promote` share: the policy file and how to reach the server. */
interface ServerOptions {
  /** `--policy <file>`: the policy (YAML, or JSON for `.json`). */
  policy?: string;
  /** `--server <url>`, else report.endpoint / REHEARSE_ENDPOINT. */
  server?: string;
  /** `--key-file <path>`: a file holding the API key, else REHEARSE_API_KEY. */
  keyFile?: string;
  /** `--json`: print the server's decision as JSON. */
  json?: boolean;
  /** `--timeout <ms>` for the request (default 60 000). */
  timeout?: number;
}

/** The options of `rehearse guard`. */
export interface GuardOptions extends ServerOptions {
  batch?: string;
  set?: string;
  environment?: string;
}

/** The options of `rehearse promote`. */
export interface PromoteOptions extends ServerOptions {
  batch?: string;
  environment?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

const exitCodeOf = { pass: ExitCode.ok, fail: ExitCode.guardFailed, inconclusive: ExitCode.guardInconclusive } as const;

/** `rehearse guard --policy <file> (--batch <id> | --set <id>)`: the decision, as an exit code. */
export async function guardCommand(options: GuardOptions, context: CliContext): Promise<number> {
  const command = "rehearse guard";
  if (!options.policy) throw usageError(`${command}: which policy? pass --policy <file>`, "--policy");
  if ((options.batch === undefined) === (options.set === undefined))
    throw usageError(`${command}: pass either --batch <id> or --set <id> (the set's latest batch)`, "--batch");
  const policy = await loadGuardPolicyFile(options.policy, context.cwd);
  const access = await serverAccess(command, options, context);
  const target = options.batch !== undefined ? { batchId: options.batch } : { setId: options.set as string };
  const answer = await postJson(
    command,
    access,
    "/api/v1/guard/evaluate",
    { target, policy, ...(options.environment ? { environment: options.environment } : {}) },
    options.timeout ?? DEFAULT_TIMEOUT_MS,
  );
  if (answer.status !== 200 || !isEvaluation(answer.body)) throw refusal(command, answer);
  show(answer.body, options, context);
  return exitCodeOf[answer.body.decision];
}

/**
 * `rehearse promote --batch <id> --environment <env> --policy <file>`: the
 * server promotes the batch when the guard passes (exit 0); otherwise the
 * guard's exit code, with the checks that stood in the way.
 */
export async function promoteCommand(options: PromoteOptions, context: CliContext): Promise<number> {
  const command = "rehearse promote";
  if (!options.batch) throw usageError(`${command}: which batch? pass --batch <id>`, "--batch");
  if (!options.environment) throw usageError(`${command}: to which environment? pass --environment <name>`, "--environment");
  if (!options.policy) throw usageError(`${command}: which policy? pass --policy <file>`, "--policy");
  const policy = await loadGuardPolicyFile(options.policy, context.cwd);
  const access = await serverAccess(command, options, context);
  const answer = await postJson(
    command,
    access,
    "/api/v1/promotions",
    { batchId: options.batch, environment: options.environment, policy },
    options.timeout ?? DEFAULT_TIMEOUT_MS,
  );
  const body = answer.body as { evaluation?: unknown; promotion?: { promotedAt?: string } } | undefined;
  const evaluation = body?.evaluation;
  const decided = (answer.status === 201 || answer.status === 409 || answer.status === 422) && isEvaluation(evaluation);
  if (!decided) throw refusal(command, answer);
  show(evaluation, options, context, answer.status === 201 ? body : undefined);
  if (answer.status === 201) {
    if (!options.json) context.print(`promoted batch ${options.batch} to ${options.environment}`);
    return ExitCode.ok;
  }
  if (!options.json) context.printError(`not promoted: the release guard decided ${evaluation.decision}`);
  return exitCodeOf[evaluation.decision];
}

function show(evaluation: GuardEvaluationView, options: ServerOptions, context: CliContext, promoted?: unknown): void {
  if (options.json) {
    context.print(JSON.stringify(promoted ?? evaluation, null, 2));
    return;
  }
  for (const line of guardLines(evaluation, options.policy ?? "")) context.print(line);
}
