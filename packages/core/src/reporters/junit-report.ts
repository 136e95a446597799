import { countNoun } from "../domain/count-noun.js";
import { deviationText, injectionText, outcomeCheckTexts, reasoningText, timesText } from "./entry-facts.js";
import type { ReportEntry, RunReport } from "./run-report.js";
import { transcriptLine, transcriptMessages, truncate } from "./transcript-text.js";
import { xmlAttribute, xmlCdata } from "./xml-escape.js";

/** Suite of entries without a scenario type. */
const defaultSuite = "scenarios";
/** Messages of a failing case's transcript kept in `<system-out>`, and the longest text kept of each. */
const transcriptTail = 20;
const messageLimit = 2000;

/**
 * The JUnit XML report, for CI test tabs. One `<testsuite>` per scenario type
 * (`scenarios` for untyped ones), in order of first appearance; one
 * `<testcase>` per run. What CI counts is the expectation, not the raw
 * status: a run that ended as expected (a known flaw that failed included)
 * passes, with a `<system-out>` saying so; an unexpected run is a
 * `<failure>` (reasoning, unmet criteria, deviations, injections); a run
 * that errored is an `<error>`; a skipped one `<skipped>`. Those carry the
 * end of the transcript in `<system-out>`. A scenario's `difficulty` is a
 * `<property name="difficulty">` of its testcase. See docs/reports.md.
 *
 * @example
 * ```ts
 * await writeFile("rehearse-junit.xml", junitReport(report));
 * ```
 */
export function junitReport(report: RunReport): string {
  const suites = new Map<string, ReportEntry[]>();
  for (const entry of report.entries) {
    const name = entry.scenario.scenarioType ?? defaultSuite;
    const suite = suites.get(name);
    if (suite) suite.push(entry);
    else suites.set(name, [entry]);
  }
  const totals = tally(report.entries);
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="rehearse" ${countAttributes(totals)} time="${seconds(report.durationSeconds)}" timestamp="${xmlAttribute(report.startedAt)}">`,
  ];
  for (const [name, entries] of suites) lines.push(...suiteLines(report, name, entries));
  lines.push("</testsuites>");
  return `${lines.join("\n")}\n`;
}

interface Tally {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  time: number;
}

function tally(entries: readonly ReportEntry[]): Tally {
  const counts: Tally = { tests: 0, failures: 0, errors: 0, skipped: 0, time: 0 };
  for (const entry of entries) {
    counts.tests++;
    counts.time += entry.result.totalTime ?? 0;
    const kind = caseKind(entry);
    if (kind === "error") counts.errors++;
    else if (kind === "failure") counts.failures++;
    else if (kind === "skipped") counts.skipped++;
  }
  return counts;
}

function countAttributes(counts: Tally): string {
  return `tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}"`;
}

function suiteLines(report: RunReport, name: string, entries: readonly ReportEntry[]): string[] {
  const counts = tally(entries);
  const lines = [
    `  <testsuite name="${xmlAttribute(name)}" ${countAttributes(counts)} time="${seconds(counts.time)}" timestamp="${xmlAttribute(report.startedAt)}">`,
    "    <properties>",
    `      <property name="batchRunId" value="${xmlAttribute(report.batchRunId)}"/>`,
    `      <property name="rehearse.version" value="${xmlAttribute(report.tool.version)}"/>`,
    "    </properties>",
  ];
  const seen = new Map<string, number>();
  for (const entry of entries) {
    // repeated runs of one scenario (seeds, repeats) would merge into one test in CI: number them
    const times = (seen.get(entry.scenario.name) ?? 0) + 1;
    seen.set(entry.scenario.name, times);
    const caseName = times === 1 ? entry.scenario.name : `${entry.scenario.name} (run ${times}, seed ${entry.result.seed})`;
    lines.push(...caseLines(entry, caseName, name));
  }
  lines.push("  </testsuite>");
  return lines;
}

type CaseKind = "pass" | "failure" | "error" | "skipped";

