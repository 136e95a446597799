/**
 * API keys of a tenant: issued (the secret is returned once and never
 * stored), listed (hints only), revoked, and rotated (the successor is
 * issued, the old key keeps working for a grace period, so two keys are
 * active while clients switch). Only `HMAC-SHA256(pepper, key)` is stored:
 * keys are 256-bit random, so a fast keyed hash is right (bcrypt's cost
 * protects low-entropy passwords), and without the pepper (server-secrets.ts)
 * a copy of the database cannot confirm a guessed key.
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { type Database, type Drizzle, withTenant } from "../store/database.js";
import { apiKeys, instanceSettings } from "../store/schema.js";
import { displayKey, generateKey } from "./api-key-format.js";
import type { KeyScope, Role } from "./permissions.js";
import type { TenantScope } from "./tenant-scope.js";

/** A key to issue. Scopes matter only for role `api`; other roles hold their role's permissions. */
export interface KeySpec {
  name: string;
  role: Role;
  scopes?: readonly KeyScope[];
  expiresAt?: Date;
  /** Who made it: a key id, `bootstrap` or `cli`. */
  createdBy?: string;
  rotatedFrom?: string;
}

/** A key as issued: `secret` exists only in this object. */
export interface IssuedKey {
  id: string;
  secret: string;
  hint: string;
}

/** A key as listed: never the secret or its hash. */
export interface KeyInfo {
  id: string;
  name: string;
  hint: string;
  role: string;
  scopes: string[];
  createdBy: string | null;
  rotatedFrom: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  active: boolean;
}

/** Why a rotation was refused. */
export type RotateRefusal = "not_found" | "inactive" | "already_rotating";

type KeyRow = typeof apiKeys.$inferSelect;

/** The columns of a key that authentication reads. */
export type KeyLookup = Pick<KeyRow, "id" | "tenantId" | "secretHash" | "role" | "scopes" | "revokedAt" | "expiresAt">;

const hmacPrefix = "hmac-sha256:";
const pepperCheckName = "key_pepper_check";

export class ApiKeys {
  constructor(
    private readonly database: Database,
    private readonly pepper: Buffer,
    private readonly now: () => number = Date.now,
    /** The label in new keys (`rh_<environment>_…`). */
    private readonly environment = "live",
  ) {}

  /** What `secret_hash` holds for `key` (and what a presented key is compared with). */
  digest(key: string): Buffer {
    return createHmac("sha256", this.pepper).update(key).digest();
  }

  /** The stored hash of a row as bytes, and whether it is the first version's plain SHA-256. */
  static storedHash(row: Pick<KeyRow, "secretHash">): { bytes: Buffer; legacy: boolean } {
    const legacy = !row.secretHash.startsWith(hmacPrefix);
    return { bytes: Buffer.from(legacy ? row.secretHash : row.secretHash.slice(hmacPrefix.length), "hex"), legacy };
  }

  /** The first version's hash of a key (`rh_<16 hex>_<secret>` keys made before the pepper). */
  static legacyDigest(key: string): Buffer {
    return createHash("sha256").update(key).digest();
  }

  /**
   * Whether this server's pepper is the one the database's keys were made
   * with. The first server to ask records an HMAC of a fixed label under its
   * pepper (`recorded`); later ones compare (`matches` or `differs`). The
   * record cannot be turned back into the pepper.
   */
  async checkPepper(): Promise<"recorded" | "matches" | "differs"> {
    const value = createHmac("sha256", this.pepper).update("rehearse key pepper check v1").digest("hex");
    return this.database.asSystem(async ({ drizzle: executor }) => {
      const inserted = await executor
        .insert(instanceSettings)
        .values({ name: pepperCheckName, value })
        .onConflictDoNothing()
        .returning({ name: instanceSettings.name });
      if (inserted.length > 0) return "recorded";
      const [row] = await executor.select().from(instanceSettings).where(eq(instanceSettings.name, pepperCheckName));
      return row?.value === value ? "matches" : "differs";
    });
  }

  /** Issues a key for `tenantId` (inside `executor`'s transaction when given); the secret is in the result and nowhere else. */
  issue(tenantId: string, spec: KeySpec, executor?: Drizzle): Promise<IssuedKey> {
    return withTenant(this.database, tenantId, executor, (opened) => this.insert(opened, tenantId, spec));
  }

  private async insert(executor: Drizzle, tenantId: string, spec: KeySpec): Promise<IssuedKey> {
    const id = randomBytes(8).toString("hex");
    const generated = generateKey(this.environment);
    const hint = displayKey(generated.environment, generated.lookupPrefix, generated.last4);
    await executor.insert(apiKeys).values({
      id,
      tenantId,
      name: spec.name,
      keyPrefix: generated.lookupPrefix,
      secretHash: `${hmacPrefix}${this.digest(generated.key).toString("hex")}`,
      hint,
      role: spec.role,
      scopes: spec.role === "api" ? [...new Set(spec.scopes ?? [])] : [],
      createdBy: spec.createdBy ?? null,
      rotatedFrom: spec.rotatedFrom ?? null,
      expiresAt: spec.expiresAt ?? null,
      // the service's clock, like every other time it compares (a rotation keeps the key's lifetime)
      createdAt: new Date(this.now()),
    });
    return { id, secret: generated.key, hint };
  }

