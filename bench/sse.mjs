// SSE fan-out: one run-history server (a child process, embedded PGlite in a temporary directory)
// and its live stream. Phase 1: 100 clients subscribed, events at `rate`/s for 2 s, then the server's
// RSS. Phase 2: `subscribers` clients (default 1 000), `events` events (default 500) at `rate`/s
// (default 100), each stamped with the time its POST left this process; latency = when a client read
// it − that stamp, so it covers the ingest write, the fan-out and the socket. Clients run in this
// process (node:http, frames split by a regex, no JSON parsing), on the same cores as the server:
// figures are pessimistic. Needs `npm run build` in packages/server (dist/ and the PGlite template).
// Events go in POSTs of `batch` (default 10, a reporter's micro-batch): one event per request would
// measure the ingest's per-request cost (auth, one transaction) instead of the fan-out.
// Usage: node bench/sse.mjs [subscribers=1000] [events=500] [rate=100] [batch=10]
// Prints one JSON line.
import { fork } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { round } from "./lib/stats.mjs";

const benchDir = dirname(fileURLToPath(import.meta.url));
const serverEntry = resolve(benchDir, "..", "packages", "server", "dist", "index.js");
const [subscribersArg = "1000", eventsArg = "500", rateArg = "100", batchArg = "10"] = process.argv.slice(2);
const SUBSCRIBERS = Number(subscribersArg);
const EVENTS = Number(eventsArg);
const RATE = Number(rateArg);
const BATCH = Number(batchArg);
const RSS_CLIENTS = 100;
const PAD = "x".repeat(400); // ≈500-byte events, as in platform research §9

// ─── the server, in a child process (its RSS is the server's alone) ─────────────────────────────

if (process.argv.includes("--child")) {
  const { startServer } = await import(serverEntry);
  const dataDir = process.env.SSE_BENCH_DATA_DIR;
  const server = await startServer({ port: 0, dataDir, logLevel: "silent" });
  const key = readFileSync(server.adminKeyFile, "utf8").trim();
  // when each event was handed to the hub (its write committed): the start of the fan-out
  const published = new Map();
  const { live } = server.services;
  const committed = live.committed.bind(live);
  live.committed = (result) => {
    const now = performance.timeOrigin + performance.now();
    for (const { event } of result.stored) published.set(event.seq, now);
    committed(result);
  };
  process.on("message", async (message) => {
    if (message === "rss") {
      const cpu = process.cpuUsage();
      process.send({
        rssMB: round(process.memoryUsage().rss / 1048576, 1),
        open: server.services.live.size,
        cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      });
    }
    if (message === "published") process.send([...published]);
    if (message === "close") {
      await server.close();
      process.exit(0);
    }
  });
  process.send({ url: server.url, key });
} else {
  await main();
}

