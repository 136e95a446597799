import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bin, cleanEnvironment, tempProject } from "../src/cli/test-support/bin.js";

// Black-box, under a real pseudo-terminal made by util-linux `script` (built package: `npm run build` first).
// Live progress draws on the terminal; a pseudo-terminal that reports 0 columns cannot be drawn on,
// and the run prints plain lines instead of losing them.

// `script` is not on every machine (macOS has a BSD one with other flags): without it there is no pty to test under
const hasScript = spawnSync("script", ["-qc", "true", "/dev/null"]).status === 0;

let project: ReturnType<typeof tempProject>;
beforeEach(() => {
  project = tempProject("rehearse-cli-terminal-");
  writeFileSync(
    join(project.directory, "three.mjs"),
    `const judge = { role: "Judge", call: async () => ({ success: true, reasoning: "fine", metCriteria: [], unmetCriteria: [] }) };
export default ["a", "b", "c"].map((name) => ({ name, description: "d", agents: [{ role: "Agent", call: async () => "yes" }, { role: "User", call: async () => "q" }, judge] }));`,
  );
});
afterEach(() => project.remove());

/** Runs `rehearse run three.mjs` in a pty of `columns` columns; the output without escapes and carriage returns. */
function underTerminal(columns: number): string {
  const { CI: _ci, ...rest } = cleanEnvironment();
  const env = { ...rest, TERM: "xterm-256color" };
  const command = `stty cols ${columns} rows 24; ${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} run three.mjs`;
  const run = spawnSync("script", ["-qc", command, "/dev/null"], { cwd: project.directory, env, encoding: "utf8" });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping the terminal's escape sequences is the point
  return run.stdout.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r/g, "");
}

describe.skipIf(!hasScript)("rehearse run under a pseudo-terminal", () => {
  it("prints plain lines, one per run, when the terminal reports 0 columns", () => {
    expect(underTerminal(0).split("\n").filter(Boolean)).toEqual([
      "PASS   a  — fine",
      "PASS   b  — fine",
      "PASS   c  — fine",
      "3 passed, 0 failed, 0 errors, 0 skipped",
    ]);
  });

  it("draws live progress on a terminal with a width", () => {
    const output = underTerminal(80);
    expect(output).toContain("✔ PASS   a  — fine");
    expect(output.trimEnd().split("\n").at(-1)).toBe("3 passed, 0 failed, 0 errors, 0 skipped");
  });
});
