/**
 * `Idempotency-Key` for mutations (draft-ietf-httpapi-idempotency-key-header,
 * platform.md §3.13): the first request with a key runs and its response is
 * kept for 24 hours; the same key with the same body answers that response
 * again; the same key with another body is refused (422), and while the first
 * is still running, a repeat is refused (409). Keys are per tenant and per
 * operation (`scope`).
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { and, eq, lt } from "drizzle-orm";
import type { Database } from "../store/database.js";
import { idempotencyKeys } from "../store/schema.js";

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MILLISECONDS = 24 * 60 * 60 * 1000;

/** What an idempotent operation answers: a status and a JSON body. */
export interface StoredResponse {
  status: number;
  body: Record<string, unknown>;
}

/** Why a key cannot be used now. */
export class IdempotencyConflict extends Error {
  constructor(
    readonly status: 409 | 422,
    message: string,
  ) {
    super(message);
  }
}

/** The fingerprint of a request body (RFC 8785 JSON, SHA-256). */
export function fingerprint(body: unknown): string {
  return createHash("sha256")
    .update(canonicalize(body) ?? "null")
    .digest("hex");
}

/** Runs operations at most once per key. */
export class Idempotency {
  constructor(
    private readonly database: Database,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Answers `work()`'s response, or the one stored for `key` when the same
   * request came before. Throws `IdempotencyConflict` for a reused key with
   * another body, or one still in flight. A `work()` that throws forgets the
   * key, so the client can try again.
   */
  async run(
    tenantId: string,
    scope: string,
    key: string,
    body: unknown,
    work: () => Promise<StoredResponse>,
  ): Promise<StoredResponse & { replayed: boolean }> {
    const requestHash = fingerprint(body);
    const now = new Date(this.now());
    const existing = await this.database.forTenant(tenantId, async (executor) => {
      // keys past their 24 hours go as new ones come (the tenant's only: row-level security)
      await executor.drizzle.delete(idempotencyKeys).where(lt(idempotencyKeys.expiresAt, now));
      const inserted = await executor.drizzle
        .insert(idempotencyKeys)
        .values({ tenantId, scope, key, requestHash, expiresAt: new Date(now.getTime() + IDEMPOTENCY_TTL_MILLISECONDS) })
        .onConflictDoNothing()
        .returning({ key: idempotencyKeys.key });
      if (inserted.length > 0) return undefined;
      const [row] = await executor.drizzle
        .select()
        .from(idempotencyKeys)
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key)));
      return row;
    });
    if (existing) {
      if (existing.requestHash !== requestHash)
        throw new IdempotencyConflict(422, `Idempotency-Key "${key}" was used for a different request; use a new key`);
      if (existing.statusCode === null || existing.response === null)
        throw new IdempotencyConflict(409, `the request with Idempotency-Key "${key}" is still being processed; retry shortly`);
      return { status: existing.statusCode, body: existing.response, replayed: true };
    }
    let response: StoredResponse;
    try {
      response = await work();
    } catch (error) {
      await this.database.forTenant(tenantId, (executor) =>
        executor.drizzle.delete(idempotencyKeys).where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key))),
      );
      throw error;
    }
    await this.database.forTenant(tenantId, (executor) =>
      executor.drizzle
        .update(idempotencyKeys)
        .set({ statusCode: response.status, response: response.body })
        .where(and(eq(idempotencyKeys.scope, scope), eq(idempotencyKeys.key, key))),
    );
    return { ...response, replayed: false };
  }
}
