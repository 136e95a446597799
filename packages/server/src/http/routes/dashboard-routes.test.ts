import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, gunzipSync, gzipSync } from "node:zlib";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../server.js";
import { type TestApp, testApp } from "../../test-support/test-app.js";
import { DASHBOARD_SECURITY_HEADERS } from "./dashboard-routes.js";

const INDEX = '<!doctype html><html><head><script type="module" src="/assets/app-abc.js"></script></head><body></body></html>';
const SCRIPT = `console.log(${JSON.stringify("the dashboard ".repeat(50))});`;

/** A built dashboard as the dashboard's build leaves it: index.html, hashed assets with precompressed siblings. */
function fakeBuild(): string {
  const root = mkdtempSync(join(tmpdir(), "rehearse-dashboard-"));
  const dist = join(root, "dist");
  mkdirSync(join(dist, "assets"), { recursive: true });
  writeFileSync(join(dist, "index.html"), INDEX);
  writeFileSync(join(dist, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  writeFileSync(join(dist, "robots.txt"), "User-agent: *\nDisallow: /\n");
  writeFileSync(join(dist, "assets", "app-abc.js"), SCRIPT);
  writeFileSync(join(dist, "assets", "app-abc.js.gz"), gzipSync(SCRIPT));
  writeFileSync(join(dist, "assets", "style-abc.css"), "body{margin:0}");
  writeFileSync(join(dist, "assets", "style-abc.css.br"), brotliCompressSync("body{margin:0}"));
  writeFileSync(join(dist, "assets", "font-abc.woff2"), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  writeFileSync(join(dist, "assets", "app-abc.js.map"), "{}");
  writeFileSync(join(dist, "assets", ".hidden"), "not for you");
  // a file beside the build that no request may reach
  writeFileSync(join(root, "secret.txt"), "outside the dashboard");
  return root;
}

describe("the dashboard at /", () => {
  let root: string;
  let server: TestApp;
  beforeAll(async () => {
    root = fakeBuild();
    server = await testApp("pglite", { dashboardDir: join(root, "dist") });
  });
  afterAll(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) => Promise.resolve(server.app.request(path, { headers }));

  it("serves hashed assets with their content type, cached for a year, without a credential", async () => {
    const cases: Array<[string, string]> = [
      ["/assets/app-abc.js", "text/javascript; charset=utf-8"],
      ["/assets/style-abc.css", "text/css; charset=utf-8"],
      ["/assets/font-abc.woff2", "font/woff2"],
      ["/assets/app-abc.js.map", "application/json"],
    ];
    for (const [path, type] of cases) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toBe(type);
      expect(response.headers.get("cache-control"), path).toBe("public, max-age=31536000, immutable");
      expect(response.headers.get("content-encoding"), path).toBeNull();
    }
    expect(await (await get("/assets/app-abc.js")).text()).toBe(SCRIPT);
  });

  it("sends the precompressed sibling the client accepts, and the file itself otherwise", async () => {
    const gzip = await get("/assets/app-abc.js", { "accept-encoding": "gzip, deflate, br" });
    expect(gzip.headers.get("content-encoding")).toBe("gzip");
    expect(gzip.headers.get("vary")).toBe("Accept-Encoding");
    expect(gzip.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(SCRIPT);
    // br is preferred when both exist and both are accepted; here only the css has a .br
    expect((await get("/assets/style-abc.css", { "accept-encoding": "gzip, br" })).headers.get("content-encoding")).toBe("br");
    expect((await get("/assets/style-abc.css", { "accept-encoding": "gzip" })).headers.get("content-encoding")).toBeNull();
    const refused = await get("/assets/app-abc.js", { "accept-encoding": "gzip;q=0, br" });
    expect(refused.headers.get("content-encoding")).toBeNull();
    expect(await refused.text()).toBe(SCRIPT);
    expect((await get("/assets/app-abc.js", { "accept-encoding": "*" })).headers.get("content-encoding")).toBe("gzip");
  });

  it("answers a repeated request with 304 when the ETag still matches", async () => {
    const first = await get("/assets/app-abc.js");
    const etag = first.headers.get("etag") as string;
    expect(etag).toMatch(/^"/);
    const again = await get("/assets/app-abc.js", { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe("");
    // the compressed variant is other bytes: another tag
    const gzip = await get("/assets/app-abc.js", { "accept-encoding": "gzip" });
    expect(gzip.headers.get("etag")).not.toBe(etag);
  });

  it("refuses paths that leave the assets directory or name hidden files", async () => {
    const refused = [
      "/assets/..%2f..%2fsecret.txt",
      "/assets/..%2Findex.html",
      "/assets/..%5c..%5csecret.txt",
      "/assets/.hidden",
      "/assets/%2fetc%2fpasswd",
      "/assets/missing-abc.js",
    ];
    for (const path of refused) {
      const response = await get(path);
      expect(response.status, path).toBe(404);
      expect(await response.json(), path).toMatchObject({ code: "not_found" });
    }
    // dot segments (also percent-encoded ones) are resolved by the URL parser: out of /assets, onto the page
    for (const path of ["/assets/%2e%2e/%2e%2e/secret.txt", "/assets/../../secret.txt"]) {
      const response = await get(path);
      expect(await response.text(), path).toBe(INDEX);
    }
    expect((await get("/assets/a%00b.js")).status).toBe(400);
  });

  it("answers every other page path with index.html, revalidated on each load", async () => {
    for (const path of ["/", "/sets/shop", "/runs/r1", "/batches/b1?tab=failures", "/index.html", "/missing.js"]) {
      const response = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("content-type"), path).toBe("text/html; charset=utf-8");
      expect(response.headers.get("cache-control"), path).toBe("no-cache");
      expect(await response.text(), path).toBe(INDEX);
    }
    const head = await server.app.request("/sets/shop", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("serves the build's other top-level files", async () => {
    const favicon = await get("/favicon.svg");
    expect(favicon.headers.get("content-type")).toBe("image/svg+xml");
    expect(favicon.headers.get("cache-control")).toBe("public, max-age=3600");
    const robots = await get("/robots.txt");
    expect(robots.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await robots.text()).toContain("Disallow");
  });

  it("puts the security headers on every dashboard response", async () => {
    for (const path of ["/", "/sets/shop", "/assets/app-abc.js", "/favicon.svg"]) {
      const response = await get(path);
      for (const [name, value] of Object.entries(DASHBOARD_SECURITY_HEADERS))
        expect(response.headers.get(name), `${path} ${name}`).toBe(value);
    }
    expect((await get("/")).headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
  });

  it("leaves the API alone: its routes, unknown API paths and the diff alias answer as before", async () => {
    expect((await get("/api/v1/sets")).status).toBe(401);
    const unknown = await get("/api/v1/nothing-here");
    expect(unknown.status).toBe(401);
    expect(unknown.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    const known = await server.get("/api/v1/nothing-here");
    expect(known.status).toBe(404);
    expect(await known.json()).toMatchObject({ code: "not_found" });
    expect((await get("/runs/a/diff/b")).status).toBe(401);
    expect((await get("/health")).headers.get("content-security-policy")).toBeNull();
    expect((await server.get("/api/v1/sets")).headers.get("content-type")).toMatch(/^application\/json/);
  });
});

describe("no dashboard built", () => {
  let server: TestApp;
  beforeAll(async () => {
    server = await testApp("pglite");
  });
  afterAll(async () => server.close());

  it("answers / with a page saying how to build it, and leaves the API alone", async () => {
    const page = await server.app.request("/");
    expect(page.status).toBe(200);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("content-security-policy")).toBe(DASHBOARD_SECURITY_HEADERS["content-security-policy"]);
    const html = await page.text();
    expect(html).toContain("not built");
    expect(html).toContain("npm run build");
    expect(html).toContain('href="/openapi.json"');
    expect((await server.app.request("/sets/shop")).status).toBe(404);
    expect((await server.app.request("/assets/app-abc.js")).status).toBe(404);
    expect((await server.get("/api/v1/sets")).status).toBe(200);
    expect((await server.app.request("/api/v1/sets")).status).toBe(401);
  });
});

describe("startServer({ dashboardDir })", () => {
  let root: string;
  beforeAll(() => {
    root = fakeBuild();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("serves the directory over HTTP, and refuses to start on one without index.html", async () => {
    const running = await startServer({
      port: 0,
      dataDir: join(root, "data"),
      logger: pino({ level: "silent" }),
      dashboardDir: join(root, "dist"),
    });
    try {
      const page = await fetch(`${running.url}/sets/shop`);
      expect(page.status).toBe(200);
      expect(await page.text()).toBe(INDEX);
      const asset = await fetch(`${running.url}/assets/app-abc.js`, { headers: { "accept-encoding": "gzip" } });
      expect(asset.headers.get("content-encoding")).toBe("gzip");
      expect(await asset.text()).toBe(SCRIPT);
      expect((await fetch(`${running.url}/api/v1/sets`)).status).toBe(401);
    } finally {
      await running.close();
    }
    await expect(
      startServer({ port: 0, dataDir: join(root, "data"), logger: pino({ level: "silent" }), dashboardDir: root }),
    ).rejects.toMatchObject({ code: "REHEARSE_CONFIG", message: expect.stringContaining("has no index.html") });
  });
});
