import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { adminKey, type ServeProcess, startServe } from "./serve-process.js";

const cli = fileURLToPath(new URL("../../core/bin/rehearse.js", import.meta.url));
let directory: string | undefined;
let server: ServeProcess | undefined;
afterEach(() => {
  server?.child.kill("SIGKILL");
  if (directory) rmSync(directory, { recursive: true, force: true });
});

it("starts on loopback, writes the admin key once (0600), answers with it, and stops on SIGTERM with exit 0", async () => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-serve-"));
  server = await startServe(directory);
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(server.output()).toContain(`admin API key is in ${join(directory, "admin.key")}`);
  expect(statSync(join(directory, "admin.key")).mode & 0o777).toBe(0o600);
  const key = adminKey(directory);
  expect(key).toMatch(/^rh_live_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
  expect((await fetch(`${server.url}/api/v1/runs`)).status).toBe(401);
  expect((await fetch(`${server.url}/api/v1/runs`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
  // the workspace's built dashboard is served at / (npm run build builds it), and the banner says where
  expect(server.output()).toContain(`Dashboard: ${server.url}/`);
  expect(server.output()).toContain("Launched runs (rehearse push, rehearse launch) run in this process");
  const page = await fetch(`${server.url}/`);
  expect(page.headers.get("content-security-policy")).toContain("default-src 'self'");
  expect(await page.text()).toContain('<div id="root">');
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);

  // a second start keeps the tenant and the key, and writes no new one; without a dashboard it says how to get one
  server = await startServe(directory, { REHEARSE_DASHBOARD_DIR: "off" });
  expect(server.output()).toContain("No dashboard: add @rehearse/dashboard");
  expect(server.output()).not.toContain("admin API key");
  expect(adminKey(directory)).toBe(key);
  expect((await fetch(`${server.url}/api/v1/runs`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(200);
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);

  // the pepper the keys were made with lives beside the database, owner-only; another pepper is refused
  // at start instead of refusing every key afterwards
  expect(statSync(join(directory, "secrets", "key-pepper")).mode & 0o777).toBe(0o600);
  const result = spawnSync(process.execPath, [cli, "serve", "--port", "0", "--data-dir", directory, "--log-level", "silent"], {
    encoding: "utf8",
    timeout: 60_000,
    env: { ...process.env, REHEARSE_KEY_PEPPER: "another-pepper-that-is-long-enough-0123456789" },
  });
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(
    "the API-key pepper (the REHEARSE_KEY_PEPPER environment variable) is not the one this database's keys were made with",
  );
});

it("says which port is busy and exits 2", async () => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-serve-"));
  const blocker = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => blocker.once("listening", resolve));
  const port = (blocker.address() as { port: number }).port;
  const result = spawnSync(
    process.execPath,
    [cli, "serve", "--port", String(port), "--data-dir", directory, "--log-level", "silent"],
    { encoding: "utf8", timeout: 60_000 },
  );
  blocker.close();
  expect(result.status).toBe(2);
  expect(result.stderr).toContain(`rehearse serve: port ${port} on 127.0.0.1 is in use`);
});

it("refuses a bad --port before starting anything", () => {
  const result = spawnSync(process.execPath, [cli, "serve", "--port", "70000"], { encoding: "utf8" });
  expect(result.status).toBe(2);
  expect(result.stderr).toMatch(/--port/);
});
