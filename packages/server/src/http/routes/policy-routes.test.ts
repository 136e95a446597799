import type { IngestEvent } from "@rehearse/core/events";
import { sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { systemRows } from "../../test-support/database.js";
import { runEvents } from "../../test-support/events.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";

const email = "jo.doe@customer.example";
const card = "4111 1111 1111 1111";
const openAiKey = `sk-proj-${"Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z".repeat(2)}`;
const leaky: Array<["user" | "assistant", string]> = [
  ["user", `My email is ${email} and my card is ${card}`],
  ["assistant", `Noted ${email}. Debug: OPENAI_API_KEY=${openAiKey}`],
];

const day = 24 * 3_600_000;

describe("tenant data policy", () => {
  let server: TestApp | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  const request = (method: string, path: string, body?: unknown, key?: string) =>
    (server as TestApp).request(method, path, body, key);

  const storedText = async () =>
    (
      await systemRows<{ text: string }>(
        server?.services.database as never,
        sql`select coalesce(string_agg(payload::text, ' '), '') || ' ' ||
              coalesce((select string_agg(content::text, ' ') from run_messages), '') as text from events`,
      )
    )[0]?.text ?? "";

  const auditActions = async () => {
    const page: Json = await server?.read("/api/v1/audit?limit=1000");
    return page.items.map((entry: Json) => entry.action) as string[];
  };

  it("redacts secrets and personal data at ingest by default: nothing of them reaches the database", async () => {
    server = await testApp();
    expect(await server.read("/api/v1/policy")).toEqual({
      storeRaw: false,
      retentionDays: null,
      minSafetyScore: null,
      redaction: { allow: [], keyPaths: [] },
      governance: { enabled: false, floor: null },
    });
    const events = runEvents({ runId: "leaky", messages: leaky });
    expect(await server.send(events)).toMatchObject({ accepted: events.length, rejected: [] });
    const stored = await storedText();
    for (const value of [email, card, openAiKey]) expect(stored).not.toContain(value);
    expect(stored).toContain("[EMAIL_1]");
    // a client that sent raw events (redact: false): the pii_leak event keeps the detector and gets the placeholder
    const raw = runEvents({ runId: "raw-client" });
    const last = raw.at(-1) as IngestEvent;
    const domain = (seq: number, fields: Record<string, unknown>) =>
      ({ ...last, eventId: crypto.randomUUID(), seq, ...fields }) as unknown as IngestEvent;
    raw.push(
      domain(raw.length, { type: "agent_message", actor: "agent", messageId: "m9", text: `Write to ${email}`, toolCalls: [] }),
      domain(raw.length + 1, {
        type: "pii_leak",
        actor: "agent",
        detector: "pii_leak",
        reason: "the reply leaks personal data (email)",
        evidence: "email: j***@customer.example",
        messageId: "m9",
      }),
    );
    expect(await server.send(raw)).toMatchObject({ accepted: raw.length, rejected: [] });
    const leak = (await server.read("/api/v1/runs/raw-client/events?types=pii_leak")).items[0].event;
    expect(leak).toMatchObject({
      detector: "pii_leak",
      messageId: "m9",
      evidence: "email: [EMAIL_1]",
      placeholders: ["[EMAIL_1]"],
    });
    expect(JSON.stringify(leak)).not.toContain("j***");
    expect(await storedText()).not.toContain(email);
    const messages = (await server.read("/api/v1/runs/leaky/messages")).items as Json[];
    expect(messages.map((message) => message.content)).toEqual([
      "My email is [EMAIL_1] and my card is [CARD_1]",
      "Noted [EMAIL_1]. Debug: OPENAI_API_KEY=[OPENAI_KEY_1]",
    ]);
  });

  it("keeps raw transcripts once the tenant asks, shows them raw to admins and runs:raw keys, redacted to viewers", async () => {
    server = await testApp();
    const changed = await request("PATCH", "/api/v1/policy", { storeRaw: true, redaction: { allow: [], keyPaths: ["ticket"] } });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ storeRaw: true, redaction: { keyPaths: ["ticket"] } });
    expect(await auditActions()).toContain("policy.changed");
    const audit = (await server.read("/api/v1/audit?limit=1000")).items.find((entry: Json) => entry.action === "policy.changed");
    expect(audit.details).toMatchObject({ before: { storeRaw: false }, after: { storeRaw: true } });

    await server.send(runEvents({ runId: "raw", messages: leaky }));
    expect(await storedText()).toContain(email);
    const keys = server.services.keys;
    const viewer = await keys.issue("default", { name: "viewer", role: "viewer" });
    const reader = await keys.issue("default", { name: "reader", role: "api", scopes: ["runs:read"] });
    const rawReader = await keys.issue("default", { name: "raw reader", role: "api", scopes: ["runs:read", "runs:raw"] });
    const contents = async (key: string) => {
      const page: Json = await server?.read("/api/v1/runs/raw/messages", key);
      return (page.items as Json[]).map((message) => message.content);
    };
    expect(await contents(server.adminKey)).toEqual(leaky.map(([, text]) => text));
    expect(await contents(rawReader.secret)).toEqual(leaky.map(([, text]) => text));
    for (const key of [viewer.secret, reader.secret]) {
      expect(await contents(key)).toEqual([
        "My email is [EMAIL_1] and my card is [CARD_1]",
        "Noted [EMAIL_1]. Debug: OPENAI_API_KEY=[OPENAI_KEY_1]",
      ]);
      const events = JSON.stringify(await server.read("/api/v1/runs/raw/events?limit=100", key));
      const detail = JSON.stringify(await server.read("/api/v1/runs/raw", key));
      for (const text of [events, detail]) expect(text).not.toContain(email);
      expect(events).toContain("[EMAIL_1]");
    }
    // a diff shows a viewer placeholders too
    await server.send(
      runEvents({
        runId: "raw-2",
        messages: [leaky[0] as ["user", string], ["assistant", `Sorry, ${email} has no order`]],
      }),
    );
    const diff = JSON.stringify(await server.read("/api/v1/diff/runs?base=raw&head=raw-2", viewer.secret));
    expect(diff).not.toContain(email);
    expect(diff).toContain("[EMAIL_1]");
  });

  it("refuses a malformed policy change, naming the field, and changes nothing", async () => {
    server = await testApp();
    const response = await request("PATCH", "/api/v1/policy", { retentionDays: 0 });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("retentionDays");
    expect((await request("PATCH", "/api/v1/policy", { storeRaw: "yes" })).status).toBe(400);
    expect((await request("PATCH", "/api/v1/policy", { surprise: true })).status).toBe(400);
    expect(await server.read("/api/v1/policy")).toMatchObject({ storeRaw: false, retentionDays: null });
    expect(await auditActions()).not.toContain("policy.changed");
  });

  it("deletes runs older than the retention period with everything of theirs, audited, and keeps the rest", async () => {
    const now = Date.now();
    server = await testApp();
    await server.send(runEvents({ runId: "old", batchId: "old-batch", start: now - 40 * day, messages: leaky }));
    await server.send(runEvents({ runId: "recent", batchId: "new-batch", start: now - 2 * day }));
    await server.send(runEvents({ runId: "other-old", start: now - 40 * day }), server.otherTenantKey);
    expect((await request("PATCH", "/api/v1/policy", { retentionDays: 30 })).status).toBe(200);
    const swept = await request("POST", "/api/v1/retention/sweep");
    expect(swept.status).toBe(200);
    const counts: Json = await swept.json();
    expect(counts).toMatchObject({ runs: 1, messages: 2, criteria: 1 });
    expect(counts.events).toBe(runEvents({ messages: leaky }).length);
    expect(counts.emptied).toBeGreaterThanOrEqual(1);
    expect((await server.get("/api/v1/runs/old")).status).toBe(404);
    expect((await server.get("/api/v1/batches/old-batch")).status).toBe(404);
    expect((await server.get("/api/v1/runs/recent")).status).toBe(200);
    // another tenant's old run is its own tenant's business
    expect((await server.get("/api/v1/runs/other-old", server.otherTenantKey)).status).toBe(200);
    const entry = (await server.read("/api/v1/audit?limit=1000")).items.find((item: Json) => item.action === "retention.deleted");
    expect(entry).toMatchObject({ actorType: "system", actorId: "retention", details: { retentionDays: 30, runs: 1 } });
    expect((await server.read("/api/v1/audit/verify")).ok).toBe(true);
    // a second sweep finds nothing and audits nothing
    expect(await (await request("POST", "/api/v1/retention/sweep")).json()).toMatchObject({ runs: 0 });
    expect((await auditActions()).filter((action) => action === "retention.deleted")).toHaveLength(1);
    // and the server's own sweep covers every tenant with a period
    expect(await server.services.retention.sweepAll()).toEqual([expect.objectContaining({ tenantId: "default", runs: 0 })]);
  });

  it("deletes one run on request, audited; another tenant's or a gone run answers 404", async () => {
    server = await testApp();
    await server.send(runEvents({ runId: "doomed" }));
    await server.send(runEvents({ runId: "theirs" }), server.otherTenantKey);
    expect((await request("DELETE", "/api/v1/runs/theirs")).status).toBe(404);
    const deleted = await request("DELETE", "/api/v1/runs/doomed");
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toMatchObject({ runs: 1, messages: 2 });
    expect((await request("DELETE", "/api/v1/runs/doomed")).status).toBe(404);
    expect((await server.get("/api/v1/runs/doomed/events")).status).toBe(404);
    expect((await server.get("/api/v1/runs/theirs", server.otherTenantKey)).status).toBe(200);
    expect(await auditActions()).toContain("run.deleted");
  });

  it("refuses, with governance on, every event of a run that declares a safety score below the floor", async () => {
    server = await testApp("pglite", { governance: { enabled: true, defaultMinScore: 0.7 } });
    expect((await server.read("/api/v1/policy")).governance).toEqual({ enabled: true, floor: 0.7 });
    const declaring = (runId: string, score: number | undefined) => {
      const events = runEvents({ runId });
      const started = events[0] as IngestEvent & { metadata: Record<string, unknown> };
      if (score !== undefined) started.metadata = { ...started.metadata, minSafetyScore: score };
      return events;
    };
    // part of the weak run arrives before its start: it is removed when the start is refused
    const weak = declaring("weak", 0.5);
    expect(await server.send(weak.slice(3))).toMatchObject({ accepted: weak.length - 3 });
    const refused = await server.send(weak.slice(0, 3));
    expect(refused.accepted).toBe(0);
    expect(refused.rejected).toEqual(
      [0, 1, 2].map((index) => expect.objectContaining({ index, code: "governance_blocked", retryable: false })),
    );
    expect((await server.get("/api/v1/runs/weak")).status).toBe(404);
    // later events of the run are refused too
    expect((await server.send(weak.slice(3))).rejected).toHaveLength(weak.length - 3);
    const strong = declaring("strong", 0.8);
    expect(await server.send(strong)).toMatchObject({ accepted: strong.length, rejected: [] });
    expect(await server.send(declaring("silent", undefined))).toMatchObject({ rejected: [] });
    const blocked = (await server.read("/api/v1/audit?limit=1000")).items.find(
      (item: Json) => item.action === "governance.blocked",
    );
    expect(blocked).toMatchObject({ targetId: "weak", details: { declaredMinScore: 0.5, floor: 0.7 } });
    // a tenant's own floor replaces the default
    expect((await request("PATCH", "/api/v1/policy", { minSafetyScore: 0.4 })).status).toBe(200);
    expect(await server.send(declaring("lenient", 0.5))).toMatchObject({ rejected: [] });
  });
});
