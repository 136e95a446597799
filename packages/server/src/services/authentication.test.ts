import { createHash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "../store/database.js";
import { apiKeys, tenants } from "../store/schema.js";
import { asSystem, freshDatabase } from "../test-support/database.js";
import { generateKey, parseKey } from "./api-key-format.js";
import { ApiKeys, type IssuedKey } from "./api-keys.js";
import { AuditLog } from "./audit-log.js";
import { AuditSigner } from "./audit-signer.js";
import { Authenticator, bootstrapTenant, DEFAULT_TENANT } from "./authentication.js";

const start = Date.UTC(2026, 0, 1);
const second = 1000;

let database: Database;
let time: number;
const now = () => time;
let keys: ApiKeys;
let authenticator: Authenticator;
let admin: IssuedKey;

beforeEach(async () => {
  time = start;
  database = await freshDatabase("pglite");
  keys = new ApiKeys(database, randomBytes(32), now);
  authenticator = new Authenticator(database, keys, now);
  const created = await bootstrapTenant(database, keys, new AuditLog(database, new AuditSigner(randomBytes(32)), now));
  if (!created) throw new Error("the fresh database already had a tenant");
  admin = created;
});

afterEach(async () => {
  vi.restoreAllMocks();
  await database.close();
});

async function row(id: string) {
  const [found] = await asSystem(database, (drizzle) => drizzle.select().from(apiKeys).where(eq(apiKeys.id, id)));
  if (!found) throw new Error(`no api_keys row ${id}`);
  return found;
}

/**
 * `key` with its secret changed after the 12-character lookup prefix and a
 * correct checksum: it passes the offline check and finds the row, so only
 * the hash comparison can refuse it. The checksum is recomputed here as
 * api-key-format.ts documents it (CRC-32 of the body, 6 base62 digits),
 * since that module does not export it.
 */
function forgedWithSamePrefix(key: string): string {
  const secret = key.slice(8, 51);
  const other = generateKey().key.slice(20, 51);
  const body = `rh_live_${secret.slice(0, 12)}${other}`;
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  let rest = BigInt(crc32(body));
  let checksum = "";
  while (rest > 0n) {
    checksum = alphabet[Number(rest % 62n)] + checksum;
    rest /= 62n;
  }
  return `${body}_${checksum.padStart(6, "0")}`;
}

/** A first-version row and key: `rh_<16 hex id>_<43 base64url>`, a plain SHA-256 hex stored. */
async function legacyKey(tenantId = DEFAULT_TENANT): Promise<{ id: string; key: string }> {
  const id = randomBytes(8).toString("hex");
  const key = `rh_${id}_${randomBytes(32).toString("base64url")}`;
  await asSystem(database, (drizzle) =>
    drizzle.insert(apiKeys).values({
      id,
      tenantId,
      name: "legacy key",
      keyPrefix: id,
      secretHash: createHash("sha256").update(key).digest("hex"),
      role: "api",
      scopes: ["events:write"],
    }),
  );
  return { id, key };
}

describe("bootstrapTenant", () => {
  it("creates the default tenant and its admin key once; a second start gets nothing", async () => {
    expect(parseKey(admin.secret)).toBeDefined();
    expect(await bootstrapTenant(database, keys, new AuditLog(database, new AuditSigner(randomBytes(32)), now))).toBeUndefined();
    expect(await asSystem(database, (drizzle) => drizzle.select().from(tenants))).toHaveLength(1);
    const rows = await asSystem(database, (drizzle) => drizzle.select().from(apiKeys));
    expect(rows.map((stored) => [stored.id, stored.tenantId, stored.role])).toEqual([[admin.id, DEFAULT_TENANT, "admin"]]);
    expect(rows[0]?.secretHash).not.toContain(admin.secret);
  });
});

describe("Authenticator", () => {
  it("answers a valid key with its tenant, role, scopes and key id", async () => {
    const scope = await authenticator.authenticate(admin.secret);
    expect(scope).toMatchObject({ tenantId: DEFAULT_TENANT, role: "admin", principal: { kind: "api_key", id: admin.id } });
    expect(scope?.may("keys:manage")).toBe(true);

    await asSystem(database, (drizzle) => drizzle.insert(tenants).values({ id: "other", name: "Other" }));
    const issued = await keys.issue("other", { name: "ingest", role: "api", scopes: ["events:write", "runs:read"] });
    const other = await authenticator.authenticate(`  ${issued.secret}\n`);
    expect(other).toMatchObject({ tenantId: "other", role: "api", principal: { id: issued.id } });
    expect(other?.scopes).toEqual(["events:write", "runs:read"]);
    expect(other?.may("events:write")).toBe(true);
    expect(other?.may("keys:manage")).toBe(false);
  });

  it("refuses a key with the right prefix and checksum but a wrong secret", async () => {
    const forged = forgedWithSamePrefix(admin.secret);
    expect(parseKey(forged)?.lookupPrefix).toBe(parseKey(admin.secret)?.lookupPrefix);
    const lookup = vi.spyOn(keys, "byPrefix");
    expect(await authenticator.authenticate(forged)).toBeUndefined();
    expect(lookup).toHaveBeenCalledOnce();
  });

  it("refuses a well-formed key no row has", async () => {
    expect(await authenticator.authenticate(generateKey().key)).toBeUndefined();
  });

  it("refuses malformed keys and bad checksums without querying the database", async () => {
    const lookup = vi.spyOn(keys, "byPrefix");
    // every way a query can leave: a tenant's transaction or a system one
    const queries = [vi.spyOn(database, "forTenant"), vi.spyOn(database, "asSystem")];
    const queried = () => queries.reduce((count, spy) => count + spy.mock.calls.length, 0);
    const key = admin.secret;
    const changed = key[30] === "a" ? "b" : "a";
    const presented = [
      undefined,
      "",
      "   ",
      "not a key",
      `Bearer ${key}`,
      `${key.slice(0, 30)}${changed}${key.slice(31)}`,
      `${key.slice(0, -1)}${key.endsWith("0") ? "1" : "0"}`,
      key.replace("rh_live_", "rh_test_"),
      key.toUpperCase(),
      `rh_${"a".repeat(15)}_${randomBytes(32).toString("base64url")}`,
      `rh_${"A".repeat(16)}_${randomBytes(32).toString("base64url")}`,
    ];
    for (const candidate of presented) expect(await authenticator.authenticate(candidate)).toBeUndefined();
    expect(lookup).not.toHaveBeenCalled();
    expect(queried()).toBe(0);

    // the spies do see a lookup: the same key, unchanged, reaches the database
    expect(await authenticator.authenticate(key)).toBeDefined();
    expect(lookup).toHaveBeenCalledOnce();
    expect(queried()).toBeGreaterThan(0);
  });

  it("refuses a key revoked on this server at once", async () => {
    const scope = await authenticator.authenticate(admin.secret);
    if (!scope) throw new Error("the admin key should authenticate");
    await keys.revoke(scope, admin.id);
    authenticator.forget(admin.id);
    expect(await authenticator.authenticate(admin.secret)).toBeUndefined();
  });

  it("refuses a key revoked by another server once the 30 s cache has passed", async () => {
    expect(await authenticator.authenticate(admin.secret)).toBeDefined();
    await asSystem(database, (drizzle) =>
      drizzle
        .update(apiKeys)
        .set({ revokedAt: new Date(time) })
        .where(eq(apiKeys.id, admin.id)),
    );
    // answered from memory within the window (ingest does not query per request)
    time = start + 29 * second;
    expect(await authenticator.authenticate(admin.secret)).toBeDefined();
    time = start + 31 * second;
    expect(await authenticator.authenticate(admin.secret)).toBeUndefined();
    expect(await new Authenticator(database, keys, now).authenticate(admin.secret)).toBeUndefined();
  });

  it("refuses a key once the clock reaches its expiry, cached or not", async () => {
    const issued = await keys.issue(DEFAULT_TENANT, { name: "short", role: "viewer", expiresAt: new Date(start + 60 * second) });
    expect(await authenticator.authenticate(issued.secret)).toBeDefined();
    time = start + 59 * second;
    expect(await authenticator.authenticate(issued.secret)).toBeDefined();
    time = start + 60 * second;
    expect(await authenticator.authenticate(issued.secret)).toBeUndefined();
    expect(await new Authenticator(database, keys, now).authenticate(issued.secret)).toBeUndefined();
  });

  it("still accepts a first-version key stored as a plain SHA-256, and only its own secret", async () => {
    const legacy = await legacyKey();
    const scope = await authenticator.authenticate(legacy.key);
    expect(scope).toMatchObject({ tenantId: DEFAULT_TENANT, role: "api", principal: { id: legacy.id } });
    expect(scope?.scopes).toEqual(["events:write"]);
    const wrong = `rh_${legacy.id}_${randomBytes(32).toString("base64url")}`;
    expect(await authenticator.authenticate(wrong)).toBeUndefined();
  });

  it("never matches a first-version key string against a peppered row, or a new key against a plain row", async () => {
    // new rows' ids are 16 hex digits too, so a legacy-shaped string finds them by id
    const legacyShaped = `rh_${admin.id}_${randomBytes(32).toString("base64url")}`;
    expect(await authenticator.authenticate(legacyShaped)).toBeUndefined();
    // even when the stored bytes equal the string's plain SHA-256, the hash kinds must agree
    const plain = createHash("sha256").update(legacyShaped).digest("hex");
    await asSystem(database, (drizzle) =>
      drizzle
        .update(apiKeys)
        .set({ secretHash: `hmac-sha256:${plain}` })
        .where(eq(apiKeys.id, admin.id)),
    );
    expect(await authenticator.authenticate(legacyShaped)).toBeUndefined();

    const generated = generateKey();
    await asSystem(database, (drizzle) =>
      drizzle.insert(apiKeys).values({
        id: randomBytes(8).toString("hex"),
        tenantId: DEFAULT_TENANT,
        name: "plain row",
        keyPrefix: generated.lookupPrefix,
        secretHash: keys.digest(generated.key).toString("hex"),
        role: "admin",
      }),
    );
    expect(await authenticator.authenticate(generated.key)).toBeUndefined();
  });

  it("refuses a key issued under another pepper", async () => {
    const otherPepper = new ApiKeys(database, randomBytes(32), now);
    const issued = await otherPepper.issue(DEFAULT_TENANT, { name: "elsewhere", role: "admin" });
    expect(await authenticator.authenticate(issued.secret)).toBeUndefined();
    expect(await new Authenticator(database, otherPepper, now).authenticate(issued.secret)).toBeDefined();
  });

  it("writes last_used_at at most once a minute per key", async () => {
    const lastUsed = async () => (await row(admin.id)).lastUsedAt?.getTime();
    expect(await authenticator.authenticate(admin.secret)).toBeDefined();
    // the write is not awaited by the request
    await vi.waitFor(async () => expect(await lastUsed()).toBe(start));

    time = start + 10 * second;
    expect(await authenticator.authenticate(admin.secret)).toBeDefined();
    // PGlite runs one query at a time, in order: a write made by that call would land before this read
    expect(await lastUsed()).toBe(start);

    time = start + 61 * second;
    expect(await authenticator.authenticate(admin.secret)).toBeDefined();
    await vi.waitFor(async () => expect(await lastUsed()).toBe(start + 61 * second));
  });
});
