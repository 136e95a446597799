import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../store/database.js";
import { auditLog, tenants } from "../store/schema.js";
import { asOwner, asSystem, engines, freshDatabase, systemRows } from "../test-support/database.js";
import { type AuditAnchor, AuditLog, detailsDigest, entryHash, genesisHash } from "./audit-log.js";
import { AuditSigner } from "./audit-signer.js";

const start = Date.parse("2026-12-01T08:00:00Z");

describe.each(engines())("the audit hash chain (%s)", (engine) => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  async function chain(entries: number, anchorEvery = 5) {
    database = await freshDatabase(engine);
    await asSystem(database, (drizzle) =>
      drizzle.insert(tenants).values([
        { id: "acme", name: "Acme" },
        { id: "other", name: "Other" },
      ]),
    );
    let now = start;
    const anchors: AuditAnchor[] = [];
    const signer = new AuditSigner(randomBytes(32));
    const audit = new AuditLog(database, signer, () => now++, { anchorEvery, onAnchor: (anchor) => anchors.push(anchor) });
    for (let index = 1; index <= entries; index++) {
      await audit.append("acme", {
        actorType: "api_key",
        actorId: "0123456789abcdef",
        action: index % 2 ? "key.created" : "key.revoked",
        targetType: "api_key",
        targetId: `key-${index}`,
        requestId: `request-${index}`,
        details: { name: `key ${index}`, scopes: ["runs:read"] },
      });
    }
    return { database, audit, anchors, signer };
  }

  /** Runs `statement` with the append-only triggers off, as someone with the database's owner rights could. */
  async function tamper(database: Database, statement: ReturnType<typeof sql>) {
    await asOwner(database, async (transaction) => {
      await transaction.rows(sql`alter table audit_log disable trigger user`);
      await transaction.rows(statement);
      await transaction.rows(sql`alter table audit_log enable trigger user`);
    });
  }

  it("chains entries with gapless seq per tenant, signs every 5th head, and verifies", async () => {
    const { audit, anchors } = await chain(12);
    await audit.append("other", { actorType: "system", actorId: "bootstrap", action: "tenant.created" });
    const entries = await audit.page("acme", 0, 100);
    expect(entries.map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(entries[0]?.prevHash).toBe(genesisHash("acme"));
    for (let index = 1; index < entries.length; index++) expect(entries[index]?.prevHash).toBe(entries[index - 1]?.hash);
    expect(anchors.map((anchor) => anchor.seq)).toEqual([5, 10]);
    expect(await audit.verify("acme")).toEqual({
      ok: true,
      checked: 12,
      headSeq: 12,
      headHash: entries[11]?.hash,
      anchorsChecked: 2,
      anchorsSkipped: 0,
    });
    expect((await audit.page("other", 0, 10)).map((entry) => entry.seq)).toEqual([1]);
    expect((await audit.verify("other")).ok).toBe(true);
    // the head is anchored on demand once, not twice
    expect((await audit.anchor("acme"))?.seq).toBe(12);
    expect(await audit.anchor("acme")).toBeUndefined();
  });

  it("keeps seq gapless when one tenant appends concurrently", async () => {
    const { audit } = await chain(0);
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        audit.append("acme", { actorType: "system", actorId: "test", action: "concurrent", details: { index } }),
      ),
    );
    const seqs = (await audit.page("acme", 0, 100)).map((entry) => entry.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, index) => index + 1));
    expect((await audit.verify("acme")).ok).toBe(true);
  });

  it("refuses UPDATE, DELETE and TRUNCATE, but lets details be erased and still verifies", async () => {
    const { database, audit } = await chain(6);
    const failure = (run: Promise<unknown>) =>
      run.then(
        () => undefined,
        // drizzle wraps the database's error; the database's message is its cause
        (error: Error & { cause?: Error }) => error.cause?.message ?? error.message,
      );
    // the server's roles hold no UPDATE (but of details), DELETE or TRUNCATE on the audit tables
    for (const as of ["tenant", "system"] as const) {
      const run = (statement: ReturnType<typeof sql>) =>
        failure(
          as === "system" ? systemRows(database, statement) : database.forTenant("acme", (executor) => executor.rows(statement)),
        );
      expect(await run(sql`update audit_log set action = 'nothing' where seq = 2`)).toBe("permission denied for table audit_log");
      expect(await run(sql`delete from audit_log where seq = 6`)).toBe("permission denied for table audit_log");
      expect(await run(sql`truncate audit_log`)).toBe("permission denied for table audit_log");
      expect(await run(sql`delete from audit_anchors`)).toBe("permission denied for table audit_anchors");
    }
    // and the trigger refuses them to the tables' owner too
    const asTheOwner = (statement: ReturnType<typeof sql>) => failure(asOwner(database, (executor) => executor.rows(statement)));
    expect(await asTheOwner(sql`update audit_log set action = 'nothing' where seq = 2`)).toBe(
      "audit_log is append-only: UPDATE refused",
    );
    expect(await asTheOwner(sql`delete from audit_log where seq = 6`)).toBe("audit_log is append-only: DELETE refused");
    expect(await asTheOwner(sql`truncate audit_log`)).toBe("audit_log is append-only: TRUNCATE refused");
    expect(await asTheOwner(sql`delete from audit_anchors`)).toBe("audit_anchors is append-only: DELETE refused");
    expect(await asTheOwner(sql`update audit_log set details = '{"name":"x"}' where seq = 2`)).toMatch(/append-only/);
    await systemRows(database, sql`update audit_log set details = null where seq = 2`);
    const [erased] = await audit.page("acme", 1, 1);
    expect(erased?.details).toBeNull();
    expect(await audit.verify("acme")).toMatchObject({ ok: true, checked: 6 });
  });

  it("detects a flipped byte in the details", async () => {
    const { database, audit } = await chain(8);
    await tamper(database, sql`update audit_log set details = '{"name":"key 4","scopes":["runs:raw"]}' where seq = 4`);
    expect(await audit.verify("acme")).toMatchObject({ ok: false, firstBadSeq: 4, fault: "details_changed", checked: 3 });
  });

  it("detects a changed field of an entry", async () => {
    const { database, audit } = await chain(8);
    const original = (await audit.page("acme", 2, 1))[0];
    await tamper(database, sql`update audit_log set actor_id = 'someone-else' where seq = 3`);
    const result = await audit.verify("acme");
    expect(result).toMatchObject({ ok: false, firstBadSeq: 3, fault: "hash_mismatch", checked: 2 });
    expect(result.expectedHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.expectedHash).not.toBe(original?.hash);
  });

  it("detects a deleted entry", async () => {
    const { database, audit } = await chain(8);
    await tamper(database, sql`delete from audit_log where seq = 6`);
    expect(await audit.verify("acme")).toMatchObject({ ok: false, firstBadSeq: 6, fault: "missing_entry", checked: 5 });
  });

  it("detects two entries swapped", async () => {
    const { database, audit } = await chain(8);
    await tamper(database, sql`update audit_log set seq = -1 where seq = 3`);
    await tamper(database, sql`update audit_log set seq = 3 where seq = 4`);
    await tamper(database, sql`update audit_log set seq = 4 where seq = -1`);
    expect(await audit.verify("acme")).toMatchObject({ ok: false, firstBadSeq: 3, fault: "broken_link" });
  });

  it("detects a forged but self-consistent tail by the signed anchor", async () => {
    const { database, audit } = await chain(12);
    // rewrite entries 8..12 with the real algorithm, so every link and hash checks out
    const rows = await asSystem(database, (drizzle) =>
      drizzle.select().from(auditLog).where(sql`tenant_id = 'acme' and seq >= 8`).orderBy(auditLog.seq),
    );
    let prevHash = (await audit.page("acme", 6, 1))[0]?.hash ?? "";
    const forged = rows.map((row) => {
      const details = { ...row.details, name: "forged" };
      const entry = { ...row, details, detailsDigest: detailsDigest(details), prevHash };
      const hash = entryHash(prevHash, entry);
      prevHash = hash;
      return { ...entry, hash };
    });
    await tamper(database, sql`delete from audit_log where tenant_id = 'acme' and seq >= 8`);
    await asSystem(database, (drizzle) => drizzle.insert(auditLog).values(forged));
    const result = await audit.verify("acme");
    // every entry recomputes; the anchor at 10 does not match, and 5 (the last good anchor) vouches up to 5
    expect(result).toMatchObject({ ok: false, fault: "anchor_mismatch", anchorSeq: 10, firstBadSeq: 6, checked: 12 });
    // a range that ends before the forged part still verifies
    expect(await audit.verify("acme", { toSeq: 7 })).toMatchObject({ ok: true, checked: 7, anchorsChecked: 1 });
  });

  it("detects a truncated tail by an anchor past the head", async () => {
    const { database, audit } = await chain(10);
    await tamper(database, sql`delete from audit_log where seq >= 9`);
    expect(await audit.verify("acme")).toMatchObject({ ok: false, fault: "truncated", anchorSeq: 10, firstBadSeq: 9 });
  });

  it("refuses an anchor signed by someone else under the server's key id", async () => {
    const { database, audit, signer } = await chain(10);
    const impostor = new AuditSigner(randomBytes(32));
    await asOwner(database, async (transaction) => {
      await transaction.rows(sql`alter table audit_anchors disable trigger user`);
      await transaction.rows(
        sql`update audit_anchors set signature = ${impostor.sign("anything")} where seq = 10 and key_id = ${signer.keyId}`,
      );
      await transaction.rows(sql`alter table audit_anchors enable trigger user`);
    });
    expect(await audit.verify("acme")).toMatchObject({ ok: false, fault: "anchor_bad_signature", anchorSeq: 10, firstBadSeq: 6 });
  });
});
