// The voice demo (`npm run demo:voice`): a phone-support bot built from ComposableVoiceAgent (offline STT →
// a deterministic policy → offline TTS), in three turn-taking variants, tested with spoken scripted callers —
// DTMF, background noise on the line, an interruption, a backchannel — and judged offline by deterministic
// checks. No key, no network: espeak-ng speaks, pocketsphinx listens. Every scenario declares which variant it
// must catch; the table shows expected versus observed with the measured response times and turn-taking
// figures, and the exit code is 0 only when every row is as expected. Writes reports/voice.html (timeline,
// latencies, playable audio); `--save-audio <dir>` also saves each run's recording and segments.
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { buildRunReport, createRehearse, writeReports } from "@rehearse/core";
import { createTtsRouter, PocketsphinxSTTProvider, runVoice } from "@rehearse/voice";
import { phoneBot } from "./phone-bot.mjs";
import { voiceScenarios } from "./scenarios.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const saveAudioAt = (() => {
  const index = process.argv.indexOf("--save-audio");
  return index >= 0 ? process.argv[index + 1] : undefined;
})();
if (process.argv.includes("--save-audio") && !saveAudioAt) {
  process.stderr.write("--save-audio needs a directory\n");
  process.exit(2);
}

const started = new Date();
const tts = createTtsRouter();
const stt = new PocketsphinxSTTProvider();
const speak = (text) => tts.synthesize(text, "espeak/en-us+m3");
const rehearse = createRehearse({ configFile: false, env: {} });

const entries = [];
for (const variant of ["attentive", "stubborn", "eager"]) {
  const makeBot = () => phoneBot(variant, { stt, tts: speak });
  for (const [index, config] of voiceScenarios({ makeBot, tts, stt, variant }).entries())
    entries.push({ variant, config: { ...config, name: `${config.name} [${variant}]`, seed: 2026 + index } });
}

// two at a time: each run starts pocketsphinx processes and the machine may have two cores
const results = new Array(entries.length);
let next = 0;
await Promise.all(
  [0, 1].map(async () => {
    while (next < entries.length) {
      const index = next++;
      results[index] = await runVoice(entries[index].config, {
        runner: (scenario, options) => rehearse.run(scenario, options),
      }).catch((error) => error.result ?? Promise.reject(error));
    }
  }),
);

const report = buildRunReport({
  entries: entries.map((entry, index) => ({
    scenario: { name: entry.config.name, description: entry.config.description, expect: entry.config.expect },
    result: results[index],
  })),
  batchRunId: `voice-demo-${started.getTime()}`,
  startedAt: started,
  finishedAt: new Date(),
  toolVersion: "demo",
  command: "npm run demo:voice",
});

const ms = (seconds) => (seconds === undefined ? "–" : `${Math.round(seconds * 1000)} ms`);
const rate = (value) => (value === undefined ? "–" : `${Math.round(value * 100)}%`);
const rows = report.entries.map((entry, index) => {
  const result = results[index];
  const interaction = result.interaction ?? {};
  return [
    entry.expectation.outcome === "as_expected" ? "ok " : "NOT",
    `${entry.scenario.name}`.padEnd(52),
    `expected ${entry.expectation.expected}, got ${result.status}`.padEnd(30),
    `p50 ${ms(result.latency?.p50ResponseTime)} p95 ${ms(result.latency?.p95ResponseTime)}`.padEnd(24),
    `yield ${rate(interaction.yieldRate)} selectivity ${rate(interaction.selectivity)}`,
  ].join("  ");
});
process.stdout.write(`${rows.join("\n")}\n`);
for (const [index, entry] of report.entries.entries())
  if (entry.expectation.outcome !== "as_expected")
    process.stdout.write(`\n${entry.scenario.name}: ${results[index].reasoning ?? results[index].error ?? ""}\n`);

const written = await writeReports(report, [{ kind: "html", path: "reports/voice.html" }], here);
process.stdout.write(`\nreport: ${written.map((path) => relative(process.cwd(), path)).join(", ")}\n`);
if (saveAudioAt) {
  for (const [index, result] of results.entries()) {
    if (!result.audio) continue;
    const directory = join(saveAudioAt, `${String(index + 1).padStart(2, "0")}-${entries[index].variant}`);
    await result.audio.saveSegments(directory);
  }
  process.stdout.write(`recordings: ${relative(process.cwd(), saveAudioAt) || "."}\n`);
}
const unexpected = report.expectations.unexpected;
process.stdout.write(
  unexpected > 0
    ? `${unexpected} of ${report.entries.length} outcomes NOT as expected.\n`
    : `All ${report.entries.length} outcomes as expected.\n`,
);
process.exitCode = unexpected === 0 ? 0 : 1;
