/**
 * Hostile input against the security surface: SQL in ids and filters, path
 * traversal, oversized and malformed headers and cookies, the scrape token's
 * reach. Each gets a clear 4xx (or an empty, correct answer), never a 5xx,
 * and nothing leaks across tenants.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server.js";
import { runEvents } from "../src/test-support/events.js";
import { type Json, type TestApp, testApp } from "../src/test-support/test-app.js";

describe("hostile requests", () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await testApp("pglite", { metricsToken: "scrape-token-that-is-long-enough-0123456789" });
    await server.send(runEvents({ runId: "victim-run" }));
  });
  afterAll(async () => server.close());

  it.each([
    "/api/v1/runs/' OR '1'='1",
    "/api/v1/runs/victim-run'; DROP TABLE runs; --",
    "/api/v1/runs/..%2F..%2F..%2Fetc%2Fpasswd",
    "/api/v1/runs/%00",
    "/api/v1/sets/default' UNION SELECT secret_hash FROM api_keys --",
    "/api/v1/runs?q=%00",
    "/api/v1/runs/%E0%A4%A",
  ])("GET %s answers 4xx problem JSON", async (path) => {
    const response = await server.get(path);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
  });

  it("treats SQL in filters as text: no match, nothing dropped", async () => {
    for (const q of ["' OR '1'='1", "%' OR 1=1 --", "'; DELETE FROM runs; --", "\\"]) {
      const response = await server.get(`/api/v1/runs?q=${encodeURIComponent(q)}&setId=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(200);
      expect(((await response.json()) as Json).items, q).toEqual([]);
    }
    expect(((await (await server.get("/api/v1/scenarios/x' OR 1=1 --/runs")).json()) as Json).items).toEqual([]);
    expect((await server.read("/api/v1/runs/victim-run")).runId).toBe("victim-run");
    // another tenant's key cannot reach the run by any spelling of its id
    for (const path of ["/api/v1/runs/victim-run", "/api/v1/runs/VICTIM-RUN", "/api/v1/runs/victim-run%20"])
      expect((await server.get(path, server.otherTenantKey)).status, path).toBe(404);
  });

  it("refuses keys and cookies that are huge, malformed or smuggle another header", async () => {
    const attempts: Array<Record<string, string>> = [
      { authorization: `Bearer ${"A".repeat(8_000)}` },
      { authorization: "Bearer rh_live_' OR 1=1 --" },
      { authorization: `Bearer ${server.adminKey.slice(0, -1)}${server.adminKey.endsWith("x") ? "y" : "x"}` },
      { authorization: `Basic ${Buffer.from(`admin:${server.adminKey}`).toString("base64")}` },
      { cookie: `rehearse_session=${"B".repeat(8_000)}` },
      { cookie: "rehearse_session=rhs_' OR '1'='1" },
      { cookie: `rehearse_session=rhs_${"x".repeat(43)}; rehearse_session=rhs_${"y".repeat(43)}` },
    ];
    for (const headers of attempts) {
      const response = await server.app.request("/api/v1/runs", { headers });
      expect(response.status, JSON.stringify(headers).slice(0, 80)).toBe(401);
    }
    // a request id is echoed, cut to 100 characters; header values cannot carry a line break
    const echoed = await server.app.request("/api/v1/runs", {
      headers: { authorization: `Bearer ${server.adminKey}`, "x-request-id": "r".repeat(500) },
    });
    expect(echoed.headers.get("x-request-id")).toBe("r".repeat(100));
    expect(() => new Headers({ "x-request-id": "a\r\nSet-Cookie: evil=1" })).toThrow();
  });

  it("refuses a NUL in body fields that reach text columns, naming the field", async () => {
    const key = await server.post("/api/v1/keys", { name: "a\u0000b", scopes: ["runs:read"] });
    expect(key.status).toBe(400);
    expect(((await key.json()) as Json).detail).toContain("name");
    const login = await server.app.request("/api/v1/auth/login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "a\u0000@example.com", password: "whatever it is" }),
    });
    expect(login.status).toBe(400);
    expect(((await login.json()) as Json).detail).toContain("email");
  });

  it("opens /metrics with the scrape token, and nothing else with it", async () => {
    const token = "scrape-token-that-is-long-enough-0123456789";
    expect((await server.get("/metrics", token)).status).toBe(200);
    expect((await server.get("/metrics/prometheus", token)).status).toBe(200);
    expect((await server.get("/api/v1/runs", token)).status).toBe(401);
    expect((await server.get("/metrics", `${token}x`)).status).toBe(401);
    // keys still work there: an admin's, not a reader's
    expect((await server.get("/metrics")).status).toBe(200);
    expect((await server.get("/metrics", server.otherTenantKey)).status).toBe(403);
  });
});

describe("hostile requests on the wire", () => {
  let dataDir: string;
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Sends raw bytes and returns the status line of the answer. */
  function raw(port: number, request: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, "127.0.0.1", () => socket.end(request));
      let answer = "";
      socket.on("data", (chunk) => {
        answer += chunk;
      });
      socket.on("close", () => resolve(answer.split("\r\n")[0] ?? ""));
      socket.on("error", reject);
    });
  }

  it("answers oversized headers with 431 and a smuggled header line with 400, keeps serving, and takes the scrape token from the environment", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "rehearse-abuse-"));
    const token = "a-scrape-token-from-the-environment-0123";
    running = await startServer({
      port: 0,
      dataDir,
      logger: pino({ level: "silent" }),
      environment: { REHEARSE_METRICS_TOKEN: token },
      // whatever the workspace has built: without a dashboard, a path outside the API is a small page (404)
      dashboardDir: false,
    });
    const port = running.port;
    expect((await fetch(`${running.url}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(`${running.url}/api/v1/runs`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);
    expect(
      await raw(port, `GET /api/v1/runs HTTP/1.1\r\nHost: x\r\nCookie: rehearse_session=${"c".repeat(20_000)}\r\n\r\n`),
    ).toBe("HTTP/1.1 431 Request Header Fields Too Large");
    expect(await raw(port, "GET /api/v1/runs HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\rSet-Cookie: evil=1\r\n\r\n")).toMatch(
      /^HTTP\/1\.1 400/,
    );
    expect(await raw(port, "GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).toMatch(
      /^HTTP\/1\.1 (400|401|404)/,
    );
    expect((await fetch(`${running.url}/health`)).status).toBe(200);
  });
});
