/**
 * Authentication of API keys. The first start creates the default tenant and
 * an admin key and hands its secret out once; requests present
 * `Bearer <key>`.
 *
 * A presented key is first checked offline (format and checksum,
 * api-key-format.ts): a typo or a random string never reaches the database.
 * A well-formed key is hashed with the pepper; a hash seen in the last 30 s
 * is answered from memory (ingest does not query per request). Otherwise its
 * row is looked up by the key's prefix and the hashes are compared in
 * constant time, and every failure does that same work — whether the prefix
 * exists or not — so response times do not tell which prefixes exist. A
 * revoked key stops working at once on this server and within 30 s on others
 * sharing the database.
 */
import { timingSafeEqual } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Database, Drizzle } from "../store/database.js";
import { apiKeys, tenants } from "../store/schema.js";
import { parseKey } from "./api-key-format.js";
import { ApiKeys, type IssuedKey } from "./api-keys.js";
import type { AuditLog } from "./audit-log.js";
import { type Role, roles } from "./permissions.js";
import { TenantScope } from "./tenant-scope.js";
import { oneTimePassword } from "./tenants.js";
import type { Users } from "./users.js";
import type { WorkerCredentials } from "./worker-credentials.js";

/** The tenant every first start creates. */
export const DEFAULT_TENANT = "default";

/** Keys of the first version: `rh_<16 hex id>_<43 base64url>`, a plain SHA-256 stored, looked up by id. */
const legacyPattern = /^rh_([0-9a-f]{16})_[A-Za-z0-9_-]{43}$/;
const cacheMilliseconds = 30_000;
const cacheLimit = 10_000;
const lastUsedEveryMilliseconds = 60_000;

/**
 * On a database with no tenant: creates the default tenant and its admin key
 * and, given `instanceAdmin`, the installation's administrator: a user who
 * can create tenants, admin of the default one, with a one-time password.
 * Returns the key (and the password) when this call created them (another
 * server starting at the same time on the same PostgreSQL gets `undefined`).
 */
export async function bootstrapTenant(
  database: Database,
  keys: ApiKeys,
  audit: AuditLog,
  instanceAdmin?: { users: Users; email: string },
): Promise<(IssuedKey & { administrator?: { email: string; password: string } }) | undefined> {
  // one transaction: a start that dies between the two inserts leaves neither, never a tenant without a key
  return database.asSystem(async ({ drizzle: executor }) => {
    const inserted = await executor
      .insert(tenants)
      .values({ id: DEFAULT_TENANT, name: "Default" })
      .onConflictDoNothing()
      .returning({ id: tenants.id });
    if (inserted.length === 0) return undefined;
    await audit.append(
      DEFAULT_TENANT,
      { actorType: "system", actorId: "bootstrap", action: "tenant.created", targetType: "tenant", targetId: DEFAULT_TENANT },
      executor,
    );
    const key = await issueAdminKey(DEFAULT_TENANT, "bootstrap", { keys, audit, executor });
    if (!instanceAdmin) return key;
    const password = oneTimePassword();
    const user = await instanceAdmin.users.create(
      { email: instanceAdmin.email, name: "Instance administrator", password, instanceAdmin: true },
      executor,
    );
    await instanceAdmin.users.grant(DEFAULT_TENANT, user.id, "admin", executor);
    await audit.append(
      DEFAULT_TENANT,
      {
        actorType: "system",
        actorId: "bootstrap",
        action: "user.invited",
        targetType: "user",
        targetId: user.id,
        details: { email: user.email, role: "admin", instanceAdmin: true },
      },
      executor,
    );
    return { ...key, administrator: { email: user.email, password } };
  });
}

/**
 * Issues an admin key for `tenantId` made by the system actor `by`
 * (`bootstrap`, `cli`) and audits it, inside `executor`'s transaction.
 */
export async function issueAdminKey(
  tenantId: string,
  by: "bootstrap" | "cli",
  services: { keys: ApiKeys; audit: AuditLog; executor: Drizzle },
): Promise<IssuedKey> {
  const { keys, audit, executor } = services;
  const issued = await keys.issue(tenantId, { name: "admin key", role: "admin", createdBy: by }, executor);
  await audit.append(
    tenantId,
    {
      actorType: "system",
      actorId: by,
      action: "key.created",
      targetType: "api_key",
      targetId: issued.id,
      details: { name: "admin key", role: "admin", hint: issued.hint },
    },
    executor,
  );
  return issued;
}

