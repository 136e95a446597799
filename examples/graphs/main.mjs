// The graphs example (`npm run start --workspace examples/graphs`): the support system as a behavioral graph,
// tested healthy and in one broken variant per failure class — wrong handoff, contract breach, loop, a node
// leaking data under a chaos mode — plus a failure its fallback absorbs. Every row declares the outcome it
// must have and the node it must be attributed to; the exit code is 0 only when every row is as expected.
import { createRehearse } from "@rehearse/core";
import { blamed, graphScenarios } from "./scenarios.mjs";

const rehearse = createRehearse({ configFile: false, env: {} });
let wrong = 0;
const rows = [];
for (const entry of await graphScenarios()) {
  const outcome = await rehearse
    .run({ ...entry.config, seed: 2026 })
    .catch((error) => (error.result ? { ...error.result, error: error.message } : Promise.reject(error)));
  const node = blamed(outcome);
  const asExpected = outcome.status === entry.expect && (entry.blame === undefined || node === entry.blame);
  if (!asExpected) wrong++;
  const path = outcome.reports?.support?.hops.map((hop) => hop.node).join(" → ") ?? "";
  rows.push([
    asExpected ? "ok " : "NO ",
    entry.expect.padEnd(5),
    outcome.status.padEnd(5),
    (node ?? "-").padEnd(10),
    entry.name,
    path,
  ]);
}
process.stdout.write("    expect observed blamed     scenario  (path)\n");
for (const [mark, expected, observed, node, name, path] of rows)
  process.stdout.write(`${mark} ${expected} ${observed}    ${node} ${name}  (${path})\n`);
process.stdout.write(`\n${rows.length - wrong} of ${rows.length} as expected\n`);
process.exitCode = wrong === 0 ? 0 : 1;
