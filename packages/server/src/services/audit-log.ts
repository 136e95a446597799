/**
 * The per-tenant audit hash chain (platform research §7.5). Each entry gets
 * the tenant's next `seq` (gapless: appends of one tenant are serialised by a
 * transaction-scoped advisory lock, other tenants append in parallel) and
 *
 *     hash = SHA-256(prev_hash ‖ JCS({tenantId, seq, ts, actorType, actorId,
 *                                     action, targetType, targetId, requestId,
 *                                     detailsDigest}))
 *
 * with JCS the RFC 8785 canonical JSON and `detailsDigest` = SHA-256(JCS of
 * the details), so details can be erased (privacy) and the chain still
 * verifies. The first entry's `prev_hash` is SHA-256 of the tenant id. Every
 * `anchorEvery` entries the head `(seq, hash)` is signed with the server's
 * Ed25519 key into `audit_anchors` and handed to `onAnchor` (the server logs
 * it and posts it to a webhook when one is configured): a chain alone does not
 * stop someone who rewrites every row, a signed head kept elsewhere does.
 */
import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import { and, asc, desc, eq, gt, gte, lte, sql } from "drizzle-orm";
import type { Database, Drizzle } from "../store/database.js";
import { auditAnchors, auditLog } from "../store/schema.js";
import type { AuditSigner } from "./audit-signer.js";

/** What happened, by whom, to what. `details` must be JSON (no secrets: they are kept). */
export interface AuditEntry {
  actorType: "api_key" | "user" | "system";
  actorId: string;
  action: string;
  targetType?: string;
  targetId?: string;
  requestId?: string;
  details?: Record<string, unknown>;
}

/** A stored entry as the API shows it. */
export interface AuditRecord extends Required<Pick<AuditEntry, "actorType" | "actorId" | "action">> {
  seq: number;
  ts: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  details: Record<string, unknown> | null;
  detailsDigest: string;
  prevHash: string;
  hash: string;
}

/** A signed head of a tenant's chain. */
export interface AuditAnchor {
  tenantId: string;
  seq: number;
  hash: string;
  keyId: string;
  signature: string;
  createdAt: string;
}

/** Why a chain failed verification, at `firstBadSeq`. */
export type AuditFault =
  | "missing_entry"
  | "broken_link"
  | "details_changed"
  | "hash_mismatch"
  | "anchor_mismatch"
  | "anchor_bad_signature"
  | "truncated";

export interface AuditVerification {
  ok: boolean;
  /** Entries recomputed. */
  checked: number;
  /**
   * The first entry that cannot be trusted. For an anchor that no longer
   * matches (a rewritten, self-consistent tail) it is the first entry after
   * the last anchor that still matches: the rewrite starts there or later.
   */
  firstBadSeq?: number;
  fault?: AuditFault;
  /** The hash the entry at `firstBadSeq` should have had, when the chain says so. */
  expectedHash?: string;
  /** The anchor that failed, for anchor faults. */
  anchorSeq?: number;
  headSeq: number;
  headHash: string | null;
  anchorsChecked: number;
  /** Anchors signed by another key (an earlier signing key): not checked. */
  anchorsSkipped: number;
}

type Row = typeof auditLog.$inferSelect;

const PAGE = 10_000;

function sha256(data: string | Buffer): string {
  return createHash("sha256").update(data).digest("hex");
}

function jcs(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error("audit details must be JSON");
  return text;
}

/** SHA-256 of the tenant id: the `prev_hash` of a chain's first entry. */
export function genesisHash(tenantId: string): string {
  return sha256(tenantId);
}

/** The digest of an entry's details that the chain hashes (details may be erased later). */
export function detailsDigest(details: Record<string, unknown> | null | undefined): string {
  return sha256(jcs(details ?? {}));
}

/** The hash of an entry given its predecessor's hash. */
export function entryHash(
  prevHash: string,
  entry: Pick<Row, "tenantId" | "seq" | "actorType" | "actorId" | "action" | "detailsDigest"> & {
    ts: Date;
    targetType: string | null;
    targetId: string | null;
    requestId: string | null;
  },
): string {
  const body = jcs({
    tenantId: entry.tenantId,
    seq: entry.seq,
    ts: entry.ts.toISOString(),
    actorType: entry.actorType,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    requestId: entry.requestId,
    detailsDigest: entry.detailsDigest,
  });
  return sha256(Buffer.concat([Buffer.from(prevHash, "hex"), Buffer.from(body)]));
}

/** What an anchor signs. */
function anchorMessage(tenantId: string, seq: number, hash: string): string {
  return jcs({ tenantId, seq, hash, kind: "rehearse-audit-anchor-v1" });
}

