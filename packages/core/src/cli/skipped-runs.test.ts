import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "./test-support/cli-test-context.js";

// An explicit request never ends green without doing the work: a run where nothing was
// tested exits 3, `--fail-on-skipped` makes any skip fail, and every skip is listed with its reason.

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-skips-"));
  writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
  writeFileSync(join(directory, "agent.mjs"), `export default { role: "Agent", call: async () => "Your refund is issued." };\n`);
  // a judge checkpoint with no model anywhere: the run ends skipped, naming the setting
  writeFileSync(
    join(directory, "needs-model.yaml"),
    [
      "name: refund judged",
      "description: A customer asks for a refund.",
      "agent: { module: ./agent.mjs }",
      "script:",
      '  - { type: user, content: "Refund order A100" }',
      "  - { type: agent }",
      '  - { type: judge, criteria: ["The agent confirms the refund"] }',
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(directory, "decided.yaml"),
    [
      "name: refund scripted",
      "description: A customer asks for a refund.",
      "agent: { module: ./agent.mjs }",
      "script:",
      '  - { type: user, content: "Refund order A100" }',
      "  - { type: agent }",
      "  - { type: succeed }",
      "",
    ].join("\n"),
  );
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe("rehearse run with skipped runs", () => {
  it("exits 3 when every run was skipped, listing each skip with its reason above the totals", async () => {
    const { code, printed, errors } = await cli(directory, "run", "needs-model.yaml");
    expect(errors).toEqual([]);
    const heading = printed.indexOf("skipped: 1 (not tested; neither a pass nor a failure)");
    expect(heading).toBeGreaterThan(0);
    expect(printed[heading + 1]).toMatch(/^ {2}- refund judged — .*--model openai:gpt-4\.1-mini, set REHEARSE_DEFAULT_MODEL/);
    expect(printed.slice(-2)).toEqual([
      "0 passed, 0 failed, 0 errors, 1 skipped",
      "nothing tested: every run was skipped (1 run)",
    ]);
    expect(code).toBe(3);
  });

  it("exits 0 when some runs were decided and passed, still listing the skips", async () => {
    const { code, printed } = await cli(directory, "run", "decided.yaml", "needs-model.yaml", "-j", "1");
    expect(printed).toContain("skipped: 1 (not tested; neither a pass nor a failure)");
    expect(printed.at(-1)).toBe("1 passed, 0 failed, 0 errors, 1 skipped");
    expect(code).toBe(0);
  });

  it("--fail-on-skipped makes any skip fail the run (exit 1)", async () => {
    const { code, printed } = await cli(directory, "run", "decided.yaml", "needs-model.yaml", "-j", "1", "--fail-on-skipped");
    expect(printed).toContain("skipped: 1 (--fail-on-skipped: they fail the run)");
    // the totals say why a run with no failure exits 1
    expect(printed.slice(-2)).toEqual(["1 passed, 0 failed, 0 errors, 1 skipped", "failing: 1 run skipped (--fail-on-skipped)"]);
    expect(code).toBe(1);
    const passing = await cli(directory, "run", "decided.yaml", "--fail-on-skipped");
    expect(passing.code).toBe(0);
    expect(passing.printed.join("\n")).not.toContain("skipped:");
  });

  it("exits 3 when the filters match nothing, saying how many scenarios there were", async () => {
    const { code, printed, errors } = await cli(directory, "run", "decided.yaml", "needs-model.yaml", "--grep", "zzz");
    expect(errors).toEqual(["rehearse run: no scenario matches the filter (grep=zzz) among 2 scenarios"]);
    expect(printed).toEqual([]);
    expect(code).toBe(3);
  });
});