function caseKind(entry: ReportEntry): CaseKind {
  if (entry.result.status === "error") return "error";
  if (entry.expectation.outcome === "undecided") return "skipped";
  return entry.expectation.outcome === "unexpected" ? "failure" : "pass";
}

function caseLines(entry: ReportEntry, caseName: string, suite: string): string[] {
  const { scenario, result, expectation } = entry;
  const classname = scenario.file ?? `rehearse.${suite}`;
  const fileAttribute = scenario.file === undefined ? "" : ` file="${xmlAttribute(scenario.file)}"`;
  const open = `    <testcase name="${xmlAttribute(caseName)}" classname="${xmlAttribute(classname)}" time="${seconds(result.totalTime ?? 0)}"${fileAttribute}>`;
  const details = detailText(entry);
  const lines = [open];
  // as the JSON and HTML reports show it; a property so CI tools that read testcase properties can filter on it
  if (scenario.difficulty !== undefined) {
    lines.push(
      "      <properties>",
      `        <property name="difficulty" value="${xmlAttribute(scenario.difficulty)}"/>`,
      "      </properties>",
    );
  }
  const kind = caseKind(entry);
  switch (kind) {
    case "error":
      lines.push(
        `      <error message="${xmlAttribute(result.error ?? expectation.message)}" type="${xmlAttribute(result.errorCode ?? "error")}">${xmlCdata(details)}</error>`,
      );
      break;
    case "failure": {
      const type = result.status === "pass" ? "unexpected_pass" : "unexpected_fail";
      lines.push(`      <failure message="${xmlAttribute(expectation.message)}" type="${type}">${xmlCdata(details)}</failure>`);
      break;
    }
    case "skipped":
      lines.push(`      <skipped message="${xmlAttribute(reasoningText(entry) ?? expectation.message)}"/>`);
      break;
    case "pass":
      break;
    default:
      throw new RangeError(`junitReport: unknown case kind ${String(kind satisfies never)}`);
  }
  // a passing case says why it passed; any other has its details in the element above, so the log shows the conversation
  const out = kind === "pass" ? details : transcriptText(entry);
  lines.push(`      <system-out>${xmlCdata(out)}</system-out>`, "    </testcase>");
  return lines;
}

/** Everything a reader of a CI log needs about one run, as plain text. */
function detailText(entry: ReportEntry): string {
  const { scenario, result, expectation } = entry;
  const summary = result.scenarioRun;
  const lines = [`${scenario.name}: ${result.status} — ${expectation.message} (expected ${expectation.expected})`];
  const reasoning = reasoningText(entry);
  if (reasoning) lines.push(`Reasoning: ${reasoning}`);
  list(lines, "Unmet criteria", result.unmetCriteria);
  list(lines, "Deviations", summary?.deviations.map(deviationText));
  list(lines, "Injections performed", summary?.injections_performed.map(injectionText));
  list(lines, "Outcome checks", outcomeCheckTexts(entry));
  lines.push(`Seed: ${result.seed}`, `Times: ${timesText(entry)}`, `Run: ${result.scenarioRunId} (batch ${result.batchRunId})`);
  return lines.join("\n");
}

/** The last `transcriptTail` messages, one block each, so a CI log shows how the conversation went. */
function transcriptText(entry: ReportEntry): string {
  const messages = transcriptMessages(entry.result);
  const shown = messages.slice(-transcriptTail);
  const heading =
    shown.length < messages.length
      ? `Transcript (last ${shown.length} of ${countNoun(messages.length, "message")}):`
      : "Transcript:";
  const blocks = shown.map((message) => {
    const { role, text } = transcriptLine(message);
    return `[${role}] ${truncate(text, messageLimit)}`;
  });
  return [heading, ...(blocks.length > 0 ? blocks : ["(no messages)"])].join("\n");
}

function list(lines: string[], title: string, items: readonly string[] | undefined): void {
  if (!items || items.length === 0) return;
  lines.push(`${title}:`, ...items.map((item) => `  - ${item}`));
}

function seconds(value: number): string {
  return Number.isFinite(value) ? value.toFixed(3) : "0.000";
}
