import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { countResults, parseArguments, summarise } from "./count-results.mjs";

// A vitest JSON report, trimmed to what the counting reads, of a run with: a file of a pass, a
// failure and a skip; a file whose import fails; a describe body that throws; a beforeAll that
// throws (its test reported skipped); an afterAll that throws (its test passed).
const report = {
  numPassedTests: 2,
  numFailedTests: 1,
  numPendingTests: 2,
  numTodoTests: 0,
  testResults: [
    {
      name: "/repo/a.test.ts",
      status: "failed",
      message: "",
      assertionResults: [{ status: "passed" }, { status: "failed" }, { status: "skipped" }],
    },
    {
      name: "/repo/b.test.ts",
      status: "failed",
      message: "Cannot find module './missing.js' imported from /repo/b.test.ts\n    at stack",
      assertionResults: [],
    },
    { name: "/repo/c.test.ts", status: "failed", message: "suite body threw", assertionResults: [] },
    { name: "/repo/d.test.ts", status: "failed", message: "before", assertionResults: [{ status: "skipped" }] },
    { name: "/repo/e.test.ts", status: "failed", message: "after", assertionResults: [{ status: "passed" }] },
    { name: "/repo/f.test.ts", status: "passed", message: "", assertionResults: [{ status: "passed" }] },
  ],
};

let directory;
afterEach(() => {
  if (directory) rmSync(directory, { recursive: true, force: true });
  directory = undefined;
});

describe("CI's closing line", () => {
  it("counts each file that failed to load or whose suite threw as one failure", () => {
    const counts = countResults(report);
    expect(counts).toMatchObject({ passed: 2, failed: 5, skipped: 2 });
    expect(counts.brokenFiles.map((broken) => broken.file)).toEqual([
      "/repo/b.test.ts",
      "/repo/c.test.ts",
      "/repo/d.test.ts",
      "/repo/e.test.ts",
    ]);
  });

  it("names the broken files, then ends with `N passed, N failed, N skipped`", () => {
    directory = mkdtempSync(join(tmpdir(), "ci-count-"));
    const file = join(directory, "vitest.json");
    writeFileSync(file, JSON.stringify(report));
    const { lines, failed } = summarise(file, "/repo");
    expect(lines).toEqual([
      "failed to load or threw: b.test.ts: Cannot find module './missing.js' imported from /repo/b.test.ts",
      "failed to load or threw: c.test.ts: suite body threw",
      "failed to load or threw: d.test.ts: before",
      "failed to load or threw: e.test.ts: after",
      "2 passed, 5 failed, 2 skipped",
    ]);
    expect(failed).toBe(5);
  });

  it("leaves the skipped part out when nothing was skipped, and a green run fails nothing", () => {
    directory = mkdtempSync(join(tmpdir(), "ci-count-"));
    const file = join(directory, "vitest.json");
    writeFileSync(
      file,
      JSON.stringify({ numPassedTests: 3, numFailedTests: 0, testResults: [{ name: "/r/x", status: "passed" }] }),
    );
    expect(summarise(file)).toEqual({ lines: ["3 passed, 0 failed"], failed: 0 });
  });

  it("counts and names a CI step that failed outside the tests (the reference install)", () => {
    directory = mkdtempSync(join(tmpdir(), "ci-count-"));
    const file = join(directory, "vitest.json");
    writeFileSync(file, JSON.stringify({ numPassedTests: 3, numFailedTests: 0, testResults: [] }));
    expect(summarise(file, "/repo", ["reference install"])).toEqual({
      lines: ["failed outside the tests: reference install", "3 passed, 1 failed (reference install)"],
      failed: 1,
    });
    const missing = summarise(join(directory, "none.json"), "/repo", ["reference install"]);
    expect(missing.lines.slice(1)).toEqual([
      "failed outside the tests: reference install",
      "0 passed, 2 failed (reference install)",
    ]);
    expect(missing.failed).toBe(2);
  });

  it("reads the report path and each --failed step from the command line", () => {
    expect(parseArguments(["out.json", "--failed", "reference install", "--failed", "demo"])).toEqual({
      path: "out.json",
      failedSteps: ["reference install", "demo"],
    });
    expect(parseArguments([])).toEqual({ path: ".vitest.json", failedSteps: [] });
    expect(() => parseArguments(["out.json", "--failed"])).toThrow(/--failed needs the name of the step/);
    expect(() => parseArguments(["out.json", "--fail", "x"])).toThrow(/unknown argument "--fail"/);
  });

  it("shows why a file whose describe-level beforeAll threw failed: the skipped tests' message, else their suite", () => {
    const counts = countResults({
      numPassedTests: 0,
      numPendingTests: 3,
      testResults: [
        {
          name: "/repo/g.test.ts",
          status: "failed",
          message: "",
          assertionResults: [
            { status: "skipped", ancestorTitles: ["store"], failureMessages: [] },
            { status: "skipped", ancestorTitles: ["store"], failureMessages: ["Error: database did not start\n    at x"] },
          ],
        },
        {
          name: "/repo/h.test.ts",
          status: "failed",
          message: "",
          assertionResults: [{ status: "skipped", ancestorTitles: ["queue", "retries"], failureMessages: [] }],
        },
      ],
    });
    expect(counts.brokenFiles).toEqual([
      { file: "/repo/g.test.ts", message: "Error: database did not start" },
      {
        file: "/repo/h.test.ts",
        message: 'no message in the report; 1 test skipped in "queue > retries" (a hook there threw: see the test output above)',
      },
    ]);
  });

  it("reports a missing result file as a failed run, never as stale numbers", () => {
    directory = mkdtempSync(join(tmpdir(), "ci-count-"));
    const { lines, failed } = summarise(join(directory, "vitest.json"));
    expect(lines.at(-1)).toBe("0 passed, 1 failed");
    expect(lines[0]).toContain("was not written");
    expect(failed).toBe(1);
  });
});

