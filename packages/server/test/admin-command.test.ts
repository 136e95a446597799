import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pino from "pino";
import { afterEach, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server.js";

const cli = fileURLToPath(new URL("../../core/bin/rehearse.js", import.meta.url));
const run = promisify(execFile);
let dataDir: string | undefined;
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

async function admin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, "admin", ...args, "--data-dir", dataDir as string], {
      env: { ...process.env, DATABASE_URL: "" },
      timeout: 60_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

async function signIn(email: string, password: string, tenant?: string): Promise<number> {
  const response = await fetch(`${url()}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password, ...(tenant ? { tenant } : {}) }),
  });
  return response.status;
}

const start = async () => {
  server = await startServer({ port: 0, dataDir: dataDir as string, logger: pino({ level: "silent" }) });
  return server;
};
/** Stops the server (functions keep TypeScript from narrowing `server` to undefined after a stop). */
const stop = async () => {
  await server?.close();
  server = undefined;
};
const url = () => (server as RunningServer).url;

it("creates a tenant, invites a user, resets the password and rotates the admin key, each usable at once", async () => {
  dataDir = mkdtempSync(join(tmpdir(), "rehearse-admin-"));
  const first = await start();
  const bootstrapKey = readFileSync(first.adminKeyFile as string, "utf8").trim();
  // the embedded database is the server's while it runs
  const busy = await admin("create-tenant", "acme");
  expect(busy.code).toBe(2);
  expect(busy.stderr).toMatch(/^rehearse admin create-tenant: another Rehearse server \(pid \d+\) is using/);
  await stop();

  const tenant = await admin("create-tenant", "acme", "--name", "Acme Corp");
  expect(tenant).toMatchObject({ code: 0 });
  const keyFile = join(dataDir, "admin-acme.key");
  expect(tenant.stdout).toContain(`tenant acme created; its admin API key is in ${keyFile}`);
  expect(statSync(keyFile).mode & 0o777).toBe(0o600);
  expect((await admin("create-tenant", "acme")).stderr).toContain('tenant "acme" exists already');
  expect((await admin("create-tenant", "Not A Slug")).code).toBe(2);

  const invited = await admin("invite", "Grace@Example.com", "--tenant", "acme", "--role", "operator", "--name", "Grace");
  expect(invited.code).toBe(0);
  const password = /one-time password .*: (\S+)$/m.exec(invited.stdout)?.[1] ?? "";
  expect(password).toMatch(/^[\w-]{24}$/);
  expect((await admin("invite", "grace@example.com", "--tenant", "acme")).stderr).toContain("exists already");
  expect((await admin("invite", "bob@example.com", "--tenant", "nowhere")).stderr).toContain('there is no tenant "nowhere"');
  expect((await admin("invite", "bob@example.com", "--tenant", "acme", "--role", "owner")).code).toBe(2);

  const rotated = await admin("rotate-admin-key");
  expect(rotated.code).toBe(0);
  expect(rotated.stdout).toContain("1 previous admin key revoked");
  const newKey = readFileSync(join(dataDir, "admin.key"), "utf8").trim();
  expect(newKey).not.toBe(bootstrapKey);

  await start();
  const acmeKey = readFileSync(keyFile, "utf8").trim();
  const runs = (key: string) => fetch(`${url()}/api/v1/runs`, { headers: { authorization: `Bearer ${key}` } });
  expect((await runs(acmeKey)).status).toBe(200);
  expect((await runs(newKey)).status).toBe(200);
  expect((await runs(bootstrapKey)).status).toBe(401);
  expect(await signIn("grace@example.com", password)).toBe(200);
  await stop();

  const reset = await admin("reset-password", "grace@example.com");
  expect(reset.code).toBe(0);
  const fresh = /one-time password for grace@example.com \(shown once\): (\S+)$/m.exec(reset.stdout)?.[1] ?? "";
  expect(reset.stdout).toContain("1 session ended");
  expect((await admin("reset-password", "nobody@example.com")).stderr).toContain(
    "there is no user with the email nobody@example.com",
  );

  await start();
  expect(await signIn("grace@example.com", password)).toBe(401);
  expect(await signIn("grace@example.com", fresh, "acme")).toBe(200);
  // every step is in the tenant's audit trail, and the chain holds
  const trail = (await (await fetch(`${url()}/api/v1/audit`, { headers: { authorization: `Bearer ${acmeKey}` } })).json()) as {
    items: Array<{ action: string; actorId: string }>;
  };
  expect(trail.items.map((entry) => entry.action)).toEqual([
    "tenant.created",
    "key.created",
    "user.invited",
    "login.succeeded",
    "user.password_reset",
    "login.failed",
    "login.succeeded",
  ]);
  expect(trail.items[2]?.actorId).toBe("cli");
  const verified = (await (
    await fetch(`${url()}/api/v1/audit/verify`, { headers: { authorization: `Bearer ${acmeKey}` } })
  ).json()) as {
    ok: boolean;
  };
  expect(verified.ok).toBe(true);
}, 120_000); // about 15 CLI processes, each opening the embedded database (1-3 s)

it("creates the instance administrator on the first start: a one-time password in a 0600 file, able to create tenants", async () => {
  dataDir = mkdtempSync(join(tmpdir(), "rehearse-admin-"));
  const first = await start();
  const file = first.administratorFile as string;
  expect(file).toBe(join(dataDir, "admin-password"));
  expect(statSync(file).mode & 0o777).toBe(0o600);
  const [email = "", password = ""] = readFileSync(file, "utf8").trim().split("\n");
  expect(email).toBe("admin@localhost");
  const response = await fetch(`${url()}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email, password }),
  });
  expect(response.status).toBe(200);
  const cookies = response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0])
    .join("; ");
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const created = await fetch(`${url()}/api/v1/tenants`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: cookies, "x-csrf-token": csrfToken },
    body: JSON.stringify({ id: "acme", name: "Acme" }),
  });
  expect(created.status).toBe(201);
  // a second start makes neither the key nor the administrator again
  await stop();
  const second = await start();
  expect(second.administratorFile).toBeUndefined();
  expect(second.adminKeyFile).toBeUndefined();
});
