import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The demo's closing line sums up its table: the same counts, out of the same number of rows; the
// last line says every run reached the run-history server it started (through the real reporter).

const demo = fileURLToPath(new URL("..", import.meta.url));

/** The environment without the developer's model settings, so the LLM rows are skipped. */
function offline(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(REHEARSE_|SCENARIO_|OPENAI_|ANTHROPIC_)/.test(key)) env[key] = value;
  return env;
}

describe("npm run demo", () => {
  it("ends with a line whose counts match the table, and stores every run in its history server", () => {
    const run = spawnSync(process.execPath, ["main.mjs"], { cwd: demo, env: offline(), encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    const totals = lines.findIndex((line) => /^\d+ as expected, \d+ unexpected, \d+ undecided \(skipped\)$/.test(line));
    const [asExpected, unexpected, undecided] = (lines[totals]?.match(/\d+/g) ?? []).map(Number);
    // the rows sit between the header's rule and the totals line
    const rows = totals - lines.findIndex((line) => line.startsWith("────")) - 1;
    expect(rows).toBe((asExpected ?? 0) + (unexpected ?? 0) + (undecided ?? 0));
    expect(unexpected).toBe(0);
    expect(undecided).toBeGreaterThan(0);
    expect(lines.at(-2)).toBe(
      `${asExpected} of ${rows} outcomes as expected, ${undecided} skipped (no model configured); none unexpected.`,
    );
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^history: ${rows} runs of this batch stored \\(pass rate \\d+%\\); browse it: npx rehearse serve --data-dir \\S*\\.history$`,
      ),
    );
  });
});
