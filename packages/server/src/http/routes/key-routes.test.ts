import { afterEach, describe, expect, it } from "vitest";
import { parseKey } from "../../services/api-key-format.js";
import { runEvents } from "../../test-support/events.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";

const start = Date.parse("2026-12-01T12:00:00Z");

/** A test server on a clock the test moves. */
async function clockedApp(): Promise<{ server: TestApp; advance(seconds: number): void }> {
  let now = start;
  const server = await testApp("pglite", { now: () => now });
  return {
    server,
    advance(seconds) {
      now += seconds * 1000;
    },
  };
}

function send(server: TestApp, method: string, path: string, body?: unknown, key = server.adminKey) {
  return Promise.resolve(
    server.app.request(path, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    }),
  );
}

describe("API key routes", () => {
  let server: TestApp | undefined;
  afterEach(async () => server?.close());

  it("issues a scoped key whose secret is shown once and works only within its scopes", async () => {
    server = await testApp();
    const response = await send(server, "POST", "/api/v1/keys", { name: "ci reader", scopes: ["runs:read"] });
    expect(response.status).toBe(201);
    const issued: Json = await response.json();
    const parsed = parseKey(issued.secret);
    expect(parsed?.environment).toBe("live");
    expect(issued.key).toMatchObject({
      name: "ci reader",
      role: "api",
      scopes: ["runs:read"],
      active: true,
      createdBy: expect.stringMatching(/^[0-9a-f]{16}$/),
      hint: `rh_live_${parsed?.lookupPrefix}…${parsed?.last4}`,
    });
    expect((await server.get("/api/v1/runs", issued.secret)).status).toBe(200);
    expect((await server.post("/api/v1/events", { events: runEvents() }, issued.secret)).status).toBe(403);
    expect((await server.get("/api/v1/keys", issued.secret)).status).toBe(403);

    // the listing never carries the secret or its hash, and shows the key to people by its hint
    const listing = await server.get("/api/v1/keys");
    const text = await listing.text();
    expect(text).not.toContain(issued.secret);
    expect(text).not.toContain(issued.secret.slice(8, 40));
    const items = JSON.parse(text).items;
    expect(items.map((key: Json) => key.name)).toEqual(["ci reader", "admin key"]);
    for (const key of items) expect(Object.keys(key)).not.toContain("keyHash");
  });

  it("refuses bad key requests with the field named, and issues nothing", async () => {
    server = await testApp();
    const cases: Array<[unknown, string]> = [
      [{ name: "no scopes" }, "scopes"],
      [{ name: "bad scope", scopes: ["runs:everything"] }, "scopes"],
      [{ name: "viewer with scopes", role: "viewer", scopes: ["runs:read"] }, "scopes"],
      [{ name: "", scopes: ["runs:read"] }, "name"],
      [{ name: "unknown role", role: "owner", scopes: ["runs:read"] }, "role"],
      [{ name: "extra", scopes: ["runs:read"], secret: "mine" }, "secret"],
      [{ name: "past", scopes: ["runs:read"], expiresAt: "2000-01-01T00:00:00Z" }, "expiresAt"],
    ];
    for (const [body, field] of cases) {
      const response = await send(server, "POST", "/api/v1/keys", body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      const problem: Json = await response.json();
      expect(problem.code).toBe("validation_error");
      expect(problem.detail, JSON.stringify(body)).toContain(field);
    }
    expect((await server.read("/api/v1/keys")).items).toHaveLength(1);
  });

  it("issues viewer and operator keys that hold their role's permissions", async () => {
    server = await testApp();
    const viewer: Json = await (await send(server, "POST", "/api/v1/keys", { name: "viewer", role: "viewer" })).json();
    expect(viewer.key).toMatchObject({ role: "viewer", scopes: [] });
    expect((await server.get("/api/v1/runs", viewer.secret)).status).toBe(200);
    expect((await server.post("/api/v1/events", { events: runEvents() }, viewer.secret)).status).toBe(403);
  });

  it("revokes a key at once, even one the server has just seen", async () => {
    server = await testApp();
    const issued: Json = await (await send(server, "POST", "/api/v1/keys", { name: "soon gone", scopes: ["runs:read"] })).json();
    expect((await server.get("/api/v1/runs", issued.secret)).status).toBe(200);
    const revoked = await send(server, "DELETE", `/api/v1/keys/${issued.key.id}`);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toMatchObject({ id: issued.key.id, active: false, revokedAt: expect.any(String) });
    expect((await server.get("/api/v1/runs", issued.secret)).status).toBe(401);
    // revoking again changes nothing; an unknown or malformed id is named
    expect((await send(server, "DELETE", `/api/v1/keys/${issued.key.id}`)).status).toBe(200);
    expect((await send(server, "DELETE", "/api/v1/keys/ffffffffffffffff")).status).toBe(404);
    const malformed = await send(server, "DELETE", "/api/v1/keys/not-an-id");
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as Json).detail).toContain("keyId");
  });

  it("rotates: both keys work during the grace period, then only the successor", async () => {
    const clocked = await clockedApp();
    server = clocked.server;
    const original: Json = await (
      await send(server, "POST", "/api/v1/keys", { name: "reporter", scopes: ["events:write", "runs:read"] })
    ).json();
    const rotation = await send(server, "POST", `/api/v1/keys/${original.key.id}/rotate`, { graceSeconds: 3600 });
    expect(rotation.status).toBe(201);
    const rotated: Json = await rotation.json();
    expect(rotated.secret).not.toBe(original.secret);
    expect(rotated.key).toMatchObject({
      name: "reporter",
      role: "api",
      scopes: ["events:write", "runs:read"],
      rotatedFrom: original.key.id,
      active: true,
    });
    expect(rotated.previous).toMatchObject({
      id: original.key.id,
      active: true,
      expiresAt: new Date(start + 3_600_000).toISOString(),
    });

    expect((await server.get("/api/v1/runs", original.secret)).status).toBe(200);
    expect((await server.get("/api/v1/runs", rotated.secret)).status).toBe(200);
    // one rotation at a time
    const again = await send(server, "POST", `/api/v1/keys/${original.key.id}/rotate`, {});
    expect(again.status).toBe(409);
    expect(((await again.json()) as Json).detail).toContain("successor");

    clocked.advance(3601);
    expect((await server.get("/api/v1/runs", original.secret)).status).toBe(401);
    expect((await server.get("/api/v1/runs", rotated.secret)).status).toBe(200);
    const listed = (await server.read("/api/v1/keys")).items;
    expect(listed.find((key: Json) => key.id === original.key.id)).toMatchObject({ active: false });
    // an expired key cannot be rotated again
    expect((await send(server, "POST", `/api/v1/keys/${original.key.id}/rotate`)).status).toBe(409);
  });

  it("rotates with a day of grace by default, or none with graceSeconds 0", async () => {
    const clocked = await clockedApp();
    server = clocked.server;
    const first: Json = await (await send(server, "POST", "/api/v1/keys", { name: "a", scopes: ["runs:read"] })).json();
    const byDefault: Json = await (await send(server, "POST", `/api/v1/keys/${first.key.id}/rotate`)).json();
    expect(byDefault.previous.expiresAt).toBe(new Date(start + 86_400_000).toISOString());

    const second: Json = await (await send(server, "POST", "/api/v1/keys", { name: "b", scopes: ["runs:read"] })).json();
    expect((await server.get("/api/v1/runs", second.secret)).status).toBe(200);
    const now: Json = await (await send(server, "POST", `/api/v1/keys/${second.key.id}/rotate`, { graceSeconds: 0 })).json();
    expect((await server.get("/api/v1/runs", second.secret)).status).toBe(401);
    expect((await server.get("/api/v1/runs", now.secret)).status).toBe(200);
    expect((await send(server, "POST", `/api/v1/keys/${second.key.id}/rotate`, { graceSeconds: -1 })).status).toBe(400);
    // a JSON content type with a body that is not JSON is the client's error, named as such
    const broken = await server.app.request(`/api/v1/keys/${second.key.id}/rotate`, {
      method: "POST",
      headers: { authorization: `Bearer ${server.adminKey}`, "content-type": "application/json" },
      body: "{grace",
    });
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ code: "invalid_json" });
  });

  it("keeps an expiring key's lifetime across a rotation, and refuses the key once it has expired", async () => {
    const clocked = await clockedApp();
    server = clocked.server;
    const expiresAt = new Date(start + 7 * 86_400_000).toISOString();
    const weekly: Json = await (
      await send(server, "POST", "/api/v1/keys", { name: "weekly", scopes: ["runs:read"], expiresAt })
    ).json();
    expect(weekly.key.expiresAt).toBe(expiresAt);
    clocked.advance(86_400);
    const next: Json = await (await send(server, "POST", `/api/v1/keys/${weekly.key.id}/rotate`, { graceSeconds: 60 })).json();
    expect(next.key.expiresAt).toBe(new Date(start + 8 * 86_400_000).toISOString());
    clocked.advance(8 * 86_400);
    expect((await server.get("/api/v1/runs", next.secret)).status).toBe(401);
  });

  it("refuses to rotate a revoked key", async () => {
    server = await testApp();
    const issued: Json = await (await send(server, "POST", "/api/v1/keys", { name: "x", scopes: ["runs:read"] })).json();
    await send(server, "DELETE", `/api/v1/keys/${issued.key.id}`);
    const refused = await send(server, "POST", `/api/v1/keys/${issued.key.id}/rotate`, {});
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: "conflict" });
  });
});
