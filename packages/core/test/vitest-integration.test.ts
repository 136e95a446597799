import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const project = fileURLToPath(new URL("./fixtures/vitest-project", import.meta.url));
// vitest's bin file is not in its exports map; find it beside its package.json
const vitestBin = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");

describe("rehearse/vitest under a real vitest run", () => {
  it("prints the failure details and the scenario summary", () => {
    const run = spawnSync(process.execPath, [vitestBin, "run", "--root", project], {
      encoding: "utf8",
      env: { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" },
    });
    const output = `${run.stdout}\n${run.stderr}`;
    expect(run.status).toBe(1);
    expect(output).toContain('expected scenario "echo-is-polite" to pass');
    expect(output).toContain('  - Agent response contains "thank you"');
    expect(output).toContain("  user: hello");
    expect(output).toContain("Rehearse: 2 scenarios — 1 pass, 1 fail, 0 error, 0 skipped");
    expect(output).toContain("FAIL echo-is-polite");
  }, 60_000);
});
