import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "./test-support/cli-test-context.js";

// A run from the command line names the command line's settings when a model is missing:
// `--model` first, then the environment and the config file, then the agent's own setting —
// the file's `model:` key for a scenario file (test/cli-run.test.ts has the TypeScript module's case).

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-no-model-"));
  writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
  writeFileSync(join(directory, "agent.mjs"), `export default { role: "Agent", call: async () => "Your refund is issued." };\n`);
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const cliDefault = "add --model openai:gpt-4.1-mini, set REHEARSE_DEFAULT_MODEL (or defaultModel in rehearse.config.mjs)";

function yaml(file: string, ...lines: string[]): string {
  const header = ["name: refund", "description: A customer asks for a refund.", "agent: { module: ./agent.mjs }"];
  writeFileSync(join(directory, file), `${[...header, ...lines].join("\n")}\n`);
  return file;
}

/** The reason printed on the result line of the one scenario run. */
async function skipReason(...argv: string[]): Promise<string> {
  const result = await cli(directory, "run", ...argv);
  expect(result.errors).toEqual([]);
  // the one scenario was skipped: nothing was tested
  expect(result.code).toBe(3);
  const line = result.printed[0] ?? "";
  expect(line).toMatch(/^SKIP {3}refund {2}— /);
  return line.replace(/^SKIP {3}refund {2}— /, "");
}

describe("rehearse run without a model", () => {
  it("names --model and the file's `model:` key under `judge` for a checkpoint", async () => {
    const file = yaml(
      "refund.yaml",
      "script:",
      '  - { type: user, content: "Refund order A100" }',
      "  - { type: agent }",
      '  - { type: judge, criteria: ["The agent confirms the refund"] }',
    );
    const reason = await skipReason(file);
    expect(reason).toContain(`${cliDefault}, or add \`model:\` under \`judge\` in refund.yaml`);
    expect(reason).not.toContain("judgeAgent(");
    expect(reason).not.toContain("configure(");
  });

  it("names the file's `model:` key under `user.simulator` for a simulated user turn", async () => {
    const file = yaml(
      "simulated.yaml",
      "user: { simulator: { persona: terse } }",
      "script:",
      "  - { type: user }",
      "  - { type: agent }",
      "  - { type: succeed }",
    );
    const reason = await skipReason(file);
    expect(reason).toContain(`${cliDefault}, or add \`model:\` under \`user.simulator\` in simulated.yaml`);
    expect(reason).toContain("or give the user steps their content");
    expect(reason).not.toContain("userSimulatorAgent(");
    expect(reason).not.toContain('user("…")');
  });
});
