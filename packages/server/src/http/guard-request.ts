/**
 * What the guard's routes share: the caller as the guard records them, and a
 * policy reference (a stored policy's name, or a policy inline) resolved to
 * the policy, or to the problem answering the request.
 */
import type { GuardPolicy } from "@rehearse/core/guard";
import type { Context } from "hono";
import type { GuardActor } from "../services/release-guard.js";
import { actorOf } from "./actor.js";
import type { AppEnv } from "./app-env.js";
import { nulPath } from "./guard-schemas.js";
import { fieldPath, problem } from "./problem.js";

/** The caller for the audit trail, and as `evaluated_by` / `promoted_by` store them (`user:<id>` or the key's id). */
export function guardActorOf(context: Context<AppEnv>): GuardActor {
  const { principal } = context.get("scope");
  return { ...actorOf(context), by: principal.kind === "user" ? `user:${principal.id}` : principal.id };
}

/** A 400 naming the first body field holding a NUL (PostgreSQL cannot store one), or `undefined`. */
export function nulProblem(context: Context<AppEnv>, body: unknown): Response | undefined {
  const path = nulPath(body);
  if (!path) return undefined;
  const field = fieldPath(path);
  return problem(context, 400, "validation_error", `body.${field}: must not contain a NUL character`, { field });
}

/** The policy `reference` names (404 problem when no stored policy has that name), or the inline policy itself. */
export async function resolvePolicy(
  context: Context<AppEnv>,
  reference: string | GuardPolicy,
): Promise<{ policy: GuardPolicy; policyName?: string } | Response> {
  if (typeof reference !== "string") return { policy: reference };
  const stored = await context.get("services").guardRecords.policy(context.get("scope"), reference);
  if (!stored) return problem(context, 404, "not_found", `no guard policy named "${reference}"`, { field: "policy" });
  return { policy: stored.policy, policyName: stored.name };
}
