#!/usr/bin/env node
// The closing line of CI: `N passed, N failed[, N skipped]` from vitest's JSON report.
// A test file that failed to load, or whose suite threw (describe body, beforeAll, afterAll),
// has status "failed" with no failed test in it: vitest's test counts leave it out, so it is
// counted here as one failure. A missing report (the run wrote none) is a failure too, never
// stale numbers: .ci/run deletes the previous one before the run.
//
// Usage: node .ci/count-results.mjs <vitest.json>; exits 1 when anything failed.
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
    .map((file) => ({ file: file.name, message: (file.message ?? "").split("\n")[0] || "failed with no failed test" }));
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles.length,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
    brokenFiles,
  };
}

/** `12 passed, 1 failed, 2 skipped` (the skipped part only when there are some). */
export function closingLine({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ""}`;
}

/**
 * The lines CI prints for the report at `path`: one per file that failed to load or
 * threw, then the closing line. A missing or unreadable report is one failure.
 * @returns {{ lines: string[], failed: number }}
 */
export function summarise(path, cwd = process.cwd()) {
  let report;
  try {
    report = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = error.code === "ENOENT" ? "was not written" : `cannot be read (${error.message})`;
    return { lines: [`test results: ${path} ${reason}: the test run reported nothing`, "0 passed, 1 failed"], failed: 1 };
  }
  const counts = countResults(report);
  const lines = counts.brokenFiles.map(({ file, message }) => `failed to load or threw: ${relative(cwd, file)}: ${message}`);
  return { lines: [...lines, closingLine(counts)], failed: counts.failed };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { lines, failed } = summarise(process.argv[2] ?? ".vitest.json");
  for (const line of lines) console.log(line);
  process.exitCode = failed > 0 ? 1 : 0;
}