export interface AuditLogOptions {
  /** Sign the head every this many entries (default 100). */
  anchorEvery?: number;
  /** Called after an anchor is stored (export it somewhere the database's writers cannot reach). */
  onAnchor?: (anchor: AuditAnchor) => void;
}

export class AuditLog {
  private readonly anchorEvery: number;

  constructor(
    private readonly database: Database,
    private readonly signer: AuditSigner,
    private readonly now: () => number = Date.now,
    private readonly options: AuditLogOptions = {},
  ) {
    this.anchorEvery = options.anchorEvery ?? 100;
  }

  /**
   * Appends `entry` to `tenantId`'s chain. Pass `transaction` to append
   * inside the transaction that made the change (both commit or neither);
   * otherwise the append is its own transaction.
   */
  async append(tenantId: string, entry: AuditEntry, transaction?: Drizzle): Promise<{ seq: number; hash: string }> {
    const anchors: AuditAnchor[] = [];
    const appended = transaction
      ? await this.appendIn(transaction, tenantId, entry, anchors)
      : await this.database.forTenant(tenantId, ({ drizzle: executor }) => this.appendIn(executor, tenantId, entry, anchors));
    for (const anchor of anchors) this.options.onAnchor?.(anchor);
    return appended;
  }

  /** Signs the head of `tenantId`'s chain unless it is already anchored; the anchor, or `undefined`. */
  async anchor(tenantId: string): Promise<AuditAnchor | undefined> {
    const anchor = await this.database.forTenant(tenantId, async ({ drizzle: executor }) => {
      await executor.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit:${tenantId}`}))`);
      const head = await headOf(executor, tenantId);
      if (!head) return undefined;
      const [last] = await executor
        .select({ seq: auditAnchors.seq })
        .from(auditAnchors)
        .where(eq(auditAnchors.tenantId, tenantId))
        .orderBy(desc(auditAnchors.seq))
        .limit(1);
      if (last && last.seq >= head.seq) return undefined;
      return this.sign(executor, tenantId, head.seq, head.hash);
    });
    if (anchor) this.options.onAnchor?.(anchor);
    return anchor;
  }

  /** Entries of `tenantId` after `afterSeq`, oldest first. */
  async page(tenantId: string, afterSeq: number, limit: number): Promise<AuditRecord[]> {
    const rows = await this.read(tenantId, (executor) =>
      executor
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, tenantId), gt(auditLog.seq, afterSeq)))
        .orderBy(asc(auditLog.seq))
        .limit(limit),
    );
    return rows.map(record);
  }

  /** The tenants that have an audit chain. */
  async tenants(): Promise<string[]> {
    // every tenant's: the self-check's list, a system read
    const rows = await this.database.asSystem(({ drizzle: executor }) =>
      executor.selectDistinct({ tenantId: auditLog.tenantId }).from(auditLog),
    );
    return rows.map((row) => row.tenantId);
  }

  /**
   * Recomputes `tenantId`'s chain from `fromSeq` (default 1) to `toSeq`
   * (default the head) in pages, then checks the anchors in that range and,
   * when the range reaches the head, that no anchor points past it.
   */
  async verify(tenantId: string, range: { fromSeq?: number; toSeq?: number } = {}): Promise<AuditVerification> {
    const fromSeq = Math.max(1, range.fromSeq ?? 1);
    const head = await this.read(tenantId, (executor) => headOf(executor, tenantId));
    const headSeq = head?.seq ?? 0;
    const toSeq = Math.min(range.toSeq ?? headSeq, headSeq);
    const result: AuditVerification = {
      ok: true,
      checked: 0,
      headSeq,
      headHash: head?.hash ?? null,
      anchorsChecked: 0,
      anchorsSkipped: 0,
    };
    const fail = (seq: number, fault: AuditFault, extra: Partial<AuditVerification> = {}) =>
      Object.assign(result, { ok: false, firstBadSeq: seq, fault, ...extra });

    let expectedPrev = fromSeq === 1 ? genesisHash(tenantId) : await this.hashAt(tenantId, fromSeq - 1);
    if (expectedPrev === undefined && fromSeq <= toSeq) return fail(fromSeq - 1, "missing_entry");
    let expectedSeq = fromSeq;
    const hashes = new Map<number, string>();
    while (expectedSeq <= toSeq) {
      const rows = await this.read(tenantId, (executor) =>
        executor
          .select()
          .from(auditLog)
          .where(and(eq(auditLog.tenantId, tenantId), gte(auditLog.seq, expectedSeq), lte(auditLog.seq, toSeq)))
          .orderBy(asc(auditLog.seq))
          .limit(PAGE),
      );
      if (rows.length === 0) return fail(expectedSeq, "missing_entry");
      for (const row of rows) {
        if (row.seq !== expectedSeq) return fail(expectedSeq, "missing_entry");
        if (row.prevHash !== expectedPrev) return fail(row.seq, "broken_link");
        if (row.details !== null && detailsDigest(row.details) !== row.detailsDigest) return fail(row.seq, "details_changed");
        const recomputed = entryHash(expectedPrev ?? "", row);
        if (recomputed !== row.hash) return fail(row.seq, "hash_mismatch", { expectedHash: recomputed });
        result.checked++;
        hashes.set(row.seq, row.hash);
        expectedPrev = row.hash;
        expectedSeq++;
      }
    }

    const anchors = await this.read(tenantId, (executor) =>
      executor
        .select()
        .from(auditAnchors)
        .where(and(eq(auditAnchors.tenantId, tenantId), gte(auditAnchors.seq, fromSeq)))
        .orderBy(asc(auditAnchors.seq)),
    );
    let trustedUpTo = fromSeq - 1;
    for (const anchor of anchors) {
      if (anchor.seq > toSeq && toSeq < headSeq) break;
      if (anchor.keyId !== this.signer.keyId) {
        result.anchorsSkipped++;
        continue;
      }
      result.anchorsChecked++;
      if (!this.signer.verify(anchorMessage(tenantId, anchor.seq, anchor.hash), anchor.signature))
        return fail(trustedUpTo + 1, "anchor_bad_signature", { anchorSeq: anchor.seq });
      if (anchor.seq > headSeq) return fail(headSeq + 1, "truncated", { anchorSeq: anchor.seq, expectedHash: anchor.hash });
      if (hashes.get(anchor.seq) !== anchor.hash)
        return fail(trustedUpTo + 1, "anchor_mismatch", { anchorSeq: anchor.seq, expectedHash: anchor.hash });
      trustedUpTo = anchor.seq;
    }
    return result;
  }

  private async hashAt(tenantId: string, seq: number): Promise<string | undefined> {
    const [row] = await this.read(tenantId, (executor) =>
      executor
        .select({ hash: auditLog.hash })
        .from(auditLog)
        .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.seq, seq))),
    );
    return row?.hash;
  }

  /** One read of `tenantId`'s chain, in its own tenant transaction (a verification's pages do not hold the store). */
  private read<Value>(tenantId: string, work: (executor: Drizzle) => Promise<Value>): Promise<Value> {
    return this.database.forTenant(tenantId, ({ drizzle: executor }) => work(executor));
  }

  private async appendIn(
    executor: Drizzle,
    tenantId: string,
    entry: AuditEntry,
    anchors: AuditAnchor[],
  ): Promise<{ seq: number; hash: string }> {
    // serialises this tenant's appends until the transaction ends: seq stays gapless, other tenants go on
    await executor.execute(sql`select pg_advisory_xact_lock(hashtext(${`audit:${tenantId}`}))`);
    const last = await headOf(executor, tenantId);
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? genesisHash(tenantId);
    const row = {
      tenantId,
      seq,
      ts: new Date(this.now()),
      actorType: entry.actorType,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      requestId: entry.requestId ?? null,
      details: entry.details ?? null,
      detailsDigest: detailsDigest(entry.details),
      prevHash,
    };
    const hash = entryHash(prevHash, row);
    await executor.insert(auditLog).values({ ...row, hash });
    if (seq % this.anchorEvery === 0) anchors.push(await this.sign(executor, tenantId, seq, hash));
    return { seq, hash };
  }

  private async sign(executor: Drizzle, tenantId: string, seq: number, hash: string): Promise<AuditAnchor> {
    const anchor = {
      tenantId,
      seq,
      hash,
      keyId: this.signer.keyId,
      signature: this.signer.sign(anchorMessage(tenantId, seq, hash)),
      createdAt: new Date(this.now()),
    };
    await executor.insert(auditAnchors).values(anchor).onConflictDoNothing();
    return { ...anchor, createdAt: anchor.createdAt.toISOString() };
  }
}

/** The newest entry of `tenantId`'s chain, or `undefined` for an empty chain. */
async function headOf(executor: Drizzle, tenantId: string): Promise<{ seq: number; hash: string } | undefined> {
  const [head] = await executor
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .where(eq(auditLog.tenantId, tenantId))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return head;
}

function record(row: Row): AuditRecord {
  return {
    seq: row.seq,
    ts: row.ts.toISOString(),
    actorType: row.actorType as AuditRecord["actorType"],
    actorId: row.actorId,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    details: row.details,
    detailsDigest: row.detailsDigest,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
