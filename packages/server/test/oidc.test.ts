/**
 * Single sign-on end to end over real HTTP: a real OpenID Connect provider
 * (oidc-provider) and a real server on 127.0.0.1, a "browser" that follows
 * redirects by hand and keeps cookies, and the provider's sign-in answered by
 * posting to its interaction endpoint. What a user relies on: the same
 * session a password gives, the role the provider's groups map to, and no
 * session from anything forged, replayed, expired or meant for another issuer.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server.js";
import type { OidcProviderConfig } from "../src/services/oidc-config.js";
import type { Json } from "../src/test-support/test-app.js";
import { startProvider, type TestAccount, type TestProvider } from "./oidc-provider.js";

const CLIENT_ID = "rehearse";
const CLIENT_SECRET = "a client secret for the test provider";

const accounts: Record<string, TestAccount> = {
  ada: { email: "Ada@Example.com", email_verified: true, name: "Ada", tenant: "default", groups: ["staff", "rehearse-admins"] },
  otto: { email: "otto@example.com", email_verified: true, name: "Otto", tenant: "default", groups: ["staff", "rehearse-ops"] },
  grace: { email: "grace@example.com", name: "Grace", tenant: "default", groups: ["staff"] },
  ghost: { email: "ghost@example.com", email_verified: true, tenant: "no-such-tenant", groups: ["rehearse-admins"] },
  mallory: { email: "mallory@example.com", email_verified: false, tenant: "default", groups: ["rehearse-admins"] },
};

/** A port free now (the server must know its callback URL before it starts, and the provider registers it). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((listening) => probe.listen(0, "127.0.0.1", listening));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((closed) => probe.close(() => closed()));
  return port;
}

/** A browser: cookies by name (every server here is 127.0.0.1, and browsers do not split cookies by port), no automatic redirects. */
class Browser {
  readonly cookies = new Map<string, string>();

  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
    const response = await fetch(url, {
      ...init,
      redirect: "manual",
      headers: { ...(init.headers as Record<string, string>), ...(cookie ? { cookie } : {}) },
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(pair.indexOf("=") + 1));
    }
    return response;
  }
}

/** Where `response` redirects to, resolved against `from`. */
function location(response: Response, from: string): string {
  const target = response.headers.get("location");
  if (!target || response.status < 300 || response.status >= 400)
    throw new Error(`expected a redirect from ${from}, got ${response.status}: ${target ?? ""}`);
  return new URL(target, from).href;
}

interface Installation {
  server: RunningServer;
  provider: TestProvider;
  adminKey: string;
  /** The server's warnings and errors (JSON log lines), to tell refusals apart. */
  logs: Json[];
  close(): Promise<void>;
}

