/**
 * The RBAC test, generated from the same table the middleware reads: every
 * route in `routePermissions` × every kind of caller (no credential, the
 * three roles as keys and as signed-in members with a session cookie and
 * CSRF token, API keys with each scope) → 401, 403 or allowed, as
 * `permissionMatrix` says; then another tenant's ids → 404 on every route
 * that takes an id. A route added without a sample request here fails this
 * test; a route added without a table entry fails `createApp`.
 */
import { randomUUID } from "node:crypto";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { holds, type KeyScope, keyScopes, type Role } from "../services/permissions.js";
import { runEvents } from "../test-support/events.js";
import { type TestApp, testApp } from "../test-support/test-app.js";
import { createApp } from "./app.js";
import type { AppEnv } from "./app-env.js";
import { type RoutePermission, routePermissions, uncoveredRoutes } from "./route-permissions.js";

interface Caller {
  label: string;
  role: Role;
  scopes: KeyScope[];
  key: string | undefined;
  /** A signed-in member's session cookie and CSRF token instead of a key. */
  session?: { token: string; csrf: string };
}

interface Sample {
  path: string;
  body?: unknown;
}

const RUN = "rbac-run";
const OTHER_RUN = "rbac-run-2";
const MISSING_KEY = "0000000000000000";

/** A concrete request for every route; ids are the default tenant's seeded data. */
function samples(): Record<string, (caller: Caller) => Sample> {
  const scenarioEvent = () => {
    const [started] = runEvents({ runId: `compat-${randomUUID()}` });
    return started;
  };
  return {
    "GET /health": () => ({ path: "/health" }),
    "GET /ready": () => ({ path: "/ready" }),
    "GET /metrics": () => ({ path: "/metrics" }),
    "GET /metrics/prometheus": () => ({ path: "/metrics/prometheus" }),
    "GET /openapi.json": () => ({ path: "/openapi.json" }),
    "POST /api/v1/events": () => ({ path: "/api/v1/events", body: { events: runEvents({ runId: `write-${randomUUID()}` }) } }),
    "POST /api/scenario-events": () => ({ path: "/api/scenario-events", body: scenarioEvent() }),
    // an empty OTLP JSON request: accepted (200) with nothing to store
    "POST /api/otel/v1/traces": () => ({ path: "/api/otel/v1/traces", body: { resourceSpans: [] } }),
    "GET /api/v1/sets": () => ({ path: "/api/v1/sets" }),
    "GET /api/v1/sets/:setId": () => ({ path: "/api/v1/sets/default" }),
    "GET /api/v1/sets/:setId/criteria-matrix": () => ({ path: "/api/v1/sets/default/criteria-matrix" }),
    "GET /api/v1/sets/:setId/flakiness": () => ({ path: "/api/v1/sets/default/flakiness" }),
    "GET /api/v1/sets/:setId/series": () => ({ path: "/api/v1/sets/default/series" }),
    "GET /api/v1/analytics/anomalies/latency": () => ({ path: "/api/v1/analytics/anomalies/latency?setId=default" }),
    "GET /api/v1/analytics/anomalies/series": () => ({ path: "/api/v1/analytics/anomalies/series?setId=default" }),
    "GET /analytics/anomalies/latency": () => ({ path: "/analytics/anomalies/latency?setId=default" }),
    "GET /analytics/anomalies/series": () => ({ path: "/analytics/anomalies/series?setId=default" }),
    "GET /api/v1/batches": () => ({ path: "/api/v1/batches" }),
    "GET /api/v1/batches/:batchId": () => ({ path: "/api/v1/batches/batch-1" }),
    "GET /api/v1/runs": () => ({ path: "/api/v1/runs" }),
    "GET /api/v1/runs/:runId": () => ({ path: `/api/v1/runs/${RUN}` }),
    "GET /api/v1/runs/:runId/messages": () => ({ path: `/api/v1/runs/${RUN}/messages` }),
    "GET /api/v1/runs/:runId/events": () => ({ path: `/api/v1/runs/${RUN}/events` }),
    "GET /api/v1/runs/:runId/trace": () => ({ path: `/api/v1/runs/${RUN}/trace` }),
    "GET /api/v1/scenarios/:scenarioId/runs": () => ({ path: "/api/v1/scenarios/refund/runs" }),
    "GET /api/v1/diff/runs": () => ({ path: `/api/v1/diff/runs?base=${RUN}&head=${OTHER_RUN}` }),
    "GET /runs/:runId/diff/:otherId": () => ({ path: `/runs/${RUN}/diff/${OTHER_RUN}` }),
    "GET /api/v1/diff/batches": () => ({ path: "/api/v1/diff/batches?base=batch-1&head=batch-1" }),
    "GET /api/v1/stream": () => ({ path: "/api/v1/stream?topics=tenant" }),
    "POST /api/v1/runs/:runId/replay": () => ({ path: `/api/v1/runs/${RUN}/replay`, body: { mode: "playback", speed: 0 } }),
    "GET /api/v1/keys": () => ({ path: "/api/v1/keys" }),
    "POST /api/v1/keys": (caller) => ({
      path: "/api/v1/keys",
      body: { name: `made by ${caller.label}`, role: "api", scopes: ["runs:read"] },
    }),
    "DELETE /api/v1/keys/:keyId": () => ({ path: `/api/v1/keys/${MISSING_KEY}` }),
    "POST /api/v1/keys/:keyId/rotate": () => ({ path: `/api/v1/keys/${MISSING_KEY}/rotate`, body: {} }),
    "GET /api/v1/notifications/channels": () => ({ path: "/api/v1/notifications/channels" }),
    // refused by validation (400): no channel is made, no host resolved
    "POST /api/v1/notifications/channels": () => ({ path: "/api/v1/notifications/channels", body: {} }),
    "DELETE /api/v1/notifications/channels/:channelId": () => ({ path: `/api/v1/notifications/channels/ch_${MISSING_KEY}` }),
    "POST /api/v1/notifications/channels/:channelId/test": () => ({
      path: `/api/v1/notifications/channels/ch_${MISSING_KEY}/test`,
      body: { waitSeconds: 0 },
    }),
    "GET /api/v1/notifications/deliveries": () => ({ path: "/api/v1/notifications/deliveries" }),
    // no Slack channel here: 409 for whoever may send
    "POST /collab/slack/notify": () => ({ path: "/collab/slack/notify", body: { text: "hello" } }),
    "POST /api/v1/guard/evaluate": () => ({
      path: "/api/v1/guard/evaluate",
      body: { target: { batchId: "batch-1" }, policy: { minSampleSize: 1, passRate: 0.1 } },
    }),
    "POST /release/guard": () => ({
      path: "/release/guard",
      body: { target: { setId: "default" }, policy: { maxErrorShare: 1 } },
    }),
    "GET /api/v1/guard/policies": () => ({ path: "/api/v1/guard/policies" }),
    "GET /api/v1/guard/policies/:name": () => ({ path: "/api/v1/guard/policies/rbac" }),
    "PUT /api/v1/guard/policies/:name": () => ({ path: "/api/v1/guard/policies/rbac", body: { passRate: 0.9 } }),
    "GET /api/v1/guard/evaluations": () => ({ path: "/api/v1/guard/evaluations?limit=5" }),
    "GET /api/v1/guard/evaluations/:evaluationId": () => ({ path: "/api/v1/guard/evaluations/rbac-missing" }),
    // a sample too small to decide (409 guard_inconclusive): the handler runs, nothing is promoted
    "POST /api/v1/promotions": () => ({
      path: "/api/v1/promotions",
      body: { batchId: "batch-1", environment: "rbac", policy: { minSampleSize: 100, maxErrorShare: 1 } },
    }),
    "GET /api/v1/promotions": () => ({ path: "/api/v1/promotions?environment=rbac" }),
    // launching: refused by validation (400), or 409 not_controllable for the seeded SDK runs
    "POST /api/v1/suites": () => ({ path: "/api/v1/suites", body: {} }),
    "POST /api/v1/graphs": () => ({ path: "/api/v1/graphs", body: {} }),
    "POST /graphs/upload": () => ({ path: "/graphs/upload", body: {} }),
    "GET /api/v1/graphs": () => ({ path: "/api/v1/graphs" }),
    "GET /api/v1/graphs/:graphId": () => ({ path: "/api/v1/graphs/rbac-missing" }),
    "GET /api/v1/graphs/:graphId/versions/:version": () => ({ path: "/api/v1/graphs/rbac-missing/versions/sha256:00" }),
    "POST /api/v1/runs/:graphId/execute": () => ({ path: "/api/v1/runs/rbac-missing/execute", body: { script: ["hi"] } }),
    "POST /api/v1/runs/:graphId/execute/async": () => ({
      path: "/api/v1/runs/rbac-missing/execute/async",
      body: { script: ["hi"] },
    }),
    "POST /runs/:graphId/execute": () => ({ path: "/runs/rbac-missing/execute", body: { script: ["hi"] } }),
    "POST /runs/:graphId/execute/async": () => ({ path: "/runs/rbac-missing/execute/async", body: { script: ["hi"] } }),
    "GET /runs/stream/:runId": () => ({ path: "/runs/stream/rbac-run" }),
    "GET /api/v1/runs/:runId/stream/ws": () => ({ path: "/api/v1/runs/rbac-run/stream/ws" }),
    "GET /api/v1/runs/:runId/graph": () => ({ path: `/api/v1/runs/${RUN}/graph` }),
    "GET /api/v1/calibration/queue": () => ({ path: "/api/v1/calibration/queue" }),
    "PUT /api/v1/runs/:runId/labels": () => ({
      path: `/api/v1/runs/${RUN}/labels`,
      body: { labels: { "asks for the order number": { verdict: "met" } } },
    }),
    "GET /api/v1/calibration/agreement": () => ({ path: "/api/v1/calibration/agreement" }),
    // an empty body is refused (400) before the model is looked for: no 503 from a server without a calibration model
    "POST /api/v1/calibration/evaluate": () => ({ path: "/api/v1/calibration/evaluate", body: {} }),
    // an empty body is refused (400) before the model is looked for: no 503 from a server without a builder model
    "POST /graphs/builder/generate": () => ({ path: "/graphs/builder/generate", body: {} }),
    "POST /api/v1/graphs/builder/generate": () => ({ path: "/api/v1/graphs/builder/generate", body: {} }),
    "GET /api/v1/suites": () => ({ path: "/api/v1/suites" }),
    "GET /api/v1/suites/:name": () => ({ path: "/api/v1/suites/rbac-missing" }),
    "POST /api/v1/batches": () => ({ path: "/api/v1/batches", body: { suite: "rbac-missing" } }),
    "POST /api/v1/batches/:batchId/controls": () => ({ path: "/api/v1/batches/batch-1/controls", body: { action: "pause" } }),
    "POST /api/v1/runs/:runId/controls": () => ({ path: `/api/v1/runs/${RUN}/controls`, body: { action: "stop" } }),
    "POST /user-testing/runs/:runId/control": () => ({ path: `/user-testing/runs/${RUN}/control`, body: { action: "stop" } }),
    "POST /api/v1/runs/:runId/rerun": () => ({ path: `/api/v1/runs/${RUN}/rerun`, body: {} }),
    "GET /api/v1/runs/:runId/attempts": () => ({ path: `/api/v1/runs/${RUN}/attempts` }),
    "GET /user-testing/runs/history": () => ({ path: "/user-testing/runs/history" }),
    "GET /user-testing/runs/:runId/timeline": () => ({ path: `/user-testing/runs/${RUN}/timeline` }),
    "GET /user-testing/runs/:runId/assertions": () => ({ path: `/user-testing/runs/${RUN}/assertions` }),
    "GET /user-testing/runs/:runId/compliance": () => ({ path: `/user-testing/runs/${RUN}/compliance` }),
    "GET /api/v1/workers": () => ({ path: "/api/v1/workers" }),
    // only the worker token opens these (launch-routes.test.ts): every key and session is refused
    "POST /api/v1/worker/claims": () => ({ path: "/api/v1/worker/claims", body: {} }),
    "POST /api/v1/worker/suite-files": () => ({ path: "/api/v1/worker/suite-files", body: {} }),
    "POST /api/v1/worker/poll": () => ({ path: "/api/v1/worker/poll", body: {} }),
    "POST /api/v1/worker/attempts": () => ({ path: "/api/v1/worker/attempts", body: {} }),
    "POST /api/v1/worker/attempts/progress": () => ({ path: "/api/v1/worker/attempts/progress", body: {} }),
    "POST /api/v1/worker/cassettes": () => ({ path: "/api/v1/worker/cassettes", body: {} }),
    "POST /api/v1/worker/cassettes/read": () => ({ path: "/api/v1/worker/cassettes/read", body: {} }),
    "GET /api/v1/policy": () => ({ path: "/api/v1/policy" }),
    // a change refused by validation (400) reaches the handler without changing anything
    "PATCH /api/v1/policy": () => ({ path: "/api/v1/policy", body: { retentionDays: 0 } }),
    "POST /api/v1/retention/sweep": () => ({ path: "/api/v1/retention/sweep" }),
    // a run that does not exist: the runs the other samples read stay
    "DELETE /api/v1/runs/:runId": () => ({ path: "/api/v1/runs/rbac-missing" }),
    "GET /api/v1/tenants": () => ({ path: "/api/v1/tenants" }),
    "POST /api/v1/tenants": () => ({ path: "/api/v1/tenants", body: {} }),
    "PUT /api/v1/tenants/:tenantId/members": () => ({ path: "/api/v1/tenants/other/members", body: {} }),
    "GET /api/v1/members": () => ({ path: "/api/v1/members" }),
    "PUT /api/v1/members": () => ({ path: "/api/v1/members", body: {} }),
    "DELETE /api/v1/members/:userId": () => ({ path: `/api/v1/members/${MISSING_KEY}` }),
    "GET /api/v1/audit": () => ({ path: "/api/v1/audit?limit=5" }),
    "GET /api/v1/audit/verify": () => ({ path: "/api/v1/audit/verify" }),
    // an empty body reaches the handler (400) without a sign-in attempt
    "POST /api/v1/auth/login": () => ({ path: "/api/v1/auth/login", body: {} }),
    "GET /api/v1/auth/session": () => ({ path: "/api/v1/auth/session" }),
    "POST /api/v1/auth/logout": () => ({ path: "/api/v1/auth/logout" }),
    "POST /api/v1/auth/logout-all": () => ({ path: "/api/v1/auth/logout-all" }),
    "POST /api/v1/auth/password": () => ({ path: "/api/v1/auth/password", body: {} }),
    "GET /api/v1/auth/methods": () => ({ path: "/api/v1/auth/methods" }),
    // no provider is configured here: both answer 404 to everyone (test/oidc.test.ts drives them)
    "GET /api/v1/auth/sso/login": () => ({ path: "/api/v1/auth/sso/login" }),
    "GET /api/v1/auth/sso/callback": () => ({ path: "/api/v1/auth/sso/callback" }),
    // no dashboard is built here: a missing file (404) and the page saying how to build it (200)
    "GET /assets/*": () => ({ path: "/assets/app.js" }),
    "GET /*": () => ({ path: "/" }),
  };
}

