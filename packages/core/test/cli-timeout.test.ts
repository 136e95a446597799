import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rehearseIn, tempProject } from "../src/cli/test-support/bin.js";

// Black-box: the built bin (`npm run build` first) on YAML scenarios whose module agent hangs.
let project: ReturnType<typeof tempProject>;
let directory: string;
beforeEach(() => {
  project = tempProject("rehearse-cli-timeout-");
  directory = project.directory;
  // `hanging` never settles and starts no timer: without a limit Node would have nothing left to wait for
  writeFileSync(
    join(directory, "agents.mjs"),
    [
      'export const hanging = { name: "HangingAgent", role: "Agent", call: () => new Promise(() => {}) };',
      'export const quick = { name: "QuickAgent", role: "Agent", call: async () => "yes" };',
    ].join("\n"),
  );
});
afterEach(() => {
  project.remove();
});

const scenario = (file: string, name: string, agent: string, extra = "") =>
  writeFileSync(
    join(directory, file),
    [
      `name: ${name}`,
      "description: d",
      `agent: { module: ./agents.mjs, export: ${agent} }`,
      "script:",
      "  - { type: user_message, message: Will you? }",
      "  - { type: assertion, path: last_response, operator: contains, value: 'yes' }",
      extra,
    ].join("\n"),
  );

describe("rehearse run with an agent that never answers", () => {
  it("ends the hanging run `error` at the file's limit, naming the agent and the limit, runs the rest, exits 1", () => {
    scenario("a-hangs.yaml", "hangs", "hanging", "timeout_seconds: 0.2");
    scenario("b-quick.yaml", "quick", "quick");
    const started = Date.now();
    const result = rehearseIn(directory, ["run", ".", "-j", "1"]);
    expect(result.stdout).toMatch(/ERROR {2}hangs {2}— .*\[HangingAgent\] did not answer within 200 ms/);
    expect(result.stdout).toMatch(/PASS +quick +— /);
    expect(result.status).toBe(1);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it("--timeout sets the limit of each agent call", () => {
    scenario("a-hangs.yaml", "hangs", "hanging");
    const result = rehearseIn(directory, ["run", "a-hangs.yaml", "--timeout", "0.15"]);
    expect(result.stdout).toContain("[HangingAgent] did not answer within 150 ms");
    expect(result.status).toBe(1);
  });

  it("with every limit off, ends the hanging run `error` run_stalled, runs the rest, writes the summary and the reports, and exits 4", () => {
    const off = "timeout_seconds: { agent_call: 0, scenario: 0 }";
    scenario("a-hangs.yaml", "hangs", "hanging", off);
    scenario("b-quick.yaml", "quick", "quick", off);
    scenario("c-hangs.yaml", "hangs too", "hanging", off);
    const result = rehearseIn(directory, ["run", ".", "-j", "1", "--reporter", "json=out.json"]);
    expect(result.stdout).toMatch(/ERROR {2}hangs {2}— .*Scenario "hangs" could never finish: .*timeouts\.scenarioMs/);
    expect(result.stdout).toMatch(/PASS +quick +— /);
    expect(result.stdout).toMatch(/ERROR {2}hangs too {2}— .*Scenario "hangs too" could never finish/);
    expect(result.stdout).toContain("1 passed, 0 failed, 2 errors, 0 skipped");
    expect(result.stdout).toContain("report: out.json");
    const report = JSON.parse(readFileSync(join(directory, "out.json"), "utf8"));
    expect(
      report.entries.map(
        (entry: { result: { status: string; errorCode?: string } }) => entry.result.errorCode ?? entry.result.status,
      ),
    ).toEqual(["run_stalled", "pass", "run_stalled"]);
    expect(result.stderr).toContain("rehearse: 2 runs could never finish");
    expect(result.status).toBe(4);
  });

  it("with a stall outside any run, says so and exits 4 instead of Node's silent 13", () => {
    // the module never finishes loading: no run has started, nothing can end it
    writeFileSync(join(directory, "agents.mjs"), "await new Promise(() => {});\nexport const quick = {};\n");
    scenario("b-quick.yaml", "quick", "quick", "timeout_seconds: { agent_call: 0, scenario: 0 }");
    const result = rehearseIn(directory, ["run", "b-quick.yaml"]);
    expect(result.stderr).toContain(
      "rehearse: the run can never finish: a promise never settled and nothing else was left to wait for",
    );
    expect(result.status).toBe(4);
  });
});
