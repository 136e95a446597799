import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { sql } from "drizzle-orm";
import pino from "pino";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server.js";
import { asOwner } from "../src/test-support/database.js";

const cli = fileURLToPath(new URL("../../core/bin/rehearse.js", import.meta.url));
const run = promisify(execFile);
let dataDir: string;
let server: RunningServer;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "rehearse-audit-"));
  server = await startServer({ port: 0, dataDir, logger: pino({ level: "silent" }) });
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `rehearse audit verify …` → exit code and output (the environment names no server or key). */
async function verify(...flags: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, REHEARSE_ENDPOINT: "", REHEARSE_API_KEY: "" };
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, "audit", "verify", ...flags], { env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

it("says the chain is intact and exits 0, then finds a tampered entry and exits 1", async () => {
  const keyFile = server.adminKeyFile as string;
  const intact = await verify("--server", server.url, "--key-file", keyFile);
  expect(intact).toMatchObject({ code: 0 });
  expect(intact.stdout).toMatch(
    /^audit chain intact: 3 entries recomputed \(head 3, [0-9a-f]{16}…\), 0 signed anchors checked$/m,
  );

  await asOwner(server.services.database, async (transaction) => {
    await transaction.rows(sql`alter table audit_log disable trigger user`);
    await transaction.rows(sql`update audit_log set actor_id = 'nobody' where tenant_id = 'default' and seq = 2`);
    await transaction.rows(sql`alter table audit_log enable trigger user`);
  });
  const tampered = await verify("--server", server.url, "--key-file", keyFile, "--json");
  expect(tampered.code).toBe(1);
  expect(JSON.parse(tampered.stdout)).toMatchObject({ ok: false, firstBadSeq: 2, fault: "hash_mismatch" });
  const text = await verify("--server", server.url, "--key-file", keyFile, "--to-seq", "1");
  expect(text).toMatchObject({ code: 0 });
});

it("exits 2 with the reason when it cannot ask", async () => {
  const noServer = await verify("--key-file", server.adminKeyFile as string);
  expect(noServer.code).toBe(2);
  expect(noServer.stderr).toContain("--server");

  const keyless = await verify("--server", server.url);
  expect(keyless.code).toBe(2);
  expect(keyless.stderr).toContain("--key-file");

  const reader = await server.services.keys.issue("default", { name: "reader", role: "api", scopes: ["runs:read"] });
  const readerFile = join(dataDir, "reader.key");
  writeFileSync(readerFile, reader.secret, { mode: 0o600 });
  const forbidden = await verify("--server", server.url, "--key-file", readerFile);
  expect(forbidden.code).toBe(2);
  expect(forbidden.stderr).toContain("the server answered 403");
  expect(forbidden.stderr).toContain("needs an admin key");
  expect(readFileSync(readerFile, "utf8")).toBe(reader.secret);

  // a port that was free a moment ago: nothing listens there
  const probe = createServer().listen(0, "127.0.0.1");
  await new Promise((listening) => probe.once("listening", listening));
  const closed = (probe.address() as AddressInfo).port;
  await new Promise((done) => probe.close(done));
  const unreachable = await verify("--server", `http://127.0.0.1:${closed}`, "--key-file", readerFile);
  expect(unreachable.code).toBe(2);
  expect(unreachable.stderr).toContain(`could not reach http://127.0.0.1:${closed} (ECONNREFUSED)`);
});
