/**
 * Bootstrap steps for operators, without SQL and without a key
 * (`rehearse admin …`): create a tenant, invite a user (with a one-time
 * password), reset a password, rotate a tenant's admin key. They work on the
 * database directly — the embedded one only while no server uses the data
 * dir, PostgreSQL (`DATABASE_URL`) at any time — and every step is audited
 * with the actor `system:cli`.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import { type InstallationOptions, openInstallation, writeAdminKey } from "./installation.js";
import { issueAdminKey } from "./services/authentication.js";
import { addMember, createTenant, oneTimePassword, tenantIdPattern } from "./services/tenants.js";
import { type MemberRole, memberRoles } from "./services/users.js";
import type { Drizzle } from "./store/database.js";
import { apiKeys, sessions } from "./store/schema.js";
import { tenantExists } from "./store/tenant-queries.js";

const cli = { actorType: "system", actorId: "cli" } as const;

function adminError(message: string): Error {
  return Object.assign(new Error(message), { code: "REHEARSE_ADMIN" });
}

export interface InstanceAdmin {
  /** Creates tenant `id` with its own admin key, written to `<data-dir>/admin-<id>.key` (0600). */
  createTenant(id: string, name: string): Promise<{ keyFile: string }>;
  /** Creates a user with `role` in `tenant` and a one-time password (returned, never stored). */
  invite(spec: { email: string; name: string; tenant: string; role: string }): Promise<{ userId: string; password: string }>;
  /** Gives the user a new one-time password, clears a lockout and ends every session. */
  resetPassword(email: string): Promise<{ password: string; sessionsEnded: number }>;
  /** Revokes `tenant`'s admin keys made at bootstrap or by this command and writes a new one to the data dir. */
  rotateAdminKey(tenant: string): Promise<{ keyFile: string; revoked: number }>;
  close(): Promise<void>;
}

export async function openAdmin(options: InstallationOptions): Promise<InstanceAdmin> {
  const installation = await openInstallation(options);
  const { database, keys, audit, users, dataDir } = installation;

  // the instance administrator's work spans tenants: system transactions
  const transaction = <T>(work: (executor: Drizzle) => Promise<T>) => database.asSystem(({ drizzle }) => work(drizzle));
  const exists = (id: string) => transaction((executor) => tenantExists(executor, id));
  const requireTenant = async (id: string) => {
    if (!(await exists(id))) throw adminError(`there is no tenant "${id}"; create it with rehearse admin create-tenant ${id}`);
  };

  return {
    async createTenant(id, name) {
      if (!tenantIdPattern.test(id))
        throw adminError(
          `a tenant id is 1-63 lowercase letters, digits and dashes, starting with a letter or digit; got "${id}"`,
        );
      if (await exists(id)) throw adminError(`tenant "${id}" exists already`);
      const issued = await transaction(async (executor) => {
        await createTenant(executor, audit, id, name, cli);
        return issueAdminKey(id, "cli", { keys, audit, executor });
      });
      return { keyFile: writeKeyFile(dataDir, id, issued.secret) };
    },

    async invite(spec) {
      if (!(memberRoles as readonly string[]).includes(spec.role))
        throw adminError(`a member's role is one of ${memberRoles.join(", ")}; got "${spec.role}"`);
      await requireTenant(spec.tenant);
      if (await users.byEmail(spec.email))
        throw adminError(`a user with the email ${spec.email.trim().toLowerCase()} exists already`);
      const added = await transaction((executor) =>
        addMember(
          executor,
          { users, audit },
          { tenantId: spec.tenant, email: spec.email, name: spec.name, role: spec.role as MemberRole },
          cli,
        ),
      );
      return { userId: added.userId, password: added.password as string };
    },

    async resetPassword(email) {
      const user = await users.byEmail(email);
      if (!user) throw adminError(`there is no user with the email ${email.trim().toLowerCase()}`);
      const password = oneTimePassword();
      const sessionsEnded = await transaction(async (executor) => {
        await users.setPassword(user.id, password, executor);
        const ended = await executor
          .update(sessions)
          .set({ revokedAt: new Date() })
          .where(and(eq(sessions.userId, user.id), isNull(sessions.revokedAt)))
          .returning({ idHash: sessions.idHash });
        for (const { tenantId } of await users.tenantsOf(user.id, executor))
          await audit.append(
            tenantId,
            { ...cli, action: "user.password_reset", targetType: "user", targetId: user.id },
            executor,
          );
        return ended.length;
      });
      return { password, sessionsEnded };
    },

    async rotateAdminKey(tenant) {
      await requireTenant(tenant);
      const { issued, revoked } = await transaction(async (executor) => {
        const previous = await executor
          .update(apiKeys)
          .set({ revokedAt: new Date() })
          .where(
            and(
              eq(apiKeys.tenantId, tenant),
              eq(apiKeys.role, "admin"),
              inArray(apiKeys.createdBy, ["bootstrap", "cli"]),
              isNull(apiKeys.revokedAt),
            ),
          )
          .returning({ id: apiKeys.id });
        for (const { id } of previous)
          await audit.append(
            tenant,
            { ...cli, action: "key.revoked", targetType: "api_key", targetId: id, details: { reason: "admin key rotated" } },
            executor,
          );
        const key = await issueAdminKey(tenant, "cli", { keys, audit, executor });
        return { issued: key, revoked: previous.length };
      });
      return { keyFile: writeKeyFile(dataDir, tenant, issued.secret), revoked };
    },

    close: () => installation.close(),
  };
}

/** `admin.key` for the default tenant (as the first start writes it), `admin-<tenant>.key` for others. */
function writeKeyFile(dataDir: string, tenant: string, secret: string): string {
  return tenant === "default" ? writeAdminKey(dataDir, secret) : writeAdminKey(dataDir, secret, `admin-${tenant}.key`);
}
