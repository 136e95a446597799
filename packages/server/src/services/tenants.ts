/**
 * Tenants and their members, as the installation's administrator manages
 * them (`rehearse admin` and `/api/v1/tenants`, one implementation): create
 * a tenant (audited in its own new chain), invite a member with a one-time
 * password or change a member's role (audited in that tenant). Everything
 * runs in the caller's system transaction.
 */
import { randomBytes } from "node:crypto";
import type { Drizzle } from "../store/database.js";
import { tenants } from "../store/schema.js";
import type { AuditEntry, AuditLog } from "./audit-log.js";
import { type MemberRole, memberRoles, type Users } from "./users.js";

/** A tenant id: 1–63 lowercase letters, digits and dashes, starting with a letter or digit. */
export const tenantIdPattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Who acts, as the audit trail names them. */
export type Actor = Pick<AuditEntry, "actorType" | "actorId"> & { requestId?: string };

/** A one-time password: 18 random bytes, 24 URL-safe characters. */
export function oneTimePassword(): string {
  return randomBytes(18).toString("base64url");
}

/** Creates tenant `id` (the caller checked the id and that it is new) and audits it in its own chain. */
export async function createTenant(executor: Drizzle, audit: AuditLog, id: string, name: string, actor: Actor): Promise<void> {
  await executor.insert(tenants).values({ id, name });
  await audit.append(id, { ...actor, action: "tenant.created", targetType: "tenant", targetId: id, details: { name } }, executor);
}

/**
 * Makes `email` a member of `tenantId` with `role`: a new user gets a
 * one-time password (returned, never stored); an existing user keeps theirs
 * and gets the role (replacing one they had there). Audited in the tenant.
 */
export async function addMember(
  executor: Drizzle,
  services: { users: Users; audit: AuditLog },
  spec: { tenantId: string; email: string; name: string; role: MemberRole },
  actor: Actor,
): Promise<{ userId: string; created: boolean; password: string | undefined }> {
  if (!(memberRoles as readonly string[]).includes(spec.role))
    throw new Error(`a member's role is one of ${memberRoles.join(", ")}`);
  const existing = await services.users.byEmail(spec.email, executor);
  const password = existing ? undefined : oneTimePassword();
  const user = existing ?? (await services.users.create({ email: spec.email, name: spec.name, password }, executor));
  await services.users.grant(spec.tenantId, user.id, spec.role, executor);
  await services.audit.append(
    spec.tenantId,
    {
      ...actor,
      action: existing ? "member.role_set" : "user.invited",
      targetType: "user",
      targetId: user.id,
      details: { email: user.email, role: spec.role },
    },
    executor,
  );
  return { userId: user.id, created: !existing, password };
}
