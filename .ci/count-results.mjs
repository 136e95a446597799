#!/usr/bin/env node
// The closing line of CI: `N passed, N failed[, N skipped]` from vitest's JSON report.
// A test file that failed to load, or whose suite threw (describe body, beforeAll, afterAll),
// has status "failed" with no failed test in it: vitest's test counts leave it out, so it is
// counted here as one failure. A missing report (the run wrote none) is a failure too, never
// stale numbers: .ci/run deletes the previous one before the run. A CI step that failed outside
// the tests (the reference install) is passed with --failed and counted and named the same way,
// so the closing line never reads "0 failed" when CI exits 1.
//
// The dashboard's browser tests (Playwright) report separately: `--browser-report <playwright.json>` adds
// their counts; a spec file that failed to load is a global error there and counts as one failure, and a
// missing browser report counts as one failure too.
//
// Usage: node .ci/count-results.mjs <vitest.json> [--failed <step>]... [--browser-report <playwright.json>];
// exits 1 when anything failed.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Counts a vitest JSON report (`--reporter=json`).
 * @param {{ numPassedTests?: number, numFailedTests?: number, numPendingTests?: number, numTodoTests?: number,
 *   testResults?: Array<{ name: string, status: string, message?: string, assertionResults?: Array<{ status: string }> }> }} report
 * @returns {{ passed: number, failed: number, skipped: number, brokenFiles: Array<{ file: string, message: string }> }}
 */
export function countResults(report) {
  const brokenFiles = (report.testResults ?? [])
    .filter((file) => file.status === "failed")
    .filter((file) => !(file.assertionResults ?? []).some((test) => test.status === "failed"))
    .map((file) => ({ file: file.name, message: whyBroken(file) }));
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles.length,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    brokenFiles,
  };
}

/**
 * Why a file failed with no failed test. vitest puts a top-level hook's or a failed import's
 * error on the file; a describe-level beforeAll's error is on neither the file nor (in vitest 4)
 * its skipped tests, so the file then names the suite whose tests were skipped.
 */
function whyBroken(file) {
  const firstLine = (text) => (text ?? "").split("\n")[0] ?? "";
  if (firstLine(file.message)) return firstLine(file.message);
  const tests = file.assertionResults ?? [];
  const message = tests
    .flatMap((test) => test.failureMessages ?? [])
    .map(firstLine)
    .find((line) => line !== "");
  if (message) return message;
  const skipped = tests.filter((test) => test.status === "skipped");
  const suite = skipped.find((test) => (test.ancestorTitles ?? []).length > 0)?.ancestorTitles.join(" > ");
  if (skipped.length === 0 || !suite) return "failed with no failed test";
  const count = `${skipped.length} test${skipped.length === 1 ? "" : "s"}`;
  return `no message in the report; ${count} skipped in "${suite}" (a hook there threw: see the test output above)`;
}

/** `12 passed, 1 failed, 2 skipped` (the skipped part only when there are some), then the failed steps. */
export function closingLine({ passed, failed, skipped }, failedSteps = []) {
  const steps = failedSteps.length > 0 ? ` (${failedSteps.join(", ")})` : "";
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}${steps}`;
}

/**
 * Counts a Playwright JSON report (`--reporter=json`): its `stats`, plus one failure per global error
 * (a spec file that failed to load, a global setup that threw).
 * @param {{ stats?: { expected?: number, unexpected?: number, flaky?: number, skipped?: number }, errors?: Array<{ message?: string }> }} report
 */
export function countBrowserResults(report) {
  const stats = report.stats ?? {};
  const brokenFiles = (report.errors ?? []).map((error) => (error.message ?? "").split("\n")[0] || "an error with no message");
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0),
    failed: (stats.unexpected ?? 0) + brokenFiles.length,
    skipped: stats.skipped ?? 0,
    brokenFiles,
  };
}

/**
 * The command line: the report's path (default `.vitest.json`), each `--failed <step>` and the optional
 * `--browser-report <path>`.
 * @param {string[]} args
 * @returns {{ path: string, failedSteps: string[], browserReport?: string }}
 */
export function parseArguments(args) {
  let path;
  let browserReport;
  const failedSteps = [];
  for (let index = 0; index < args.length; index++) {
    const argument = args[index];
    if (argument === "--failed") {
      const step = args[++index];
      if (step === undefined || step === "") throw new Error("--failed needs the name of the step that failed");
      failedSteps.push(step);
    } else if (argument === "--browser-report") {
      browserReport = args[++index];
      if (browserReport === undefined || browserReport === "")
        throw new Error("--browser-report needs the path of Playwright's JSON report");
    } else if (argument.startsWith("--") || path !== undefined) {
      throw new Error(`unknown argument "${argument}" (usage: count-results.mjs <vitest.json> [--failed <step>]...)`);
    } else {
      path = argument;
    }
  }
  return { path: path ?? ".vitest.json", failedSteps, ...(browserReport === undefined ? {} : { browserReport }) };
}

/**
 * The lines CI prints for the report at `path`: one per file that failed to load or
 * threw, one per CI step in `failedSteps`, then the closing line. A missing or unreadable
 * report is one failure; each failed step is one more.
 * @returns {{ lines: string[], failed: number }}
 */
export function summarise(path, cwd = process.cwd(), failedSteps = [], browserReport = undefined) {
  const unit = readUnit(path, cwd);
  const browser = browserReport === undefined ? undefined : readBrowser(browserReport);
  const counts = {
    passed: unit.passed + (browser?.passed ?? 0),
    failed: unit.failed + (browser?.failed ?? 0) + failedSteps.length,
    skipped: unit.skipped + (browser?.skipped ?? 0),
  };
  const lines = [
    ...unit.lines,
    ...(browser?.lines ?? []),
    ...failedSteps.map((step) => `failed outside the tests: ${step}`),
    closingLine(counts, failedSteps),
  ];
  return { lines, failed: counts.failed };
}

/**
 * One report's counts and its lines (one per file that failed to load or threw), read with `count`;
 * a missing or unreadable report is one failure: "<label>: <path> was not written: the <run> reported nothing".
 */
function readReport(path, { label, run }, count) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    return { passed: 0, failed: 1, skipped: 0, lines: [`${label}: ${path} ${unreadable(error)}: the ${run} reported nothing`] };
  }
  return count(report);
}

/** vitest's report. */
function readUnit(path, cwd) {
  return readReport(path, { label: "test results", run: "test run" }, (report) => {
    const counts = countResults(report);
    return {
      ...counts,
      lines: counts.brokenFiles.map(({ file, message }) => `failed to load or threw: ${relative(cwd, file)}: ${message}`),
    };
  });
}

/** Playwright's report. */
function readBrowser(path) {
  return readReport(path, { label: "browser tests", run: "browser test run" }, (report) => {
    const counts = countBrowserResults(report);
    return { ...counts, lines: counts.brokenFiles.map((message) => `browser tests: failed to load or threw: ${message}`) };
  });
}

function unreadable(error) {
  return error.code === "ENOENT" ? "was not written" : `cannot be read (${error.message})`;
}

/** Prints the lines; the exit code is 1 when anything failed, 2 for a bad command line. */
function main(args) {
  let parsed;
  try {
    parsed = parseArguments(args);
  } catch (error) {
    console.error(error.message);
    return 2;
  }
  const { lines, failed } = summarise(parsed.path, process.cwd(), parsed.failedSteps, parsed.browserReport);
  for (const line of lines) console.log(line);
  return failed > 0 ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exitCode = main(process.argv.slice(2));
}
