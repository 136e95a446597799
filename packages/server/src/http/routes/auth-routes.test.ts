import { afterEach, describe, expect, it } from "vitest";
import type { MemberRole } from "../../services/users.js";
import { browse, cookieHeader, login } from "../../test-support/browser.js";
import { runEvents } from "../../test-support/events.js";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";

const PASSWORD = "correct horse battery staple";
const start = Date.parse("2026-12-01T09:00:00Z");

async function setUp(options: { now?: () => number } = {}) {
  const server = await testApp("pglite", options);
  const user = await server.services.users.create({ email: "Ada@Example.com", name: "Ada", password: PASSWORD });
  await server.services.users.grant("default", user.id, "admin");
  return { server, user };
}

describe("signing in with a password", () => {
  let server: TestApp | undefined;
  afterEach(async () => server?.close());

  it("sets an HttpOnly, SameSite=Lax session cookie and a CSRF cookie, and the session acts with the member's role", async () => {
    const setup = await setUp();
    server = setup.server;
    const { response, browser, body } = await login(server, { email: "ada@example.com", password: PASSWORD });
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ user: { email: "ada@example.com", name: "Ada" }, tenantId: "default", role: "admin" });
    const [session, csrf] = response.headers.getSetCookie();
    expect(session).toMatch(/^rehearse_session=rhs_[\w-]{43}; Path=\/; Expires=.+; HttpOnly; SameSite=Lax$/);
    expect(session).not.toContain("Secure");
    expect(csrf).toMatch(/^rehearse_csrf=[\w-]{43}; Path=\/; Expires=.+; SameSite=Lax$/);
    expect(body.csrfToken).toBe(browser.cookies.get("rehearse_csrf"));

    const who: Json = await (await browse(server, browser, "GET", "/api/v1/auth/session")).json();
    expect(who).toMatchObject({ kind: "user", id: setup.user.id, tenantId: "default", role: "admin", user: { name: "Ada" } });
    expect(who.tenants).toEqual([{ tenantId: "default", role: "admin" }]);
    // what the dashboard shows controls for: an admin's permissions, not the installation's
    expect(who.permissions).toEqual(expect.arrayContaining(["runs:read", "transcripts:raw", "runs:delete", "members:manage"]));
    expect(who.permissions).not.toContain("instance:admin");
    expect((await browse(server, browser, "GET", "/api/v1/runs")).status).toBe(200);
    // an admin member holds every permission, sending events included
    expect((await browse(server, browser, "POST", "/api/v1/events", { events: runEvents() })).status).toBe(200);
  });

  it("marks the cookies Secure over HTTPS", async () => {
    server = (await setUp()).server;
    const { response } = await login(
      server,
      { email: "ada@example.com", password: PASSWORD },
      { url: "https://rehearse.example.com/api/v1/auth/login" },
    );
    for (const cookie of response.headers.getSetCookie()) expect(cookie).toContain("; Secure");
  });

  it("refuses a change without the CSRF token, and makes it with the token", async () => {
    server = (await setUp()).server;
    const { browser } = await login(server, { email: "ada@example.com", password: PASSWORD });
    const forged = await browse(
      server,
      browser,
      "POST",
      "/api/v1/keys",
      { name: "from a forged form", scopes: ["runs:read"] },
      false,
    );
    expect(forged.status).toBe(403);
    expect(await forged.json()).toMatchObject({ code: "csrf_failed" });
    const wrong = await server.app.request("/api/v1/keys", {
      method: "POST",
      headers: { cookie: cookieHeader(browser), "x-csrf-token": "A".repeat(43), "content-type": "application/json" },
      body: JSON.stringify({ name: "x", scopes: ["runs:read"] }),
    });
    expect(wrong.status).toBe(403);
    const made = await browse(server, browser, "POST", "/api/v1/keys", { name: "made in the dashboard", scopes: ["runs:read"] });
    expect(made.status).toBe(201);
    expect(((await made.json()) as Json).key.createdBy).toMatch(/^user:[0-9a-f]{16}$/);
    // reads need no token
    expect((await browse(server, browser, "GET", "/api/v1/keys", undefined, false)).status).toBe(200);
  });

  it("answers a wrong password and an unknown email alike, and audits the failure of a known account", async () => {
    server = (await setUp()).server;
    const wrong = await login(server, { email: "ada@example.com", password: "not the password" });
    const unknown = await login(server, { email: "nobody@example.com", password: "not the password" });
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(wrong.body.detail).toBe(unknown.body.detail);
    expect(wrong.response.headers.getSetCookie()).toEqual([]);
    const trail = await server.read("/api/v1/audit");
    expect(trail.items.at(-1)).toMatchObject({
      action: "login.failed",
      actorType: "user",
      details: { reason: "invalid", address: "192.0.2.1" },
    });
  });

  it("locks the account after 10 failures for 15 minutes, even against the right password", async () => {
    let now = start;
    const setup = await setUp({ now: () => now });
    server = setup.server;
    for (let attempt = 0; attempt < 10; attempt++)
      await login(server, { email: "ada@example.com", password: `guess ${attempt}` }, { address: `198.51.100.${attempt}` });
    const locked = await login(server, { email: "ada@example.com", password: PASSWORD }, { address: "203.0.113.7" });
    expect(locked.response.status).toBe(401);
    now += 14 * 60_000;
    expect(
      (await login(server, { email: "ada@example.com", password: PASSWORD }, { address: "203.0.113.7" })).response.status,
    ).toBe(401);
    now += 2 * 60_000;
    expect(
      (await login(server, { email: "ada@example.com", password: PASSWORD }, { address: "203.0.113.7" })).response.status,
    ).toBe(200);
  });

  it("blocks an address after 10 000 failed sign-ins with 429 while others still sign in", async () => {
    server = (await setUp()).server;
    const statuses = new Map<number, number>();
    for (let attempt = 0; attempt < 10_000; attempt++) {
      const response = await server.app.request("/api/v1/auth/login", {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "198.51.100.99" },
        body: JSON.stringify({ email: `user${attempt % 50}@example.com`, password: "hunter2 hunter2" }),
      });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (attempt === 9_999) {
        expect(response.status).toBe(429);
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      }
    }
    // 20 failures are counted; the 21st and every later attempt is refused before any password check
    expect(statuses.get(401)).toBe(20);
    expect(statuses.get(429)).toBe(9_980);
    const elsewhere = await login(server, { email: "ada@example.com", password: PASSWORD }, { address: "203.0.113.8" });
    expect(elsewhere.response.status).toBe(200);
    const blocked = await login(server, { email: "ada@example.com", password: PASSWORD }, { address: "198.51.100.99" });
    expect(blocked.response.status).toBe(429);
  });

  it("signs into the tenant asked for, and refuses one the user is not a member of", async () => {
    const setup = await setUp();
    server = setup.server;
    await server.services.users.grant("other", setup.user.id, "viewer");
    const other = await login(server, { email: "ada@example.com", password: PASSWORD, tenant: "other" });
    expect(other.body).toMatchObject({ tenantId: "other", role: "viewer" });
    expect((await browse(server, other.browser, "GET", "/api/v1/keys")).status).toBe(403);
    const viewer: Json = await (await browse(server, other.browser, "GET", "/api/v1/auth/session")).json();
    expect(viewer.permissions).toContain("runs:read");
    expect(viewer.permissions).not.toContain("transcripts:raw");
    expect(viewer.permissions).not.toContain("keys:manage");
    const outsider = await server.services.users.create({ email: "eve@example.com", name: "Eve", password: PASSWORD });
    expect((await login(server, { email: outsider.email, password: PASSWORD })).response.status).toBe(403);
  });

  it("applies a changed role within 2 seconds", async () => {
    let now = start;
    const setup = await setUp({ now: () => now });
    server = setup.server;
    const { browser } = await login(server, { email: "ada@example.com", password: PASSWORD });
    expect((await browse(server, browser, "GET", "/api/v1/keys")).status).toBe(200);
    await server.services.users.grant("default", setup.user.id, "viewer" satisfies MemberRole);
    now += 2_001;
    expect((await browse(server, browser, "GET", "/api/v1/keys")).status).toBe(403);
    expect((await browse(server, browser, "GET", "/api/v1/runs")).status).toBe(200);
  });

  it("logs out: this session ends and its cookies are cleared; logout-all ends the others", async () => {
    server = (await setUp()).server;
    const laptop = await login(server, { email: "ada@example.com", password: PASSWORD });
    const phone = await login(server, { email: "ada@example.com", password: PASSWORD });
    const tablet = await login(server, { email: "ada@example.com", password: PASSWORD });
    const out = await browse(server, laptop.browser, "POST", "/api/v1/auth/logout");
    expect(out.status).toBe(200);
    expect(out.headers.getSetCookie().join("\n")).toMatch(/rehearse_session=; Max-Age=0/);
    expect((await browse(server, laptop.browser, "GET", "/api/v1/runs")).status).toBe(401);
    expect((await browse(server, phone.browser, "GET", "/api/v1/runs")).status).toBe(200);
    const all: Json = await (await browse(server, phone.browser, "POST", "/api/v1/auth/logout-all")).json();
    expect(all.sessionsEnded).toBe(2);
    expect((await browse(server, tablet.browser, "GET", "/api/v1/runs")).status).toBe(401);
    const trail = await server.read("/api/v1/audit");
    expect(trail.items.map((entry: Json) => entry.action).slice(-2)).toEqual(["logout", "logout.everywhere"]);
    // an API key has no session to end
    expect((await server.post("/api/v1/auth/logout", {})).status).toBe(400);
  });

  it("changes the password with the current one, ending the user's other sessions", async () => {
    server = (await setUp()).server;
    const here = await login(server, { email: "ada@example.com", password: PASSWORD });
    const there = await login(server, { email: "ada@example.com", password: PASSWORD });
    const wrong = await browse(server, here.browser, "POST", "/api/v1/auth/password", {
      currentPassword: "nope",
      newPassword: "a brand new passphrase",
    });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toMatchObject({ field: "currentPassword" });
    const short = await browse(server, here.browser, "POST", "/api/v1/auth/password", {
      currentPassword: PASSWORD,
      newPassword: "short",
    });
    expect(short.status).toBe(400);
    const changed = await browse(server, here.browser, "POST", "/api/v1/auth/password", {
      currentPassword: PASSWORD,
      newPassword: "a brand new passphrase",
    });
    expect(changed.status).toBe(200);
    expect((await browse(server, here.browser, "GET", "/api/v1/runs")).status).toBe(200);
    expect((await browse(server, there.browser, "GET", "/api/v1/runs")).status).toBe(401);
    expect((await login(server, { email: "ada@example.com", password: PASSWORD })).response.status).toBe(401);
    expect((await login(server, { email: "ada@example.com", password: "a brand new passphrase" })).response.status).toBe(200);
  });

  it("ends a session after 12 hours without use and 7 days after sign-in", async () => {
    let now = start;
    server = (await setUp({ now: () => now })).server;
    const idle = await login(server, { email: "ada@example.com", password: PASSWORD });
    now += 12 * 3_600_000 + 1_000;
    expect((await browse(server, idle.browser, "GET", "/api/v1/runs")).status).toBe(401);

    const busy = await login(server, { email: "ada@example.com", password: PASSWORD });
    for (let hour = 0; hour < 7 * 24; hour += 6) {
      now += 6 * 3_600_000;
      const status = (await browse(server, busy.browser, "GET", "/api/v1/runs")).status;
      if (hour + 6 < 7 * 24) expect(status, `after ${hour + 6} h`).toBe(200);
      else expect(status, "after 7 days").toBe(401);
    }
  });

  it("refuses bad sign-in bodies by field", async () => {
    server = (await setUp()).server;
    for (const [body, field] of [
      [{ email: "ada@example.com" }, "password"],
      [{ password: PASSWORD }, "email"],
      [{ email: "ada@example.com", password: "x".repeat(2000) }, "password"],
      [{ email: "ada@example.com", password: PASSWORD, remember: true }, "remember"],
    ] as const) {
      const { response, body: problem } = await login(server, body);
      expect(response.status).toBe(400);
      expect(problem.detail).toContain(field);
    }
  });
});
