/**
 * API keys: the first start creates the default tenant and an admin key and
 * hands its secret out once; requests present `Bearer <key>`. Only a SHA-256
 * of the secret is stored (keys are 256-bit random, so a fast hash is enough;
 * the security issue moves to a peppered HMAC and adds rotation).
 *
 * Key format: `rh_<id>_<secret>`: `id` (16 hex) finds the row without
 * scanning, `secret` is 43 base64url characters. The `rh_` prefix lets secret
 * scanners find leaked keys.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../store/database.js";
import { apiKeys, tenants } from "../store/schema.js";
import { type Role, TenantScope } from "./tenant-scope.js";

/** The tenant every first start creates. */
export const DEFAULT_TENANT = "default";

const keyPattern = /^rh_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const cacheMilliseconds = 30_000;
const lastUsedEveryMilliseconds = 60_000;

/** A key as created: the secret exists only here. */
export interface IssuedKey {
  id: string;
  secret: string;
}

function hashOf(secret: string): string {
  return createHash("sha256").update(secret).digest("hex");
}

/** Makes a key's id and secret (not stored). */
export function newKey(): IssuedKey {
  const id = randomBytes(8).toString("hex");
  return { id, secret: `rh_${id}_${randomBytes(32).toString("base64url")}` };
}

/** Creates a key row for `tenantId` and returns the secret, which is not kept. */
export async function createApiKey(database: Database, tenantId: string, name: string, role: Role): Promise<IssuedKey> {
  const key = newKey();
  await database.drizzle.insert(apiKeys).values({
    id: key.id,
    tenantId,
    name,
    keyPrefix: key.id,
    secretHash: hashOf(key.secret),
    role,
    scopes: role === "admin" ? ["*"] : ["events:write", "runs:read"],
  });
  return key;
}

/**
 * On a database with no tenant: creates the default tenant and its admin key.
 * Returns the key when this call created it (another server starting at the
 * same time on the same PostgreSQL gets `undefined`).
 */
export async function bootstrapTenant(database: Database): Promise<IssuedKey | undefined> {
  const inserted = await database.drizzle
    .insert(tenants)
    .values({ id: DEFAULT_TENANT, name: "Default" })
    .onConflictDoNothing()
    .returning({ id: tenants.id });
  if (inserted.length === 0) return undefined;
  return createApiKey(database, DEFAULT_TENANT, "admin (first start)", "admin");
}

interface KnownKey {
  scope: TenantScope;
  hash: Buffer;
  expiresAt: number | undefined;
  checkedAt: number;
}

/** Verifies presented keys; remembers good ones for 30 s so ingest does not query per request. */
export class Authenticator {
  private readonly known = new Map<string, KnownKey>();
  private readonly lastUsedWritten = new Map<string, number>();

  constructor(
    private readonly database: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /** The scope of a valid key, or `undefined` (unknown, wrong secret, revoked, expired, malformed). */
  async authenticate(presented: string | undefined): Promise<TenantScope | undefined> {
    const match = presented === undefined ? null : keyPattern.exec(presented.trim());
    if (!match?.[1] || presented === undefined) return undefined;
    const id = match[1];
    const now = this.now();
    let known = this.known.get(id);
    if (!known || now - known.checkedAt > cacheMilliseconds) {
      known = await this.load(id, now);
      if (!known) {
        this.known.delete(id);
        return undefined;
      }
      this.known.set(id, known);
    }
    const hash = createHash("sha256").update(presented.trim()).digest();
    if (!timingSafeEqual(hash, known.hash)) return undefined;
    if (known.expiresAt !== undefined && known.expiresAt <= now) return undefined;
    this.noteUse(id, now);
    return known.scope;
  }

  private async load(id: string, now: number): Promise<KnownKey | undefined> {
    const [row] = await this.database.drizzle
      .select()
      .from(apiKeys)
      .where(and(eq(apiKeys.id, id), sql`${apiKeys.revokedAt} is null`));
    if (!row) return undefined;
    const role: Role = row.role === "admin" ? "admin" : "api";
    return {
      scope: TenantScope.issue(row.tenantId, { kind: "api_key", id: row.id }, role, row.scopes),
      hash: Buffer.from(row.secretHash, "hex"),
      expiresAt: row.expiresAt?.getTime(),
      checkedAt: now,
    };
  }

  /** `last_used_at`, sampled: written at most once a minute per key, never awaited by the request. */
  private noteUse(id: string, now: number): void {
    const written = this.lastUsedWritten.get(id) ?? 0;
    if (now - written < lastUsedEveryMilliseconds) return;
    this.lastUsedWritten.set(id, now);
    void this.database.drizzle
      .update(apiKeys)
      .set({ lastUsedAt: new Date(now) })
      .where(eq(apiKeys.id, id))
      .catch(() => undefined);
  }
}
