import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { AuditAnchor } from "../../services/audit-log.js";
import { exportAnchor } from "../../services/audit-watch.js";
import { asOwner } from "../../test-support/database.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";

function request(server: TestApp, method: string, path: string, body?: unknown) {
  return Promise.resolve(
    server.app.request(path, {
      method,
      headers: {
        authorization: `Bearer ${server.adminKey}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

describe("the audit trail over HTTP", () => {
  let server: TestApp | undefined;
  afterEach(async () => server?.close());

  it("records the bootstrap and every key change with who did it, in one verifiable chain", async () => {
    server = await testApp();
    const created: Json = await (await request(server, "POST", "/api/v1/keys", { name: "ci", scopes: ["events:write"] })).json();
    await request(server, "POST", `/api/v1/keys/${created.key.id}/rotate`, { graceSeconds: 60 });
    await request(server, "DELETE", `/api/v1/keys/${created.key.id}`);
    // refused changes leave no entry
    await request(server, "DELETE", "/api/v1/keys/ffffffffffffffff");

    const page = await server.read("/api/v1/audit");
    expect(page.items.map((entry: Json) => entry.action)).toEqual([
      "tenant.created",
      "key.created",
      "key.created",
      "key.rotated",
      "key.revoked",
    ]);
    const [, bootstrap, made, rotated, revoked] = page.items;
    expect(bootstrap).toMatchObject({ actorType: "system", actorId: "bootstrap", targetType: "api_key" });
    const adminId = bootstrap.targetId;
    expect(made).toMatchObject({
      actorType: "api_key",
      actorId: adminId,
      targetId: created.key.id,
      requestId: expect.any(String),
      details: { name: "ci", role: "api", scopes: ["events:write"], hint: created.key.hint },
    });
    expect(rotated).toMatchObject({ targetId: created.key.id, details: { graceSeconds: 60 } });
    expect(revoked).toMatchObject({ targetId: created.key.id, details: { name: "ci" } });
    // the secret never reaches the trail
    expect(JSON.stringify(page)).not.toContain(created.secret);

    const verification = await server.read("/api/v1/audit/verify");
    expect(verification).toMatchObject({ ok: true, checked: 5, headSeq: 5, headHash: revoked.hash });
    // the verification itself is recorded
    const after = await server.read("/api/v1/audit?afterSeq=5");
    expect(after.items).toEqual([
      expect.objectContaining({
        seq: 6,
        action: "audit.verified",
        details: { ok: true, checked: 5, firstBadSeq: null, fault: null },
      }),
    ]);
  });

  it("pages with afterSeq and limit, and refuses a bad page", async () => {
    server = await testApp();
    for (let index = 0; index < 3; index++)
      await request(server, "POST", "/api/v1/keys", { name: `k${index}`, scopes: ["runs:read"] });
    const first = await server.read("/api/v1/audit?limit=2");
    expect(first.items.map((entry: Json) => entry.seq)).toEqual([1, 2]);
    expect(first.nextAfterSeq).toBe(2);
    const last = await server.read("/api/v1/audit?afterSeq=4&limit=2");
    expect(last.items.map((entry: Json) => entry.seq)).toEqual([5]);
    expect(last.nextAfterSeq).toBeNull();
    const bad = await request(server, "GET", "/api/v1/audit?limit=5000");
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).field).toBe("limit");
  });

  it("keeps tenants' trails apart", async () => {
    server = await testApp();
    const otherAdmin = (await server.services.keys.issue("other", { name: "other admin", role: "admin" })).secret;
    await request(server, "POST", "/api/v1/keys", { name: "default only", scopes: ["runs:read"] });
    expect((await server.read("/api/v1/audit", otherAdmin)).items).toEqual([]);
    expect(await server.read("/api/v1/audit/verify", otherAdmin)).toMatchObject({ ok: true, checked: 0, headSeq: 0 });
  });

  it("reports tampering with the first bad seq, and counts it in /metrics", async () => {
    server = await testApp();
    await request(server, "POST", "/api/v1/keys", { name: "x", scopes: ["runs:read"] });
    await asOwner(server.services.database, async (transaction) => {
      await transaction.rows(sql`alter table audit_log disable trigger user`);
      await transaction.rows(sql`update audit_log set action = 'key.viewed' where tenant_id = 'default' and seq = 3`);
      await transaction.rows(sql`alter table audit_log enable trigger user`);
    });
    expect(await server.read("/api/v1/audit/verify")).toMatchObject({
      ok: false,
      firstBadSeq: 3,
      fault: "hash_mismatch",
      checked: 2,
    });
    const metrics = await (await server.get("/metrics")).text();
    expect(metrics).toMatch(/^rehearse_audit_verify_failures_total 1$/m);
    expect(metrics).toMatch(/^rehearse_audit_verifications_total 1$/m);
  });

  it("signs the head every N entries and exports the anchor to the log and a webhook", async () => {
    const received: Json[] = [];
    const hook = createServer((incoming, answer) => {
      let body = "";
      incoming.on("data", (chunk) => {
        body += chunk;
      });
      incoming.on("end", () => {
        received.push(JSON.parse(body));
        answer.writeHead(204).end();
      });
    });
    await new Promise<void>((listening) => hook.listen(0, "127.0.0.1", listening));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/anchors`;
    const lines: Json[] = [];
    const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
    const anchors: AuditAnchor[] = [];
    server = await testApp("pglite", { audit: { anchorEvery: 2, onAnchor: (anchor) => anchors.push(anchor) } });
    // bootstrap made 2 entries (anchored at 2); one key makes the 3rd, another the 4th (anchored)
    await request(server, "POST", "/api/v1/keys", { name: "a", scopes: ["runs:read"] });
    await request(server, "POST", "/api/v1/keys", { name: "b", scopes: ["runs:read"] });
    expect(anchors.map((anchor) => anchor.seq)).toEqual([2, 4]);
    const head = anchors[1] as AuditAnchor;
    exportAnchor(logger, head, "public-key", url);
    await expect.poll(() => received.length).toBe(1);
    expect(received[0]).toMatchObject({
      kind: "rehearse.audit.anchor",
      tenantId: "default",
      seq: 4,
      hash: head.hash,
      publicKey: "public-key",
    });
    expect(lines[0]).toMatchObject({ msg: "audit anchor", auditAnchor: { seq: 4, signature: head.signature } });
    hook.close();
  });
});