const PASSWORD = "a long enough password";

/** A new session of the member `<role>@example.com`. */
async function signIn(server: TestApp, role: Role): Promise<{ token: string; csrf: string }> {
  const signedIn = await server.services.logins.login(`${role}@example.com`, PASSWORD, "192.0.2.10");
  if (!signedIn.ok) throw new Error(`the ${role} could not sign in: ${signedIn.reason}`);
  return { token: signedIn.token, csrf: signedIn.csrfToken };
}

async function call(server: TestApp, route: RoutePermission, sample: Sample, caller: Caller): Promise<number> {
  const headers: Record<string, string> = caller.key ? { authorization: `Bearer ${caller.key}` } : {};
  if (caller.session) {
    headers.cookie = `rehearse_session=${caller.session.token}`;
    headers["x-csrf-token"] = caller.session.csrf;
  }
  if (sample.body !== undefined) headers["content-type"] = "application/json";
  const response = await server.app.request(sample.path, {
    method: route.method,
    headers,
    ...(sample.body !== undefined ? { body: JSON.stringify(sample.body) } : {}),
  });
  // the event stream never ends by itself
  await response.body?.cancel();
  return response.status;
}

describe("the route permission table", () => {
  let server: TestApp;
  const callers: Caller[] = [];

  beforeAll(async () => {
    server = await testApp();
    await server.send([...runEvents({ runId: RUN }), ...runEvents({ runId: OTHER_RUN, outcome: "fail" })]);
    const issue = async (label: string, role: Role, scopes: KeyScope[]) => {
      const issued = await server.services.keys.issue("default", { name: label, role, scopes });
      callers.push({ label, role, scopes, key: issued.secret });
    };
    callers.push({ label: "no key", role: "api", scopes: [], key: undefined });
    callers.push({ label: "admin", role: "admin", scopes: [], key: server.adminKey });
    await issue("operator", "operator", []);
    await issue("viewer", "viewer", []);
    for (const scope of keyScopes) await issue(`api key with ${scope}`, "api", [scope]);
    await issue("api key with every scope", "api", [...keyScopes]);
    for (const role of ["admin", "operator", "viewer"] as const) {
      const user = await server.services.users.create({
        email: `${role}@example.com`,
        name: role,
        password: "a long enough password",
      });
      await server.services.users.grant("default", user.id, role);
      const signedIn = await server.services.logins.login(`${role}@example.com`, "a long enough password", "192.0.2.10");
      if (!signedIn.ok) throw new Error(`the ${role} could not sign in`);
      callers.push({
        label: `signed-in ${role}`,
        role,
        scopes: [],
        key: undefined,
        session: { token: signedIn.token, csrf: signedIn.csrfToken },
      });
    }
  });
  afterAll(async () => server.close());

  it("has a sample request for every route, so the matrix below covers every route", () => {
    const missing = routePermissions.map((route) => `${route.method} ${route.path}`).filter((route) => !(route in samples()));
    expect(missing).toEqual([]);
  });

  it("answers every route × caller as the permission matrix says: 401 without a key, 403 without the permission", async () => {
    const requests = samples();
    const mismatches: string[] = [];
    let allowed = 0;
    for (const route of routePermissions) {
      const sample = requests[`${route.method} ${route.path}`];
      if (!sample) continue;
      for (const caller of callers) {
        // signing out ends the session: those routes get a fresh one, so later calls still have theirs
        const fresh =
          caller.session && route.path.startsWith("/api/v1/auth/logout") ? await signIn(server, caller.role) : undefined;
        const status = await call(server, route, sample(caller), fresh ? { ...caller, session: fresh } : caller);
        // logging out everywhere ended the caller's own session too
        if (fresh) caller.session = await signIn(server, caller.role);
        const expected =
          route.permission === "public"
            ? "allowed"
            : caller.key === undefined && caller.session === undefined
              ? 401
              : holds(route.permission, caller.role, caller.scopes)
                ? "allowed"
                : 403;
        const ok = expected === "allowed" ? status !== 401 && status !== 403 && status < 500 : status === expected;
        if (expected === "allowed") allowed++;
        if (!ok) mismatches.push(`${route.method} ${route.path} as ${caller.label}: ${status}, expected ${expected}`);
      }
    }
    expect(mismatches).toEqual([]);
    // the matrix is not vacuous: some calls were allowed and some refused
    expect(allowed).toBeGreaterThan(routePermissions.length);
    expect(allowed).toBeLessThan(routePermissions.length * callers.length);
  });

  it("asks runs:launch of a replay in mode rerun, and only runs:read of a playback", async () => {
    const byLabel = (label: string) => callers.find((caller) => caller.label === label) as Caller;
    const replay = (caller: Caller, mode: string) =>
      call(
        server,
        { method: "POST", path: "/api/v1/runs/:runId/replay", permission: "runs:playback" },
        { path: `/api/v1/runs/${RUN}/replay`, body: { mode, speed: 0 } },
        caller,
      );
    expect(await replay(byLabel("viewer"), "rerun")).toBe(403);
    expect(await replay(byLabel("api key with runs:read"), "rerun")).toBe(403);
    // allowed through to the handler, which reruns only launched runs (this one an SDK reported: 409)
    expect(await replay(byLabel("operator"), "rerun")).toBe(409);
    expect(await replay(byLabel("api key with every scope"), "rerun")).toBe(409);
    // the route itself needs runs:read, so runs:launch alone does not reach it
    expect(await replay(byLabel("api key with runs:launch"), "rerun")).toBe(403);
    expect(await replay(byLabel("viewer"), "playback")).toBe(202);
  });

  it("refuses a mutating admin route with 403 before validating its body", async () => {
    const viewer = callers.find((caller) => caller.label === "viewer");
    const response = await server.app.request("/api/v1/keys", {
      method: "POST",
      headers: { authorization: `Bearer ${viewer?.key}`, "content-type": "application/json" },
      body: "not json",
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ code: "forbidden" });
  });

  it("serves dashboard pages without a credential, but an unknown path under the server's prefixes needs one", async () => {
    for (const path of ["/", "/sets/default", "/runs/rbac-run", "/login?next=/sets", "/assets/app.js"]) {
      const response = await server.app.request(path);
      expect(response.status, path).not.toBe(401);
      expect(response.status, path).toBeLessThan(500);
    }
    const admin = { authorization: `Bearer ${server.adminKey}` };
    for (const path of ["/api/v1/anything-unknown", "/api/v2/sets", "/api", "/metrics/other", "/docs", "/health/deep"]) {
      const anonymous = await server.app.request(path);
      expect(anonymous.status, path).toBe(401);
      expect(await anonymous.json()).toMatchObject({ code: "unauthorized" });
      const known = await server.app.request(path, { headers: admin });
      expect(known.status, path).toBe(404);
      expect(known.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    }
    // a known route keeps its own permission, whatever the fallback says
    expect((await server.app.request("/api/v1/sets")).status).toBe(401);
    expect((await server.app.request(`/runs/${RUN}/diff/${OTHER_RUN}`)).status).toBe(401);
    expect((await server.app.request("/analytics/anomalies/latency")).status).toBe(401);
    // other methods are not dashboard pages
    expect((await server.app.request("/sets/default", { method: "POST" })).status).toBe(401);
  });

  it("refuses to build an app whose routes and table disagree, naming the route", async () => {
    const extra = (app: OpenAPIHono<AppEnv>) => {
      app.get("/api/v1/unlisted", (context) => context.json({ ok: true }));
    };
    expect(() => createApp(server.services, [extra])).toThrow(/GET \/api\/v1\/unlisted has no entry in routePermissions/);
    expect(uncoveredRoutes([{ method: "GET", path: "/health" }])).toContain("GET /ready is in routePermissions but not served");
  });
});

describe("another tenant's ids", () => {
  let server: TestApp;
  let otherAdmin: string;
  let defaultKeyId: string;
  let channelId: string;

  beforeAll(async () => {
    server = await testApp();
    await server.send([...runEvents({ runId: RUN }), ...runEvents({ runId: OTHER_RUN, outcome: "fail" })]);
    otherAdmin = (await server.services.keys.issue("other", { name: "other admin", role: "admin", scopes: [] })).secret;
    const defaultKey = await server.services.keys.issue("default", { name: "victim", role: "api", scopes: ["runs:read"] });
    defaultKeyId = defaultKey.id;
    const notifications = server.services.notifications;
    if (!notifications) throw new Error("the test app has no notifications service");
    const made = await server.services.database.forTenant("default", ({ drizzle }) =>
      notifications.channels.create(
        "default",
        { name: "victim", kind: "slack", triggers: ["batch.finished"] },
        new URL("https://hooks.example.com/services/T0/B0/x"),
        null,
        drizzle,
      ),
    );
    channelId = made.channel.id;
  });
  afterAll(async () => server.close());

  it.each([
    ["GET", "/api/v1/sets/default"],
    ["GET", "/api/v1/sets/default/criteria-matrix"],
    ["GET", "/api/v1/sets/default/flakiness"],
    ["GET", "/api/v1/sets/default/series"],
    ["GET", "/api/v1/analytics/anomalies/latency?setId=default"],
    ["GET", "/api/v1/analytics/anomalies/series?setId=default"],
    ["GET", "/analytics/anomalies/series?setId=default"],
    ["GET", "/api/v1/batches/batch-1"],
    ["GET", `/api/v1/runs/${RUN}`],
    ["GET", `/api/v1/runs/${RUN}/messages`],
    ["GET", `/api/v1/runs/${RUN}/events`],
    ["GET", `/api/v1/runs/${RUN}/trace`],
    ["GET", `/api/v1/diff/runs?base=${RUN}&head=${OTHER_RUN}`],
    ["GET", `/runs/${RUN}/diff/${OTHER_RUN}`],
    ["GET", "/api/v1/diff/batches?base=batch-1&head=batch-1"],
    ["POST", `/api/v1/runs/${RUN}/replay`],
    ["DELETE", `/api/v1/runs/${RUN}`],
    ["DELETE", "/api/v1/keys/:victim"],
    ["POST", "/api/v1/keys/:victim/rotate"],
    ["DELETE", "/api/v1/notifications/channels/:channel"],
    ["POST", "/api/v1/notifications/channels/:channel/test"],
  ])("%s %s answers 404, as for an id that does not exist", async (method, template) => {
    const path = template.replace(":victim", defaultKeyId).replace(":channel", channelId);
    const body = method === "POST" ? JSON.stringify(path.endsWith("replay") ? { mode: "playback" } : {}) : undefined;
    const response = await server.app.request(path, {
      method,
      headers: { authorization: `Bearer ${otherAdmin}`, "content-type": "application/json" },
      ...(body ? { body } : {}),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "not_found" });
  });

  it("lists nothing of the default tenant", async () => {
    for (const path of ["/api/v1/sets", "/api/v1/batches", "/api/v1/runs", "/api/v1/scenarios/refund/runs"]) {
      const body = await server.read(path, otherAdmin);
      expect(body.items, path).toEqual([]);
    }
    expect((await server.read("/api/v1/notifications/channels", otherAdmin)).items).toEqual([]);
    const keys = await server.read("/api/v1/keys", otherAdmin);
    expect(keys.items.map((key: { name: string }) => key.name).sort()).toEqual(["other admin", "other tenant"]);
    // and the victim key still works: the refused revoke and rotate changed nothing
    const victim = await server.read("/api/v1/keys");
    expect(victim.items.find((key: { id: string }) => key.id === defaultKeyId)).toMatchObject({ active: true, revokedAt: null });
  });
});
