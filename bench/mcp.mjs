// The MCP server's own cost per tool call (issue 20 §6), on the built package: the mcp-shop example's
// `get_order` (a handler over the run's state, input checked by Ajv) called N times by the agent under test
// in process (`input.tools`), over streamable HTTP (`mcpAgent`, the SDK's Client on 127.0.0.1) and over stdio
// (the example's serve-stdio.mjs in a child process, the SDK's stdio client). Every call takes the same path
// inside the run (injection interceptors, action events, the virtual clock); no model is involved. Only the
// calls are timed (connecting and listing are not), after 100 warm-up calls; median of the rounds.
// Reported: wall µs per call for each (and CPU µs for in process and HTTP, client and server together), and the overhead per call over MCP, (mcp − in process) (target ≤ 2 ms).
// Also a bare HTTP round trip (fetch to node:http, no MCP), the floor of any HTTP transport on the machine
// as it is now: on a busy machine read the HTTP figure against it. Prints one JSON line.
// Usage: node bench/mcp.mjs [calls per round=1000] [rounds=5]
import { createServer } from "node:http";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const load = (entry) => import(pathToFileURL(join(root, "packages", "core", "dist", entry)).href);
const { createRehearse, loadScenarioFiles, user, agent, succeed } = await load("index.js");
const { mcpAgent } = await load("mcp/index.js");
const { Client } = await import("@modelcontextprotocol/sdk/client/index.js");
const { StreamableHTTPClientTransport } = await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
const CALLS = Number(process.argv[2] ?? 1000);
const ROUNDS = Number(process.argv[3] ?? 5);
const WARM_UP = 100;
const log = (line) => process.stderr.write(`[bench:mcp] ${line}\n`);
const example = join(root, "examples", "mcp-shop");
const [loaded] = await loadScenarioFiles([join(example, "shop.scenario.yaml")]);
const rehearse = createRehearse({ configFile: false, env: {} });
const input = { order_id: "A100" };

/** Runs the shop scenario with `agentUnderTest`, which records its timed calls in `times`. */
async function runWith(agentUnderTest) {
  const result = await rehearse.run({
    ...loaded.config,
    agents: [agentUnderTest],
    injections: [],
    expectedOutcomes: undefined,
    script: [user("Where is A100?"), agent(), succeed()],
  });
  if (result.status !== "pass") throw new Error(`bench run ended ${result.status}: ${result.reasoning}`);
}

/** CPU µs per call of the last timed loop (this process: for HTTP, client and server both). */
let lastCpu = 0;

/** Calls `call` WARM_UP times, then times CALLS calls; wall µs per call (CPU µs in `lastCpu`). */
async function timed(call) {
  for (let index = 0; index < WARM_UP; index++) await call(index);
  const cpu = process.cpuUsage();
  const started = performance.now();
  for (let index = 0; index < CALLS; index++) await call(index);
  const used = process.cpuUsage(cpu);
  lastCpu = (used.user + used.system) / CALLS;
  return ((performance.now() - started) * 1000) / CALLS;
}

async function inProcess() {
  let micros = 0;
  await runWith({
    role: "Agent",
    call: async (turn) => {
      const tool = turn.tools.get_order;
      micros = await timed((index) => tool.execute(input, { toolCallId: `b${index}` }));
      return "done";
    },
  });
  return micros;
}

async function overHttp() {
  let micros = 0;
  await runWith(
    mcpAgent({
      call: async (_turn, mcp) => {
        const client = new Client({ name: "bench", version: "1.0.0" });
        await client.connect(new StreamableHTTPClientTransport(new URL(mcp.url)));
        micros = await timed(() => client.callTool({ name: "get_order", arguments: input }));
        await client.close();
        return "done";
      },
    }),
  );
  return micros;
}

async function overStdio() {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [join(example, "serve-stdio.mjs")],
    stderr: "pipe",
  });
  transport.stderr?.resume();
  const client = new Client({ name: "bench", version: "1.0.0" });
  await client.connect(transport);
  const micros = await timed(() => client.callTool({ name: "get_order", arguments: input }));
  await client.close();
  return micros;
}

/** A bare HTTP round trip (fetch to node:http on 127.0.0.1, no MCP): the floor of any HTTP transport on this machine now. */
async function bareHttp() {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => response.end("{}"));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const micros = await timed(async () => (await fetch(url, { method: "POST", body: "{}" })).text());
  await new Promise((resolve) => server.close(resolve));
  return micros;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rounds = { inProcess: [], http: [], stdio: [], bareHttp: [], inProcessCpu: [], httpCpu: [] };
for (let round = 0; round < ROUNDS; round++) {
  rounds.inProcess.push(await inProcess());
  rounds.inProcessCpu.push(lastCpu);
  rounds.http.push(await overHttp());
  rounds.httpCpu.push(lastCpu);
  rounds.stdio.push(await overStdio());
  rounds.bareHttp.push(await bareHttp());
  log(
    `round ${round + 1}: in process ${rounds.inProcess.at(-1).toFixed(1)} µs, http ${rounds.http.at(-1).toFixed(1)} µs, stdio ${rounds.stdio.at(-1).toFixed(1)} µs`,
  );
}
await rehearse.close();
const round1 = (value) => Math.round(value * 10) / 10;
const base = median(rounds.inProcess);
const http = median(rounds.http);
const stdio = median(rounds.stdio);
const overheadMs = Math.max(http - base, stdio - base) / 1000;
process.stdout.write(
  `${JSON.stringify({
    bench: "mcp",
    calls: CALLS,
    rounds: ROUNDS,
    inProcessMicrosPerCall: round1(base),
    httpMicrosPerCall: round1(http),
    stdioMicrosPerCall: round1(stdio),
    httpOverheadMs: round1((http - base) / 10) / 100,
    // CPU time is what contention inflates least (on a busy machine wall time waits for a core)
    inProcessCpuMicrosPerCall: round1(median(rounds.inProcessCpu)),
    httpCpuMicrosPerCall: round1(median(rounds.httpCpu)),
    bareHttpMicrosPerCall: round1(median(rounds.bareHttp)),
    loadAverage: Math.round(loadavg()[0] * 10) / 10,
    stdioOverheadMs: round1((stdio - base) / 10) / 100,
    targetMs: 2,
    withinTarget: overheadMs <= 2,
  })}\n`,
);