async function main() {
  if (!existsSync(serverEntry)) {
    console.error(`[sse] ${serverEntry} not found: run \`npm run build\` in packages/server first.`);
    process.exit(1);
  }
  const dataDir = mkdtempSync(join(tmpdir(), "rehearse-sse-bench-"));
  const child = fork(fileURLToPath(import.meta.url), ["--child"], {
    env: { ...process.env, SSE_BENCH_DATA_DIR: dataDir },
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  const replies = [];
  child.on("message", (message) => replies.shift()?.(message));
  const ask = (message) =>
    new Promise((resolveReply) => {
      replies.push(resolveReply);
      if (message) child.send(message);
    });
  try {
    const { url, key } = await ask();
    const origin = new URL(url);
    const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
    const latencies = [];
    const arrivals = []; // [seq, time] pairs, for the fan-out part

    let recording = false;
    const clients = [];
    const connect = () =>
      new Promise((resolveClient, reject) => {
        const request = http.get(
          {
            host: origin.hostname,
            port: origin.port,
            path: "/api/v1/stream?topics=run:bench-run",
            headers: { authorization: `Bearer ${key}` },
            agent,
          },
          (response) => {
            if (response.statusCode !== 200) return reject(new Error(`stream answered ${response.statusCode}`));
            response.setEncoding("utf8");
            let rest = "";
            const client = { received: 0, response, request };
            response.on("data", (chunk) => {
              const now = performance.timeOrigin + performance.now();
              const text = rest + chunk;
              const end = text.lastIndexOf("\n\n");
              rest = end < 0 ? text : text.slice(end + 2);
              if (end < 0) return;
              for (const match of text.slice(0, end).matchAll(/"seq":(\d+).*?"sentAt":([\d.]+)/g)) {
                client.received++;
                if (!recording) continue;
                latencies.push(now - Number(match[2]));
                arrivals.push(Number(match[1]), now);
              }
              if (text.startsWith("retry:")) resolveClient(client);
            });
            response.on("error", () => undefined);
          },
        );
        request.on("error", reject);
      });
    const connectMany = async (count) => {
      // in waves: a thousand SYNs at once overflow the listen backlog on small machines
      for (let wave = 0; wave < count; wave += 100)
        clients.push(...(await Promise.all(Array.from({ length: Math.min(100, count - wave) }, connect))));
    };
    let seq = 0;
    const acks = [];
    const send = () => {
      const posted = performance.now();
      const sentAt = performance.timeOrigin + performance.now();
      const body = JSON.stringify({
        events: Array.from({ length: BATCH }, () => ({
          eventId: crypto.randomUUID(),
          seq: seq++,
          schemaVersion: 1,
          batchRunId: "bench-batch",
          scenarioId: "bench",
          scenarioRunId: "bench-run",
          scenarioSetId: "bench",
          type: "bench_tick",
          timestamp: Date.now(),
          sentAt,
          pad: PAD,
        })),
      });
      return fetch(`${url}/api/v1/events`, {
        method: "POST",
        headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
        body,
      })
        .then((response) => response.arrayBuffer())
        .then(() => {
          if (recording) acks.push(performance.now() - posted);
        });
    };
    const stream = async (count) => {
      const pending = [];
      const started = performance.now();
      for (let index = 0; index < count / BATCH; index++) {
        const due = started + (index * BATCH * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((resolveWait) => setTimeout(resolveWait, wait));
        pending.push(send());
      }
      await Promise.all(pending);
    };
    const settle = async (expected) => {
      const deadline = performance.now() + 30_000;
      while (clients.some((client) => client.received < expected) && performance.now() < deadline)
        await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    };

    const idle = await ask("rss");
    await connectMany(RSS_CLIENTS);
    await stream(RATE * 2);
    await settle(seq);
    const with100 = await ask("rss");

    await connectMany(SUBSCRIBERS - RSS_CLIENTS);
    const connected = await ask("rss");
    await stream(RATE); // warm-up: the new connections' first frames
    await settle(seq);
    for (const client of clients) client.received = 0;
    const connectedCpu = await ask("rss");
    recording = true;
    const wallStarted = performance.now();
    const clientCpuStarted = process.cpuUsage();
    await stream(EVENTS);
    await settle(EVENTS);
    const wallMs = performance.now() - wallStarted;
    const clientCpu = process.cpuUsage(clientCpuStarted);
    recording = false;
    const withAll = await ask("rss");
    const delivered = clients.reduce((sum, client) => sum + client.received, 0);

    const percentile = (values, fraction) => {
      const sorted = [...values].sort((left, right) => left - right);
      return round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))] ?? null, 1);
    };
    const at = (fraction) => percentile(latencies, fraction);
    const publishedAt = new Map(await ask("published"));
    const fanOut = [];
    for (let index = 0; index < arrivals.length; index += 2)
      fanOut.push(arrivals[index + 1] - (publishedAt.get(arrivals[index]) ?? Number.NaN));
    const problems = [];
    if (connected.open !== SUBSCRIBERS) problems.push(`${connected.open} of ${SUBSCRIBERS} streams open`);
    if (delivered !== EVENTS * SUBSCRIBERS) problems.push(`delivered ${delivered} of ${EVENTS * SUBSCRIBERS}`);
    for (const client of clients) client.request.destroy();
    agent.destroy();
    console.log(
      JSON.stringify({
        subscribers: SUBSCRIBERS,
        events: EVENTS,
        ratePerSecond: RATE,
        eventsPerRequest: BATCH,
        eventBytes: 500,
        deliveries: delivered,
        deliveriesPerSecond: Math.round(delivered / (wallMs / 1000)),
        latencyMs: { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: at(1) },
        // from the committed write to the client: the fan-out alone
        fanOutMs: { p50: percentile(fanOut, 0.5), p95: percentile(fanOut, 0.95), p99: percentile(fanOut, 0.99) },
        // the ingest POST's answer (the write committed): the part of the latency that is not fan-out
        ingestAckMs: { p50: percentile(acks, 0.5), p95: percentile(acks, 0.95), p99: percentile(acks, 0.99) },
        serverRssMB: { idle: idle.rssMB, clients100: with100.rssMB, clientsAll: withAll.rssMB },
        // CPU during the measured phase, as a share of one core: the server's and the clients' (this process)
        cpuPercent: {
          server: Math.round(((withAll.cpuMs - connectedCpu.cpuMs) / wallMs) * 100),
          clients: Math.round(((clientCpu.user + clientCpu.system) / 1000 / wallMs) * 100),
        },
        kbPerConnection: round(((withAll.rssMB - idle.rssMB) * 1024) / SUBSCRIBERS, 1),
        problems,
      }),
    );
    if (problems.length > 0) process.exitCode = 1;
    const exited = new Promise((resolveExit) => child.once("exit", resolveExit));
    child.send("close");
    await exited;
  } finally {
    child.kill();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
