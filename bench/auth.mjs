// Benchmark of authentication on the run-history server (`node bench/auth.mjs`, or `npm run bench -- --auth`),
// on the built packages. Measures, on a real server (embedded PGlite in a temporary data dir):
//   keyCached      an API key seen in the last 30 s: the work every ingest and read request does (µs)
//   keyUncached    a key's first request (HMAC, one lookup by prefix, constant-time compare) (µs)
//   session        a signed-in browser's request within 2 s of the last check (µs)
//   sessionRecheck the request that reads the session again (one query: session, user, role) (µs)
//   readWithKey    GET /api/v1/runs/:id end to end over HTTP with a key, against the same read of /health (ms)
//   prefixTiming   uncached refusals of a wrong secret whose prefix exists vs. a prefix that does not:
//                  medians and their difference (µs); equal work on both paths is the design (decision 0028)
// Prints one JSON object on stdout; progress on stderr.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const server = await import(pathToFileURL(join(rootDir, "packages", "server", "dist", "index.js")).href);
const log = (line) => process.stderr.write(`[bench:auth] ${line}\n`);
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const summary = (samples) => ({
  n: samples.length,
  p50: round(percentile(samples, 50)),
  p95: round(percentile(samples, 95)),
  p99: round(percentile(samples, 99)),
});

async function timeEach(count, work) {
  const samples = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await work(index);
    samples.push((performance.now() - started) * 1000);
  }
  return samples;
}

const dataDir = mkdtempSync(join(tmpdir(), "rehearse-bench-auth-"));
try {
  const running = await server.startServer({ port: 0, dataDir, logLevel: "silent" });
  const { services } = running;
  const key = (await services.keys.issue("default", { name: "bench", role: "api", scopes: ["runs:read", "events:write"] }))
    .secret;
  const user = await services.users.create({ email: "bench@example.com", name: "Bench", password: "a long enough password" });
  await services.users.grant("default", user.id, "viewer");
  const signedIn = await services.logins.login("bench@example.com", "a long enough password", "127.0.0.1");
  if (!signedIn.ok) throw new Error("sign-in failed");

  log("API key, cached");
  await services.authenticator.authenticate(key);
  const keyCached = summary(await timeEach(20_000, () => services.authenticator.authenticate(key)));

  log("API key, uncached (a fresh authenticator per call)");
  const Authenticator = services.authenticator.constructor;
  const keyUncached = summary(await timeEach(2_000, () => new Authenticator(services.database, services.keys).authenticate(key)));

  log("session, checked in the last 2 s");
  await services.logins.authenticate(signedIn.token);
  const session = summary(await timeEach(5_000, () => services.logins.authenticate(signedIn.token)));
  log("session, read again (what a request pays every 2 s)");
  const sessionRecheck = summary(
    await timeEach(3_000, () => {
      services.logins.recent.clear();
      return services.logins.authenticate(signedIn.token);
    }),
  );

  log("prefix timing: wrong secret with an existing prefix vs. an unknown prefix (interleaved)");
  // a wrong secret under the real prefix: change the last secret character, keep the format valid by reissuing the checksum
  const body = key.slice(0, key.lastIndexOf("_"));
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const { crc32 } = await import("node:zlib");
  const checksum = (text) => {
    let value = BigInt(crc32(text));
    let digits = "";
    while (value > 0n) {
      digits = alphabet[Number(value % 62n)] + digits;
      value /= 62n;
    }
    return digits.padStart(6, "0");
  };
  const withChecksum = (text) => `${text}_${checksum(text)}`;
  const last = body.at(-1) === "A" ? "B" : "A";
  const wrongSecret = withChecksum(`${body.slice(0, -1)}${last}`);
  const unknownPrefix = () => {
    const secret = Array.from(randomBytes(43), (byte) => alphabet[byte % 62]).join("");
    return withChecksum(`rh_live_${secret}`);
  };
  const existing = [];
  const unknown = [];
  for (let attempt = 0; attempt < 3_000; attempt++) {
    const fresh = new Authenticator(services.database, services.keys);
    const a = performance.now();
    if (await fresh.authenticate(wrongSecret)) throw new Error("a wrong secret was accepted");
    existing.push((performance.now() - a) * 1000);
    const other = new Authenticator(services.database, services.keys);
    const probe = unknownPrefix();
    const b = performance.now();
    if (await other.authenticate(probe)) throw new Error("an unknown key was accepted");
    unknown.push((performance.now() - b) * 1000);
  }
  const prefixTiming = {
    existingPrefix: summary(existing),
    unknownPrefix: summary(unknown),
    medianDifferenceUs: round(percentile(existing, 50) - percentile(unknown, 50), 2),
  };

  log("reads over HTTP: GET /api/v1/runs/:id with a key vs. GET /health");
  const runId = "bench-run";
  const now = Date.now();
  const base = { batchRunId: "b", scenarioId: "s", scenarioRunId: runId, scenarioSetId: "default", schemaVersion: 1 };
  await fetch(`${running.url}/api/v1/events`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({
      events: [
        {
          ...base,
          eventId: crypto.randomUUID(),
          seq: 0,
          timestamp: now,
          type: "SCENARIO_RUN_STARTED",
          metadata: { name: "bench" },
        },
      ],
    }),
  });
  const read = await timeEach(2_000, async () => {
    const response = await fetch(`${running.url}/api/v1/runs/${runId}`, { headers: { authorization: `Bearer ${key}` } });
    await response.arrayBuffer();
  });
  const health = await timeEach(2_000, async () => (await fetch(`${running.url}/health`)).arrayBuffer());
  const toMs = (samples) => samples.map((value) => value / 1000);
  await running.close();
  console.log(
    JSON.stringify({
      unit: "µs unless named ms",
      keyCached,
      keyUncached,
      session,
      sessionRecheck,
      prefixTiming,
      readWithKeyMs: summary(toMs(read)),
      healthMs: summary(toMs(health)),
    }),
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