describe("CI's closing line with the browser tests", () => {
  // a Playwright JSON report (`--reporter=json`), trimmed to what the counting reads
  const browser = {
    stats: { expected: 5, unexpected: 1, flaky: 0, skipped: 2 },
    errors: [{ message: "Error: e2e/broken.spec.ts: Cannot find module './nope'\n    at stack" }],
  };

  it("adds the browser tests' counts, and counts a spec that failed to load as one failure", () => {
    directory = mkdtempSync(join(tmpdir(), "count-results-"));
    const unit = join(directory, "vitest.json");
    const e2e = join(directory, "playwright.json");
    writeFileSync(unit, JSON.stringify(report));
    writeFileSync(e2e, JSON.stringify(browser));
    const { lines, failed } = summarise(unit, directory, [], e2e);
    expect(lines).toContain("browser tests: failed to load or threw: Error: e2e/broken.spec.ts: Cannot find module './nope'");
    // vitest 2 passed + 5 failed (1 test, 4 broken files); playwright 5 passed, 1 + 1 failed, 2 skipped
    expect(lines.at(-1)).toBe("7 passed, 7 failed, 4 skipped");
    expect(failed).toBe(7);
  });

  it("counts a missing browser report as a failure, never as nothing to run", () => {
    directory = mkdtempSync(join(tmpdir(), "count-results-"));
    const unit = join(directory, "vitest.json");
    writeFileSync(unit, JSON.stringify({ numPassedTests: 3, numFailedTests: 0, testResults: [] }));
    const { lines, failed } = summarise(unit, directory, [], join(directory, "absent.json"));
    expect(lines).toContain(
      `browser tests: ${join(directory, "absent.json")} was not written: the browser test run reported nothing`,
    );
    expect(lines.at(-1)).toBe("3 passed, 1 failed");
    expect(failed).toBe(1);
  });

  it("reads --browser-report from the command line", () => {
    expect(parseArguments(["out.json", "--browser-report", "e2e.json"])).toEqual({
      path: "out.json",
      failedSteps: [],
      browserReport: "e2e.json",
    });
    expect(() => parseArguments(["out.json", "--browser-report"])).toThrow(/--browser-report needs the path/);
  });
});
