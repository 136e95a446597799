import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

// Black-box: the built bin (`npm run build` first), scenario files in a temp dir.
const bin = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-cli-run-"));
  // Stops the config-file search in the temp dir.
  writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

/** Runs the bin in the temp dir with stdin a pipe, as under a test runner or CI. */
function rehearse(...args: string[]) {
  const env = { ...process.env, REHEARSE_DEBUG_TTY: "", REHEARSE_LOG_LEVEL: "warn" };
  return spawnSync(process.execPath, [bin, ...args], { cwd: directory, encoding: "utf8", env, input: "" });
}

// Plain-object agents, so the files import nothing: the judge passes when the agent said "yes".
const scenarios = `
const judge = { role: "Judge", call: async (input) => {
  const reply = String(input.messages.at(-1)?.content ?? "");
  return { success: reply.includes("yes"), reasoning: reply.includes("yes") ? "said yes" : "never said yes", metCriteria: [], unmetCriteria: [] };
} };
const user = { role: "User", call: async () => "question" };
const replying = (name, text) => ({ name, description: "d", agents: [{ role: "Agent", call: async () => text }, user, judge] });
`;

describe("rehearse run", () => {
  it("runs YAML scenario files (tools from a module) and rejects a bad one with file:line: field, before running anything", () => {
    writeFileSync(
      join(directory, "tools.mjs"),
      `export const agent = { role: "Agent", call: async (input) => { await input.tools.open_ticket.execute({ subject: "refund" }, { toolCallId: "t1" }); return "ticket opened"; } };`,
    );
    const good = [
      "name: Opens a ticket",
      "description: The agent opens a ticket",
      "agent: { module: ./tools.mjs, export: agent }",
      "environment:",
      "  state: { tickets: 0 }",
      "  tools:",
      "    open_ticket:",
      "      parameters: { type: object, properties: { subject: { type: string } } }",
      "      response: { increment: { tickets: 1 }, result: { ok: true } }",
      "script:",
      "  - { type: user_message, message: I need help }",
      "  - { type: agent_action, action: open_ticket }",
      "expected_outcomes:",
      "  state: [{ path: tickets, operator: equals, value: 1 }]",
    ].join("\n");
    writeFileSync(join(directory, "ticket.scenario.yaml"), good);
    const passed = rehearse("run", "ticket.scenario.yaml");
    expect(passed.stdout).toContain("PASS   Opens a ticket  — All 2 declarative checks passed");
    expect(passed.status).toBe(0);

    writeFileSync(join(directory, "bad.scenario.yaml"), good.replace("response:", "reponse:"));
    const rejected = rehearse("run", "ticket.scenario.yaml", "bad.scenario.yaml");
    expect(rejected.status).toBe(2);
    expect(rejected.stdout).toBe("");
    expect(rejected.stderr).toMatch(
      /bad\.scenario\.yaml:9:7: environment\.tools\.open_ticket\.reponse: .*did you mean "response"/,
    );
    expect(rejected.stderr).not.toMatch(/\n\s+at /);
  });

  it("runs a file's scenarios, prints a line each and a summary, exits 1 on a failure", () => {
    writeFileSync(
      join(directory, "mixed.scenario.mjs"),
      `${scenarios}export default [replying("agrees", "yes"), replying("refuses", "no")];`,
    );
    const result = rehearse("run", "mixed.scenario.mjs", "--concurrency", "1", "--seed", "3");
    expect(result.stdout.trim().split("\n")).toEqual([
      "PASS   agrees  — said yes",
      "FAIL   refuses  — never said yes",
      "1 passed, 1 failed, 0 errors, 0 skipped",
    ]);
    expect(result.status).toBe(1);
  });

  it("loads TypeScript scenario files and exits 0 when all pass", () => {
    writeFileSync(
      join(directory, "typed.scenario.ts"),
      `${scenarios}export const scenarios: unknown[] = [replying("agrees", "yes")];`,
    );
    const result = rehearse("run", "typed.scenario.ts");
    expect(result.stdout).toContain("PASS   agrees  — said yes");
    expect(result.status).toBe(0);
  });

  it("exits 2 for usage errors and bad exports", () => {
    expect(rehearse("run").status).toBe(2);
    const both = rehearse("run", "x.mjs", "--record", "--replay");
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("--record and --replay cannot be used together");
    writeFileSync(join(directory, "bad.mjs"), `export default { name: "no agents" };`);
    const bad = rehearse("run", "bad.mjs");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("bad.mjs: default export must be a scenario or an array of scenarios (got an object without");
  });

  it("--debug without a terminal says so and runs without pausing", () => {
    writeFileSync(join(directory, "one.mjs"), `${scenarios}export default replying("agrees", "yes");`);
    const result = rehearse("run", "one.mjs", "--debug");
    expect(result.stderr).toContain("stdin is not a terminal");
    expect(result.stderr).toContain("REHEARSE_DEBUG_TTY=1");
    expect(result.stdout).toContain("PASS   agrees");
    expect(result.status).toBe(0);
  });

  it("keeps exiting 2 for unknown commands", () => {
    const result = rehearse("frobnicate");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command or option "frobnicate"');
  });
});
