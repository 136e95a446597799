/**
 * Dashboard users and their roles in tenants. Passwords are hashed with
 * argon2id (OWASP's parameters: 19 MiB, 2 passes, 1 lane — about 15 ms
 * here) and checked against length rules only: 12 to 256 characters (NIST
 * SP 800-63B: length over composition rules; the cap keeps hashing bounded).
 * Emails are compared lowercased.
 */
import { randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { asc, eq } from "drizzle-orm";
import { type Database, type Drizzle, withSystem, withTenant } from "../store/database.js";
import { memberships, users } from "../store/schema.js";
import { tenantExists } from "../store/tenant-queries.js";
import type { Role } from "./permissions.js";

/** The roles a person can hold in a tenant (API keys have their own, `api`). */
export const memberRoles = ["admin", "operator", "viewer"] as const satisfies readonly Role[];
export type MemberRole = (typeof memberRoles)[number];

export const PASSWORD_MIN = 12;
export const PASSWORD_MAX = 256;

export type UserRow = typeof users.$inferSelect;

/** argon2id with OWASP's minimum parameters (m = 19 MiB, t = 2, p = 1). */
const argon2Options = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Why a password is refused, or `undefined` when it is acceptable. */
export function passwordProblem(password: string): string | undefined {
  if (password.length < PASSWORD_MIN) return `a password needs at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `a password has at most ${PASSWORD_MAX} characters`;
  return undefined;
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, argon2Options);
}

/** Whether `password` matches `stored`; false (never a throw) for a malformed hash. */
export async function passwordMatches(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

export class Users {
  constructor(
    private readonly database: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** Creates a user (with a password when given; otherwise one must be set before signing in). */
  async create(
    spec: { email: string; name: string; password?: string; instanceAdmin?: boolean },
    executor?: Drizzle,
  ): Promise<UserRow> {
    if (spec.password !== undefined) {
      const problem = passwordProblem(spec.password);
      if (problem) throw Object.assign(new Error(problem), { code: "REHEARSE_PASSWORD" });
    }
    const passwordHash = spec.password === undefined ? null : await hashPassword(spec.password);
    const [row] = await withSystem(this.database, executor, (opened) =>
      opened
        .insert(users)
        .values({
          id: randomBytes(8).toString("hex"),
          email: spec.email.trim().toLowerCase(),
          name: spec.name,
          passwordHash,
          instanceAdmin: spec.instanceAdmin ?? false,
          passwordChangedAt: passwordHash ? new Date(this.now()) : null,
          createdAt: new Date(this.now()),
        })
        .returning(),
    );
    if (!row) throw new Error("the user was not created");
    return row;
  }

  async byEmail(email: string, executor?: Drizzle): Promise<UserRow | undefined> {
    const [row] = await withSystem(this.database, executor, (opened) =>
      opened.select().from(users).where(eq(users.email, email.trim().toLowerCase())),
    );
    return row;
  }

  async byId(id: string): Promise<UserRow | undefined> {
    const [row] = await this.database.asSystem(({ drizzle: executor }) => executor.select().from(users).where(eq(users.id, id)));
    return row;
  }

  /** Whether tenant `tenantId` exists (single sign-on grants memberships only in existing tenants). */
  async tenantExists(tenantId: string): Promise<boolean> {
    return this.database.asSystem(({ drizzle: executor }) => tenantExists(executor, tenantId));
  }

  /** Sets a new password and clears any lockout. */
  async setPassword(userId: string, password: string, executor?: Drizzle): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw Object.assign(new Error(problem), { code: "REHEARSE_PASSWORD" });
    const passwordHash = await hashPassword(password);
    await withSystem(this.database, executor, (opened) =>
      opened
        .update(users)
        .set({ passwordHash, passwordChangedAt: new Date(this.now()), failedLogins: 0, lockedUntil: null })
        .where(eq(users.id, userId)),
    );
  }

  /** Gives `userId` `role` in `tenantId` (replacing a role it had). */
  async grant(tenantId: string, userId: string, role: MemberRole, executor?: Drizzle): Promise<void> {
    await withTenant(this.database, tenantId, executor, (opened) =>
      opened
        .insert(memberships)
        .values({ tenantId, userId, role, createdAt: new Date(this.now()) })
        .onConflictDoUpdate({ target: [memberships.tenantId, memberships.userId], set: { role } }),
    );
  }

  /** The tenants the user belongs to, oldest membership first. */
  async tenantsOf(userId: string, executor?: Drizzle): Promise<Array<{ tenantId: string; role: string }>> {
    // every tenant of one user: across tenants, so a system read
    return withSystem(this.database, executor, (opened) =>
      opened
        .select({ tenantId: memberships.tenantId, role: memberships.role })
        .from(memberships)
        .where(eq(memberships.userId, userId))
        .orderBy(asc(memberships.createdAt), asc(memberships.tenantId)),
    );
  }
}
