/**
 * Release-guard policy files, for front ends (`rehearse guard`, `rehearse
 * promote`): `loadGuardPolicyFile` reads and validates one, loading its
 * modules (and with them `yaml` and `zod`) on the first call.
 */
import type { GuardPolicy } from "../scenario-file/guard-policy-schema.js";

export type { GuardPolicy } from "../scenario-file/guard-policy-schema.js";

/**
 * Reads the policy file at `path` (relative to `cwd`) and validates it; a bad
 * file throws a `ScenarioFileError` (or `ScenarioFileErrors`) naming file,
 * line and field.
 *
 * @example
 * const policy = await loadGuardPolicyFile("release.policy.yaml", process.cwd());
 */
export async function loadGuardPolicyFile(path: string, cwd: string): Promise<GuardPolicy> {
  return (await import("../scenario-file/guard-policy-file.js")).loadGuardPolicyFile(path, cwd);
}