interface KnownKey {
  id: string;
  scope: TenantScope;
  expiresAt: number | undefined;
  checkedAt: number;
}

/** Verifies presented keys. */
export class Authenticator {
  /** Good keys by the hex of their hash (a wrong secret never matches an entry). */
  private readonly known = new Map<string, KnownKey>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly database: Database,
    private readonly keys: ApiKeys,
    private readonly now: () => number = Date.now,
    /** Accepts the per-tenant reporting keys of workers (services/worker-credentials.ts). */
    private readonly workers?: WorkerCredentials,
  ) {}

  /** The scope of a valid key, or `undefined` (unknown, wrong secret, revoked, expired, malformed). */
  async authenticate(presented: string | undefined): Promise<TenantScope | undefined> {
    const key = presented?.trim();
    if (!key) return undefined;
    const workerTenant = this.workers?.tenantOf(key);
    if (workerTenant !== undefined) {
      return TenantScope.issue(workerTenant, { kind: "api_key", id: `worker:${workerTenant}` }, "api", ["events:write"]);
    }
    const parsed = parseKey(key);
    const legacyId = parsed ? undefined : legacyPattern.exec(key)?.[1];
    if (!parsed && !legacyId) return undefined;
    const digest = legacyId ? ApiKeys.legacyDigest(key) : this.keys.digest(key);
    const cacheKey = digest.toString("hex");
    const now = this.now();
    let known = this.known.get(cacheKey);
    if (!known || now - known.checkedAt > cacheMilliseconds) {
      this.known.delete(cacheKey);
      known = await this.load(parsed ? { prefix: parsed.lookupPrefix } : { id: legacyId ?? "" }, digest, now);
      if (!known) return undefined;
      if (this.known.size >= cacheLimit) this.known.clear();
      this.known.set(cacheKey, known);
    }
    if (known.expiresAt !== undefined && known.expiresAt <= now) return undefined;
    this.noteUse(known.id, known.scope.tenantId, now);
    return known.scope;
  }

  /** Forgets key `id` (revoked or rotated here: the next request reads its row again). */
  forget(id: string): void {
    for (const [hash, known] of this.known) if (known.id === id) this.known.delete(hash);
  }

  private async load(where: { prefix: string } | { id: string }, digest: Buffer, now: number): Promise<KnownKey | undefined> {
    const row =
      "prefix" in where
        ? await this.keys.byPrefix(where.prefix)
        : (
            await this.database.asSystem(({ drizzle: executor }) =>
              executor.select().from(apiKeys).where(eq(apiKeys.id, where.id)),
            )
          )[0];
    const stored = row ? ApiKeys.storedHash(row) : undefined;
    // the comparison runs when no row was found too (against the key's own hash), so both take the same time
    const candidate = stored && stored.bytes.length === digest.length ? stored.bytes : digest;
    const equal = timingSafeEqual(candidate, digest);
    if (!row || !stored || candidate === digest || !equal) return undefined;
    if (stored.legacy !== "id" in where) return undefined;
    if (row.revokedAt !== null) return undefined;
    const role: Role = (roles as readonly string[]).includes(row.role) ? (row.role as Role) : "api";
    return {
      id: row.id,
      scope: TenantScope.issue(row.tenantId, { kind: "api_key", id: row.id }, role, row.scopes),
      expiresAt: row.expiresAt?.getTime(),
      checkedAt: now,
    };
  }

  /** `last_used_at`, sampled: written at most once a minute per key, never awaited by the request. */
  private noteUse(id: string, tenantId: string, now: number): void {
    const written = this.lastUsedWritten.get(id) ?? 0;
    if (now - written < lastUsedEveryMilliseconds) return;
    this.lastUsedWritten.set(id, now);
    void this.database
      .forTenant(tenantId, ({ drizzle: executor }) =>
        executor
          .update(apiKeys)
          .set({ lastUsedAt: new Date(now) })
          .where(eq(apiKeys.id, id)),
      )
      .catch(() => undefined);
  }
}
