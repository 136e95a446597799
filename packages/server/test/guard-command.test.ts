import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import type { IngestEvent } from "@rehearse/core/events";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningServer, startServer } from "../src/server.js";
import { guardBatch } from "../src/test-support/guard-runs.js";

const cli = fileURLToPath(new URL("../../core/bin/rehearse.js", import.meta.url));
const run = promisify(execFile);
let dataDir: string;
let server: RunningServer;
let adminKey: string;

/** `rehearse <args>` in `dataDir` → exit code and output; the environment names no server or key unless `env` does. */
async function rehearse(args: string[], env: Record<string, string> = {}) {
  const environment = { ...process.env, REHEARSE_ENDPOINT: "", REHEARSE_API_KEY: "", ...env };
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: dataDir, env: environment, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The flags that reach the server with the admin key. */
const reach = () => ["--server", server.url, "--key-file", server.adminKeyFile as string];

async function send(events: IngestEvent[]): Promise<void> {
  const response = await fetch(new URL("/api/v1/events", server.url), {
    method: "POST",
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: JSON.stringify({ events }),
  });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { rejected: unknown[] }).rejected).toEqual([]);
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "rehearse-guard-"));
  server = await startServer({ port: 0, dataDir, logger: pino({ level: "silent" }) });
  adminKey = readFileSync(server.adminKeyFile as string, "utf8").trim();
  await send(guardBatch(12, { batchId: "good", setId: "nightly", start: 1_760_000_000_000 }));
  await send(guardBatch(3, { batchId: "three", setId: "small" }));
  await send([
    ...guardBatch(8, { batchId: "worse", setId: "nightly", start: 1_760_000_100_000 }),
    ...guardBatch(4, { batchId: "worse", setId: "nightly", start: 1_760_000_100_000, outcome: "fail" }),
  ]);
  writeFileSync(join(dataDir, "errors.yaml"), "# no errors allowed\nminSampleSize: 10\nmaxErrorShare: 0\n");
  writeFileSync(join(dataDir, "strict.yaml"), "minSampleSize: 3\npassRate: 0.95\n");
  writeFileSync(join(dataDir, "default-sample.yaml"), "passRate: 0.5\n");
  writeFileSync(join(dataDir, "release.yaml"), "minSampleSize: 10\nmaxErrorShare: 0.5\nmaxRegressionPoints: 5\n");
  writeFileSync(join(dataDir, "bad.yaml"), "name: release\nminSampleSize: 10\nmaxErrorShare: 1.5\npassRat: 0.9\n");
}, 120_000);
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("rehearse guard", () => {
  it("prints the checks and exits 0 on pass, 10 on fail, 11 on inconclusive", async () => {
    const passed = await rehearse(["guard", "--policy", "errors.yaml", "--batch", "good", ...reach()]);
    expect(passed).toMatchObject({ code: 0, stderr: "" });
    expect(passed.stdout).toMatch(/^release guard: PASS — batch good \(set nightly\), policy errors\.yaml$/m);
    expect(passed.stdout).toMatch(/^ {2}check\s+observed\s+threshold\s+n\s+result\s+detail$/m);
    expect(passed.stdout).toMatch(/^ {2}errorShare\s+0\s+0\s+12\s+ok\s+0\/12 errored or stalled/m);

    // 3 passes of 3 do not clear 0.95: the Wilson lower bound is 0.4385
    const failed = await rehearse(["guard", "--policy", "strict.yaml", "--batch", "three", ...reach()]);
    expect(failed.code).toBe(10);
    expect(failed.stdout).toMatch(/^release guard: FAIL/m);
    expect(failed.stdout).toMatch(/^ {2}passRate\s+0\.4385\d*\s+0\.95\s+3\s+FAIL\s+3\/3 passed \(100\.0%\)/m);

    const undecided = await rehearse(["guard", "--policy", "default-sample.yaml", "--set", "small", ...reach()]);
    expect(undecided.code).toBe(11);
    expect(undecided.stdout).toMatch(/^ {2}sampleSize\s+3\s+10\s+3\s+FAIL\s+3 settled runs/m);
  });

  it("takes the server and key from REHEARSE_ENDPOINT and REHEARSE_API_KEY, and prints JSON with --json", async () => {
    const result = await rehearse(["guard", "--policy", "strict.yaml", "--batch", "worse", "--json"], {
      REHEARSE_ENDPOINT: server.url,
      REHEARSE_API_KEY: adminKey,
    });
    expect(result.code).toBe(10);
    const decision = JSON.parse(result.stdout);
    expect(decision).toMatchObject({ decision: "fail", target: { batchId: "worse" }, policy: { passRate: 0.95 } });
  });

  it("names file, line and field of a bad policy before asking any server, and exits 2", async () => {
    const result = await rehearse(["guard", "--policy", "bad.yaml", "--batch", "good"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("bad.yaml:3:1: maxErrorShare: must be at most 1, got 1.5");
    expect(result.stderr).toMatch(/bad\.yaml:4:1: passRat: .*did you mean "passRate"/);
    expect(result.stderr).not.toContain("--server");
  });

  it("exits 2 with what to do when it cannot ask", async () => {
    const noServer = await rehearse(["guard", "--policy", "errors.yaml", "--batch", "good"]);
    expect(noServer.code).toBe(2);
    expect(noServer.stderr).toContain("pass --server <url> or set REHEARSE_ENDPOINT");
    const noKey = await rehearse(["guard", "--policy", "errors.yaml", "--batch", "good", "--server", server.url]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toContain("set REHEARSE_API_KEY");
    const both = await rehearse(["guard", "--policy", "errors.yaml", "--batch", "good", "--set", "nightly", ...reach()]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("either --batch <id> or --set <id>");

    const probe = createServer().listen(0, "127.0.0.1");
    await new Promise((listening) => probe.once("listening", listening));
    const closed = (probe.address() as AddressInfo).port;
    await new Promise((done) => probe.close(done));
    const args = ["guard", "--policy", "errors.yaml", "--batch", "good", "--server", `http://127.0.0.1:${closed}`];
    const unreachable = await rehearse([...args, "--key-file", server.adminKeyFile as string]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`could not reach http://127.0.0.1:${closed} (ECONNREFUSED)`);

    const unknown = await rehearse(["guard", "--policy", "errors.yaml", "--batch", "nope", ...reach()]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("the server answered 404: no batch nope");
  });
});

describe("rehearse promote", () => {
  it("promotes a batch that passes, then refuses one that regressed against it with exit 10", async () => {
    const promoted = await rehearse([
      "promote",
      "--batch",
      "good",
      "--environment",
      "production",
      "--policy",
      "release.yaml",
      ...reach(),
    ]);
    expect(promoted.code).toBe(0);
    expect(promoted.stdout).toMatch(/^release guard: PASS — batch good \(set nightly\), environment production/m);
    expect(promoted.stdout).toMatch(/^promoted batch good to production$/m);

    // 8 of 12 (66.7 %) against 12 of 12: 33.3 points down, 5 allowed
    const refused = await rehearse([
      "promote",
      "--batch",
      "worse",
      "--environment",
      "production",
      "--policy",
      "release.yaml",
      ...reach(),
    ]);
    expect(refused.code).toBe(10);
    expect(refused.stdout).toMatch(
      /^ {2}regressionPoints\s+33\.3333\s+5\s+12\s+FAIL\s+pass rate 66\.7% against 100\.0% of batch good/m,
    );
    expect(refused.stderr).toContain("not promoted: the release guard decided fail");

    const small = await rehearse([
      "promote",
      "--batch",
      "three",
      "--environment",
      "production",
      "--policy",
      "release.yaml",
      ...reach(),
    ]);
    expect(small.code).toBe(11);

    const response = await fetch(new URL("/api/v1/promotions?environment=production", server.url), {
      headers: { authorization: `Bearer ${adminKey}` },
    });
    const page = (await response.json()) as { items: Array<{ batchId: string }> };
    expect(page.items.map((item) => item.batchId)).toEqual(["good"]);
  });

  it("needs a key allowed to promote", async () => {
    const viewer = await server.services.keys.issue("default", { name: "ci", role: "api", scopes: ["guard:evaluate"] });
    const keyFile = join(dataDir, "ci.key");
    writeFileSync(keyFile, viewer.secret, { mode: 0o600 });
    const args = ["promote", "--batch", "good", "--environment", "staging", "--policy", "release.yaml"];
    const refused = await rehearse([...args, "--server", server.url, "--key-file", keyFile]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("the server answered 403");
    expect(refused.stderr).toContain("the key's role or scopes do not allow this");
  });
});