/** A provider and a server signing in through it; `config` adjusts the server's settings. */
async function install(
  options: {
    config?: (provider: TestProvider) => Partial<OidcProviderConfig>;
    provider?: { idTokenTtlSeconds?: number; tokenDelayMs?: number; issuer?: string };
  } = {},
): Promise<Installation> {
  const port = await freePort();
  const redirectUri = `http://127.0.0.1:${port}/api/v1/auth/sso/callback`;
  const provider = await startProvider({
    redirectUri,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    accounts,
    ...options.provider,
  });
  const dataDir = mkdtempSync(join(tmpdir(), "rehearse-oidc-"));
  const oidc: OidcProviderConfig = {
    issuer: provider.issuer,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUri,
    scopes: "openid email profile rehearse",
    tenantClaim: "tenant",
    roleClaim: "groups",
    roleMap: { "rehearse-admins": "admin", "rehearse-ops": "operator" },
    ...options.config?.(provider),
  };
  const logs: Json[] = [];
  const logger = pino({ level: "warn" }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const server = await startServer({ port, dataDir, logger, oidc });
  return {
    server,
    provider,
    adminKey: readFileSync(server.adminKeyFile as string, "utf8").trim(),
    logs,
    async close() {
      await server.close();
      await provider.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts a sign-in at the server and signs `account` in at the provider;
 * returns the callback URL the provider sent the browser to (not yet visited).
 */
async function authorize(browser: Browser, installation: Installation, account: string, returnTo = "/runs"): Promise<string> {
  const start = `${installation.server.url}/api/v1/auth/sso/login?returnTo=${encodeURIComponent(returnTo)}`;
  const started = await browser.fetch(start);
  expect(started.status).toBe(302);
  const authorization = new URL(location(started, start));
  expect(authorization.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorization.searchParams.get("code_challenge")).toMatch(/^[\w-]{43}$/);
  expect(authorization.searchParams.get("state")).toBeTruthy();
  expect(authorization.searchParams.get("nonce")).toBeTruthy();

  const interaction = location(await browser.fetch(authorization.href), authorization.href);
  const submitted = await browser.fetch(`${interaction}/login`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ account }).toString(),
  });
  const resume = location(submitted, interaction);
  const callback = location(await browser.fetch(resume), resume);
  expect(callback.startsWith(`${installation.server.url}/api/v1/auth/sso/callback?`)).toBe(true);
  return callback;
}

async function whoAmI(installation: Installation, browser: Browser): Promise<{ status: number; body: Json }> {
  const response = await browser.fetch(`${installation.server.url}/api/v1/auth/session`);
  return { status: response.status, body: await response.json() };
}

async function auditEntries(installation: Installation, action: string): Promise<Json[]> {
  const response = await fetch(`${installation.server.url}/api/v1/audit?limit=1000`, {
    headers: { authorization: `Bearer ${installation.adminKey}` },
  });
  const body: Json = await response.json();
  return body.items.filter((entry: Json) => entry.action === action);
}

/** Asserts a 401 refusal without a session, logged for `reason` (and `detail`, the library's word, when given). */
async function expectRefused(
  installation: Installation,
  response: Response,
  browser: Browser,
  reason: string,
  detail?: RegExp,
): Promise<Json> {
  expect(response.status).toBe(401);
  expect(response.headers.get("content-type")).toContain("application/problem+json");
  expect(browser.cookies.has("rehearse_session")).toBe(false);
  expect(browser.cookies.has("rehearse_sso")).toBe(false);
  const body: Json = await response.json();
  expect(body).toMatchObject({ code: "sso_failed", title: "Single sign-on failed" });
  const logged = installation.logs.filter((line) => line.msg === "SSO sign-in refused").at(-1);
  expect(logged).toMatchObject({ reason });
  if (detail) expect(logged.detail).toMatch(detail);
  // what the person is told never carries the library's detail or a token
  expect(JSON.stringify(body)).not.toMatch(/OAUTH_|eyJ|rhs_/);
  return body;
}

describe("single sign-on through an OIDC provider", () => {
  let installation: Installation;
  beforeAll(async () => {
    installation = await install();
  });
  afterAll(async () => installation?.close());

  it("signs a new user in with the session cookie a password gives, the mapped tenant and role, and audits it", async () => {
    expect(await (await fetch(`${installation.server.url}/api/v1/auth/methods`)).json()).toEqual({ password: true, sso: true });
    const browser = new Browser();
    const callback = await authorize(browser, installation, "ada");
    const stateCookie = browser.cookies.get("rehearse_sso");
    expect(stateCookie).toMatch(/^v1\./);

    const finished = await browser.fetch(callback);
    expect(finished.status).toBe(302);
    expect(finished.headers.get("location")).toBe("/runs");
    const cookies = finished.headers.getSetCookie();
    expect(cookies.find((line) => line.startsWith("rehearse_session="))).toMatch(
      /^rehearse_session=rhs_[\w-]{43}; .*HttpOnly; SameSite=Lax/,
    );
    expect(browser.cookies.has("rehearse_csrf")).toBe(true);
    expect(browser.cookies.has("rehearse_sso")).toBe(false);

    const { status, body } = await whoAmI(installation, browser);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      kind: "user",
      tenantId: "default",
      role: "admin",
      user: { email: "ada@example.com", name: "Ada" },
      tenants: [{ tenantId: "default", role: "admin" }],
    });

    const [entry] = await auditEntries(installation, "auth.sso_login");
    expect(entry).toMatchObject({
      actorType: "user",
      actorId: body.user.id,
      details: { role: "admin", subject: "ada", userCreated: true, issuer: installation.provider.issuer },
    });
    expect(JSON.stringify(entry)).not.toMatch(/eyJ|rhs_/);

    // the new user has no password: a password sign-in cannot succeed
    const user = await installation.server.services.users.byEmail("ada@example.com");
    expect(user?.passwordHash).toBeNull();
    const byPassword = await fetch(`${installation.server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "ada@example.com", password: "any password at all" }),
    });
    expect(byPassword.status).toBe(401);

    // the same code and state again: the provider has spent the code, so no second session
    const replay = new Browser();
    replay.cookies.set("rehearse_sso", stateCookie as string);
    await expectRefused(installation, await replay.fetch(callback), replay, "exchange_failed", /invalid_grant/);
  });

  it("maps the strongest matching group to the role, and the provider's role replaces the one held", async () => {
    const member = await installation.server.services.users.create({ email: "otto@example.com", name: "Otto" });
    await installation.server.services.users.grant("default", member.id, "viewer");
    const browser = new Browser();
    expect((await browser.fetch(await authorize(browser, installation, "otto"))).status).toBe(302);
    const { body } = await whoAmI(installation, browser);
    expect(body).toMatchObject({ id: member.id, role: "operator", user: { email: "otto@example.com" } });
    const entry = (await auditEntries(installation, "auth.sso_login")).find((candidate) => candidate.actorId === member.id);
    expect(entry.details).toMatchObject({ role: "operator", previousRole: "viewer" });
  });

  it("refuses a person whose groups map to no role, and audits the refusal in the tenant", async () => {
    const browser = new Browser();
    const response = await browser.fetch(await authorize(browser, installation, "grace"));
    const body = await expectRefused(installation, response, browser, "role_unmapped");
    expect(body.detail).toBe("this account has no role here");
    expect(await installation.server.services.users.byEmail("grace@example.com")).toBeUndefined();
    const [entry] = await auditEntries(installation, "auth.sso_failed");
    expect(entry).toMatchObject({ details: { reason: "role_unmapped", subject: "grace", email: "grace@example.com" } });
  });

  it("refuses a tenant that does not exist, and an email the provider says is not verified", async () => {
    const ghost = new Browser();
    await expectRefused(installation, await ghost.fetch(await authorize(ghost, installation, "ghost")), ghost, "tenant_unknown");
    const mallory = new Browser();
    const response = await mallory.fetch(await authorize(mallory, installation, "mallory"));
    const body = await expectRefused(installation, response, mallory, "email_unverified");
    expect(body.detail).toContain("not verified");
    expect(await installation.server.services.users.byEmail("mallory@example.com")).toBeUndefined();
  });

  it("refuses a changed or missing state cookie", async () => {
    const browser = new Browser();
    const callback = await authorize(browser, installation, "ada");
    const sealed = browser.cookies.get("rehearse_sso") as string;
    const flipped = sealed.slice(0, -6) + (sealed.at(-6) === "A" ? "B" : "A") + sealed.slice(-5);
    browser.cookies.set("rehearse_sso", flipped);
    await expectRefused(installation, await browser.fetch(callback), browser, "state_invalid");

    const elsewhere = new Browser();
    const body = await expectRefused(installation, await elsewhere.fetch(callback), elsewhere, "state_missing");
    expect(body.detail).toContain("start again");
    expect(await installation.server.services.users.byEmail("ada@example.com")).toBeDefined();
  });

  it("refuses a callback from someone else's attempt in this browser (login CSRF)", async () => {
    const attacker = new Browser();
    const planted = await authorize(attacker, installation, "otto");
    const victim = new Browser();
    await authorize(victim, installation, "ada");
    // the victim's own attempt is under way; the attacker's callback link carries another state
    await expectRefused(installation, await victim.fetch(planted), victim, "exchange_failed", /state/);
  });

  it("refuses an authorization response that names another issuer (a mix-up)", async () => {
    const browser = new Browser();
    const callback = new URL(await authorize(browser, installation, "ada"));
    expect(callback.searchParams.get("iss")).toBe(installation.provider.issuer);
    callback.searchParams.set("iss", "https://evil.example");
    await expectRefused(installation, await browser.fetch(callback.href), browser, "exchange_failed", /"iss"/);
  });

  it("refuses a provider error, such as a cancelled sign-in", async () => {
    const browser = new Browser();
    const start = `${installation.server.url}/api/v1/auth/sso/login`;
    const authorization = new URL(location(await browser.fetch(start), start));
    const state = authorization.searchParams.get("state") as string;
    const cancelled = `${installation.server.url}/api/v1/auth/sso/callback?error=access_denied&state=${state}&iss=${encodeURIComponent(installation.provider.issuer)}`;
    const body = await expectRefused(installation, await browser.fetch(cancelled), browser, "provider_error", /access_denied/);
    expect(body.detail).toBe("the identity provider did not sign you in");
  });

  it.each(["//evil.example/x", "https://evil.example/", "/\\evil.example", "runs"])("refuses returnTo=%s", async (returnTo) => {
    const browser = new Browser();
    const response = await browser.fetch(
      `${installation.server.url}/api/v1/auth/sso/login?returnTo=${encodeURIComponent(returnTo)}`,
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "validation_error", field: "returnTo" });
    expect(browser.cookies.has("rehearse_sso")).toBe(false);
  });
});

describe("single sign-on refusals that need their own provider", () => {
  it("refuses an ID token that expired on its way (a 1 s token, held 1.1 s, no clock tolerance)", async () => {
    const installation = await install({
      provider: { idTokenTtlSeconds: 1, tokenDelayMs: 1100 },
      config: () => ({ clockToleranceSeconds: 0 }),
    });
    try {
      const browser = new Browser();
      const response = await browser.fetch(await authorize(browser, installation, "ada"));
      await expectRefused(installation, response, browser, "exchange_failed", /JWT_TIMESTAMP_CHECK/);
      expect(await installation.server.services.users.byEmail("ada@example.com")).toBeUndefined();
    } finally {
      await installation.close();
    }
  });

  it("refuses to start when the configured issuer is not the one the provider names", async () => {
    // the provider says it is http://localhost:<port>; the server is told http://127.0.0.1:<port>
    const installation = await install({
      provider: { issuer: "http://localhost:{port}" },
      config: (provider) => ({ issuer: provider.url }),
    });
    try {
      const browser = new Browser();
      const response = await browser.fetch(`${installation.server.url}/api/v1/auth/sso/login`);
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: "unavailable" });
      expect(browser.cookies.size).toBe(0);
      expect(installation.logs.at(-1)).toMatchObject({
        msg: "SSO provider unavailable",
        detail: expect.stringMatching(/issuer/),
      });
      const callback = `${installation.server.url}/api/v1/auth/sso/callback?code=x&state=y`;
      await expectRefused(installation, await browser.fetch(callback), browser, "state_missing");
    } finally {
      await installation.close();
    }
  });

  it("answers 404 on both routes when no provider is configured, and says so to the sign-in page", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "rehearse-oidc-"));
    const server = await startServer({ port: 0, dataDir, logger: pino({ level: "silent" }), environment: {} });
    try {
      expect(await (await fetch(`${server.url}/api/v1/auth/methods`)).json()).toEqual({ password: true, sso: false });
      for (const path of ["/api/v1/auth/sso/login?returnTo=/runs", "/api/v1/auth/sso/callback?code=x&state=y"]) {
        const response = await fetch(`${server.url}${path}`, { redirect: "manual" });
        expect(response.status, path).toBe(404);
        expect(await response.json()).toMatchObject({ code: "not_found", detail: "SSO is not configured" });
      }
    } finally {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
