// The Rehearse quick start: runs the suite in scenarios.mjs offline (no model,
// no network) and prints expected against observed outcomes. Exit code 0 only
// when every scenario ends as expected.
import { runMany } from "@rehearse/core";
import { scenarios } from "./scenarios.mjs";

const batch = await runMany(
  scenarios.map((entry) => entry.config),
  { seed: 2026, concurrency: 4 },
);

const rows = batch.results.map((result, index) => ({ result, expected: scenarios[index].expected }));
const width = Math.max(...rows.map((row) => row.result.scenarioId.length));
console.log(`\nRehearse quick start — ${batch.total} scenarios, seed 2026\n`);
console.log(`${"scenario".padEnd(width)}  expected  observed`);
let mismatches = 0;
for (const { result, expected } of rows) {
  const ok = result.status === expected;
  if (!ok) mismatches++;
  console.log(
    `${result.scenarioId.padEnd(width)}  ${expected.padEnd(8)}  ${result.status.padEnd(8)} ${ok ? "✓" : "✗ unexpected"}`,
  );
  if (result.status !== "pass") console.log(`${" ".repeat(width)}  ↳ ${result.reasoning.split("\n").join(" | ")}`);
}
console.log(
  `\n${mismatches === 0 ? "All outcomes as expected." : `${mismatches} unexpected ${mismatches === 1 ? "outcome" : "outcomes"}.`}`,
);
process.exitCode = mismatches === 0 ? 0 : 1;
