import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A user's project: vitest.config uses withScenario and reporters: ["default", new VitestReporter()].
const project = fileURLToPath(new URL("./fixtures/vitest-scenario-project", import.meta.url));
// vitest's bin file is not in its exports map; find it beside its package.json
const vitestBin = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
const workingDirectories: string[] = [];

/** Every file under `directory`, relative to it. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(directory.length + 1))
    .sort();
}

/** Runs vitest on the project from an empty working directory (where the reference would write `.scenario/`). */
function runVitest(extraArguments: string[] = []) {
  const cwd = mkdtempSync(join(tmpdir(), "rehearse-vitest-cwd-"));
  workingDirectories.push(cwd);
  const environment: Record<string, string | undefined> = { ...process.env, CI: "true", NO_COLOR: "1", FORCE_COLOR: "0" };
  delete environment.SCENARIO_BATCH_RUN_ID;
  delete environment.VITEST_WORKER_ID;
  // --no-cache: vitest's own results cache is the one file a plain vitest run writes; leave it out to see ours
  const run = spawnSync(process.execPath, [vitestBin, "run", "--no-cache", "--root", project, ...extraArguments], {
    cwd,
    encoding: "utf8",
    env: environment,
  });
  return { status: run.status, output: `${run.stdout}\n${run.stderr}`, cwdFiles: filesUnder(cwd) };
}

/** The text of one printed run: from its header to the verdict's closing line. */
function block(output: string, name: string): string {
  const start = output.indexOf(`--- Scenario Run: ${name} ---`);
  expect(start, `no block for ${name}`).toBeGreaterThanOrEqual(0);
  return output.slice(start, output.indexOf("-----------------------------", start));
}

function batchIds(output: string): string[] {
  return [...output.matchAll(/^Batch(?:es)?: (.+)$/gm)].flatMap((match) => (match[1] ?? "").split(", "));
}

afterAll(() => {
  for (const directory of workingDirectories) rmSync(directory, { recursive: true, force: true });
});

describe("the vitest integration under a real vitest run", () => {
  let before: string[] = [];
  let first: ReturnType<typeof runVitest>;
  beforeAll(() => {
    before = filesUnder(project);
    first = runVitest();
  }, 60_000);

  it("prints a passing run's chat log with tool calls and results, and its verdict", () => {
    expect(first.status).toBe(1); // one scenario test fails on purpose
    const passing = block(first.output, "Refund with an order number");
    expect(passing).toContain("Test: refunds.scenario.mjs > refunds the order");
    expect(passing).toContain("Description: A customer asks for a refund and gives the order number.");
    expect(passing).toContain("User: I'd like a refund for order 1002");
    expect(passing).toContain('ToolCall(issue_refund):\n\n  {\n    "order": "1002",\n    "amount": 89\n  }');
    expect(passing).toContain('ToolResult(issue_refund):\n\n  {\n    "refunded": 89\n  }');
    expect(passing).toContain("Agent: Refunded $89 for order 1002.");
    expect(passing).toContain("Status: PASS");
    expect(passing).toContain('Met criteria: Agent called tool "issue_refund", Agent response contains "$89"');
  });

  it("prints a failing, a skipped and an errored run as what they are", () => {
    const failing = block(first.output, "Thanks the customer");
    expect(failing).toContain("Status: FAIL");
    expect(failing).toContain('Unmet criteria: Agent response contains "thank you"');
    expect(failing).toContain("Reasoning: unmet: Agent response contains");
    const skipped = block(first.output, "Simulated user without a model");
    expect(skipped).toContain("Status: SKIPPED");
    expect(skipped).toContain("has no model");
    const errored = block(first.output, "Broken agent");
    expect(errored).toContain("Status: ERROR");
    expect(errored).toContain("Error: [Agent] database down");
  });

  it("attributes runs of concurrent tests to the test that started them", () => {
    expect(block(first.output, "Slow run")).toContain("Test: others.scenario.mjs > concurrent > slow test");
    expect(block(first.output, "Fast run")).toContain("Test: others.scenario.mjs > concurrent > fast test");
  });

  it("ends with the Scenario Test Report", () => {
    const report = first.output.slice(first.output.indexOf("=== Scenario Test Report ==="));
    expect(report).toContain("Total Scenarios: 6\nPassed: 3\nFailed: 1\nErrors: 1\nSkipped: 1\nSuccess Rate: 50.0%");
    expect(report).toMatch(
      /\d\. Refund with an order number - PASS in \d+\.\d\ds\n {2}Reasoning: .+\n {2}Success Criteria: 2\/2/,
    );
    expect(report).toMatch(/\d\. Thanks the customer - FAIL in \d+\.\d\ds\n {2}Reasoning: .+\n {2}Success Criteria: 0\/1/);
    expect(report).toMatch(/\d\. Simulated user without a model - SKIPPED in /);
    expect(report).toMatch(/\d\. Broken agent - ERROR in /);
  });

  it("writes no file: not in the working directory (no .scenario/), not in the project", () => {
    expect(first.cwdFiles).toEqual([]);
    expect(filesUnder(project)).toEqual(before);
  });

  it("gives both test files one batch id per vitest run, a new one each run", () => {
    // In worker threads every worker's parent process is the caller of vitest, so without the
    // global setup two runs from one process on one day would report into the same batch.
    const ids = [first, runVitest(["--pool=threads"]), runVitest(["--pool=threads"])].map((run) => batchIds(run.output));
    for (const runIds of ids) expect(runIds).toHaveLength(1);
    expect(ids[0]?.[0]).toMatch(/^scenariobatch_[0-9a-z]+$/);
    expect(new Set(ids.map((runIds) => runIds[0])).size).toBe(3);
  }, 60_000);
});

describe("the vitest subpaths", () => {
  it("are separate: the library root loads no vitest (an optional peer), the reporter and config load no test runner", () => {
    const recorder = fileURLToPath(new URL("./fixtures/record-loads.mjs", import.meta.url));
    const loadedBy = (specifier: string): string[] => {
      const output = execFileSync(
        process.execPath,
        ["--import", recorder, "--input-type=module", "-e", `await import(${JSON.stringify(specifier)});`],
        { cwd: project, encoding: "utf8" },
      );
      return JSON.parse(output.split("LOADED ")[1] ?? "[]");
    };
    const vitest = (urls: string[]) => urls.filter((url) => /\/node_modules\/(vitest|@vitest)\//.test(url));
    expect(vitest(loadedBy("@rehearse/core"))).toEqual([]);
    expect(vitest(loadedBy("@rehearse/core/integrations/vitest/config"))).toEqual([]);
    expect(vitest(loadedBy("@rehearse/core/integrations/vitest/reporter"))).toEqual([]);
    expect(vitest(loadedBy("@rehearse/core/integrations/vitest/setup-global"))).toEqual([]);
  });
});
