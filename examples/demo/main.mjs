// The Rehearse demo (`npm run demo`): the example scenarios against the hardened and the vulnerable
// shopbot, offline, no keys. Every scenario declares what it expects of each bot: the hardened bot
// passes everything; the vulnerable one fails exactly the scenarios probing its flaws. With a model
// configured (REHEARSE_DEFAULT_MODEL) an LLM red team (Crescendo) attacks both bots too; without one
// those rows are skipped and say which setting to add. Prints expected versus observed, writes the
// reports, and exits 0 only when every row is as expected.
// Every run is also reported, through the real HTTP reporter and its outbox, to a run-history server
// started here on a free loopback port with its data in examples/demo/.history; the closing lines say
// what it stored and how to browse it (`npx rehearse serve --data-dir examples/demo/.history`).
import { readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildRunReport, createRehearse, summaryTable, writeReports } from "@rehearse/core";
import { startServer } from "@rehearse/server";
import { loadExampleScenarios } from "@rehearse-examples/scenarios";
import { hardenedShopbot, SHOPBOT_FLAW_IDS, vulnerableShopbot } from "@rehearse-examples/shopbot";
import { redTeamScenarios } from "./red-team.mjs";

const started = new Date();
const bots = [
  { label: "hardened", agent: hardenedShopbot, flaws: new Set() },
  { label: "vulnerable", agent: vulnerableShopbot, flaws: new Set(SHOPBOT_FLAW_IDS) },
];

const entries = [];
for (const bot of bots) {
  const scenarios = await loadExampleScenarios({ agent: bot.agent });
  for (const config of [...scenarios, ...redTeamScenarios(bot.agent)]) {
    const flaw = config.metadata?.flaw;
    const expect = flaw !== undefined && bot.flaws.has(flaw) ? "fail" : "pass";
    entries.push({ config: { ...config, name: `${config.name} [${bot.label}]`, expect }, file: config.metadata?.file });
  }
}

const historyDir = fileURLToPath(new URL(".history", import.meta.url));
const server = await startServer({ port: 0, dataDir: historyDir, logLevel: "warn" });
const apiKey = readFileSync(join(historyDir, "admin.key"), "utf8").trim();
const rehearse = createRehearse({
  configFile: false,
  config: { report: { endpoint: server.url, apiKey, outboxDir: join(historyDir, "outbox") } },
});
const batch = await rehearse.runMany(
  entries.map((entry) => entry.config),
  { concurrency: 4, seed: 2026 },
);
const delivery = await rehearse.close({ timeoutMs: 10_000 });
const report = buildRunReport({
  entries: entries.map((entry, index) => ({
    scenario: {
      name: entry.config.name,
      description: entry.config.description,
      scenarioType: entry.config.scenarioType,
      tags: entry.config.tags,
      expect: entry.config.expect,
    },
    result: batch.results[index],
  })),
  batchRunId: batch.batchRunId,
  startedAt: started,
  finishedAt: new Date(),
  toolVersion: "demo",
  command: "npm run demo",
  usage: batch.usage,
});

for (const line of summaryTable(report, { color: process.stdout.isTTY === true })) process.stdout.write(`${line}\n`);
const written = await writeReports(
  report,
  [
    { kind: "json", path: "reports/demo.json" },
    { kind: "junit", path: "reports/demo-junit.xml" },
    { kind: "html", path: "reports/demo.html" },
  ],
  new URL(".", import.meta.url).pathname,
);
process.stdout.write(`\nreports: ${written.map((path) => relative(process.cwd(), path)).join(", ")}\n`);
// counted from the report, as the table is, and out of all its rows (skipped ones included)
const { as_expected: asExpected, unexpected, undecided } = report.expectations;
const rows = report.entries.length;
const outcomes = (count) => `${count} outcome${count === 1 ? "" : "s"}`;
const modelConfigured = (await rehearse.resolveConfig()).defaultModel !== undefined;
const skipped = `${undecided} skipped (${modelConfigured ? "see the table" : "no model configured"})`;
process.stdout.write(
  unexpected > 0
    ? `${unexpected} of ${outcomes(rows)} NOT as expected.\n`
    : undecided > 0
      ? `${asExpected} of ${outcomes(rows)} as expected, ${skipped}; none unexpected.\n`
      : `All ${outcomes(rows)} as expected.\n`,
);

// what the server holds for this batch, read back through its API
const stored = await fetch(`${server.url}/api/v1/batches/${encodeURIComponent(batch.batchRunId)}`, {
  headers: { authorization: `Bearer ${apiKey}` },
}).then((response) => (response.ok ? response.json() : undefined));
await server.close();
// npm runs the script in this folder; INIT_CWD is where the user typed `npm run demo`
const historyPath = relative(process.env.INIT_CWD ?? process.cwd(), historyDir) || ".";
const delivered = stored?.counts.total === rows && (delivery?.pending ?? 0) === 0;
process.stdout.write(
  delivered
    ? `history: ${rows} runs of this batch stored (pass rate ${stored.passRate === null ? "none settled" : `${Math.round(stored.passRate * 100)}%`}); browse it: npx rehearse serve --data-dir ${historyPath}\n`
    : `history: NOT delivered: ${stored?.counts.total ?? 0} of ${rows} runs stored, ${delivery?.pending ?? "?"} events pending (${delivery?.reason ?? "see above"})\n`,
);
process.exitCode = unexpected === 0 && delivered ? 0 : 1;