  /**
   * What authentication needs of the key a lookup prefix points at, revoked
   * or not (the caller checks). The query always answers one row — the key,
   * or nulls from the left join — so a prefix that exists and one that does
   * not cost the same to look up (bench/auth.mjs measures the difference).
   */
  async byPrefix(prefix: string): Promise<KeyLookup | undefined> {
    // before a key is checked its tenant is unknown: a system lookup
    const [row] = await this.database.asSystem((executor) =>
      executor.rows<{
        id: string | null;
        tenant_id: string | null;
        secret_hash: string | null;
        role: string | null;
        scopes: string[] | string | null;
        revoked_at: Date | string | null;
        expires_at: Date | string | null;
      }>(sql`select k.id, k.tenant_id, k.secret_hash, k.role, k.scopes, k.revoked_at, k.expires_at
           from (values (1)) as one (present) left join api_keys k on k.key_prefix = ${prefix}`),
    );
    if (!row?.id || !row.tenant_id || !row.secret_hash || !row.role) return undefined;
    const date = (value: Date | string | null) => (value === null ? null : new Date(value));
    return {
      id: row.id,
      tenantId: row.tenant_id,
      secretHash: row.secret_hash,
      role: row.role,
      scopes: typeof row.scopes === "string" ? (JSON.parse(row.scopes) as string[]) : (row.scopes ?? []),
      revokedAt: date(row.revoked_at),
      expiresAt: date(row.expires_at),
    };
  }

  /** Every key of the caller's tenant, newest first. */
  async list(scope: TenantScope): Promise<KeyInfo[]> {
    const rows = await this.database.forTenant(scope.tenantId, ({ drizzle: executor }) =>
      executor
        .select()
        .from(apiKeys)
        .where(eq(apiKeys.tenantId, scope.tenantId))
        .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id)),
    );
    return rows.map((row) => this.info(row));
  }

  /** One key of the caller's tenant. */
  async find(scope: TenantScope, id: string): Promise<KeyInfo | undefined> {
    const [row] = await this.database.forTenant(scope.tenantId, ({ drizzle: executor }) =>
      executor
        .select()
        .from(apiKeys)
        .where(and(eq(apiKeys.tenantId, scope.tenantId), eq(apiKeys.id, id))),
    );
    return row ? this.info(row) : undefined;
  }

  /** Revokes a key of the caller's tenant at once; `undefined` when there is no such key. */
  async revoke(scope: TenantScope, id: string, executor?: Drizzle): Promise<KeyInfo | undefined> {
    const [row] = await withTenant(this.database, scope.tenantId, executor, (opened) =>
      opened
        .update(apiKeys)
        .set({ revokedAt: sql`coalesce(${apiKeys.revokedAt}, ${new Date(this.now())})` })
        .where(and(eq(apiKeys.tenantId, scope.tenantId), eq(apiKeys.id, id)))
        .returning(),
    );
    return row ? this.info(row) : undefined;
  }

  /**
   * Issues the successor of key `id` (same name, role and scopes) and lets
   * the old one expire `graceSeconds` from now (never later than it would
   * have). One rotation at a time: a key whose successor is active is refused.
   * Runs in `transaction` when given, else in its own.
   */
  async rotate(
    scope: TenantScope,
    id: string,
    options: { graceSeconds: number; expiresAt?: Date },
    transaction?: Drizzle,
  ): Promise<{ key: IssuedKey; previous: KeyInfo } | RotateRefusal> {
    if (!transaction) return this.database.forTenant(scope.tenantId, (opened) => this.rotate(scope, id, options, opened.drizzle));
    // the old key's row stays locked until the successor exists: two rotations at once make one successor
    const executor = transaction;
    const [row] = await executor
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.tenantId, scope.tenantId), eq(apiKeys.id, id)))
      .for("update");
    if (!row) return "not_found" as const;
    if (!this.info(row).active) return "inactive" as const;
    const successors = await executor
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.tenantId, scope.tenantId), eq(apiKeys.rotatedFrom, id), isNull(apiKeys.revokedAt)));
    if (successors.some((successor) => this.info(successor).active)) return "already_rotating" as const;
    const now = this.now();
    const lifetime = row.expiresAt ? row.expiresAt.getTime() - row.createdAt.getTime() : undefined;
    const expiresAt = options.expiresAt ?? (lifetime !== undefined ? new Date(now + lifetime) : undefined);
    const key = await this.insert(executor, scope.tenantId, {
      name: row.name,
      role: row.role as Role,
      scopes: row.scopes as KeyScope[],
      createdBy: scope.principal.kind === "user" ? `user:${scope.principal.id}` : scope.principal.id,
      rotatedFrom: row.id,
      ...(expiresAt ? { expiresAt } : {}),
    });
    const graceEnds = now + options.graceSeconds * 1000;
    const ends = row.expiresAt ? Math.min(row.expiresAt.getTime(), graceEnds) : graceEnds;
    const [previous] = await executor
      .update(apiKeys)
      .set({ expiresAt: new Date(ends) })
      .where(eq(apiKeys.id, row.id))
      .returning();
    return { key, previous: this.info(previous ?? row) };
  }

  private info(row: KeyRow): KeyInfo {
    const now = this.now();
    return {
      id: row.id,
      name: row.name,
      hint: row.hint || `rh_${row.keyPrefix}_…`,
      role: row.role,
      scopes: row.scopes,
      createdBy: row.createdBy,
      rotatedFrom: row.rotatedFrom,
      createdAt: row.createdAt,
      lastUsedAt: row.lastUsedAt,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
      active: row.revokedAt === null && (row.expiresAt === null || row.expiresAt.getTime() > now),
    };
  }
}
