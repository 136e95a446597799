import type { UsageLine } from "../domain/models.js";
import { secondsText } from "./entry-facts.js";
import { escapeHtml, htmlToken } from "./html-escape.js";
import { filterButton, htmlPage } from "./html-report-page.js";
import { filterAttributes, scenarioAnchor, scenarioSection } from "./html-scenario.js";
import type { RunReport } from "./run-report.js";

/**
 * The HTML report: ONE self-contained page per run (inline CSS and script,
 * no external URL, a CSP that lets nothing load), readable from `file://`.
 * It shows the totals, the expected-vs-observed table, then each run with
 * status and expectation, reasoning, unmet criteria, deviations, injections,
 * outcome checks, seed, times and the transcript (failing runs open), with
 * buttons to filter by status and expectation. Rendered on the server side:
 * every piece of scenario content is escaped text, so the page shows the
 * same with scripts off.
 *
 * @example
 * ```ts
 * await writeFile("rehearse-report.html", htmlReport(report));
 * ```
 */
export function htmlReport(report: RunReport): string {
  const body = [
    header(report),
    report.stopped ? `<p class="banner">Stopped early: ${escapeHtml(report.stopped.reason)}</p>` : "",
    totals(report),
    filters(report),
    overview(report),
    `<main>${report.entries.map(scenarioSection).join("\n")}</main>`,
  ];
  return htmlPage({ title: `Rehearse report — ${report.startedAt}`, body: body.filter(Boolean).join("\n") });
}

function header(report: RunReport): string {
  const meta = [
    `batch ${report.batchRunId}`,
    `started ${report.startedAt}`,
    `took ${secondsText(report.durationSeconds)}`,
    `rehearse ${report.tool.version}`,
    `report version ${report.version}`,
  ];
  const command = report.command ? `<p class="command">${escapeHtml(report.command)}</p>` : "";
  return `<header><h1>Rehearse report</h1><p class="meta">${escapeHtml(meta.join(" · "))}</p>${command}</header>`;
}

function totals(report: RunReport): string {
  const { counts, expectations } = report;
  const boxes: Array<[string, string | number]> = [
    [report.entries.length === 1 ? "scenario" : "scenarios", report.entries.length],
    ["as expected", expectations.as_expected],
    ["unexpected", expectations.unexpected],
    ["undecided (skipped)", expectations.undecided],
    ["pass", counts.pass],
    ["fail", counts.fail],
    ["error", counts.error],
    ["skipped", counts.skipped],
  ];
  if (report.usage) boxes.push(...usageBoxes(report.usage.total));
  const html = boxes.map(([label, value]) => `<div class="total"><b>${escapeHtml(value)}</b>${escapeHtml(label)}</div>`);
  return `<section class="totals">${html.join("")}</section>`;
}

function usageBoxes(total: UsageLine): Array<[string, string | number]> {
  const cost = total.cost === null ? "unknown" : `$${total.cost.toFixed(4)}`;
  return [
    ["model calls (replayed)", `${total.calls} (${total.replayedCalls})`],
    ["tokens", total.totalTokens],
    ["cost", cost],
  ];
}

function filters(report: RunReport): string {
  const { counts, expectations } = report;
  const buttons = [
    filterButton("all", `All (${report.entries.length})`, true),
    filterButton("expectation:unexpected", `Unexpected (${expectations.unexpected})`),
    filterButton("expectation:as_expected", `As expected (${expectations.as_expected})`),
    filterButton("expectation:undecided", `Undecided (${expectations.undecided})`),
    filterButton("status:pass", `pass (${counts.pass})`),
    filterButton("status:fail", `fail (${counts.fail})`),
    filterButton("status:error", `error (${counts.error})`),
    filterButton("status:skipped", `skipped (${counts.skipped})`),
    `<button type="button" data-details="open">Open all transcripts</button>`,
    `<button type="button" data-details="close">Close all transcripts</button>`,
  ];
  return `<nav class="filters">${buttons.join("")}</nav>`;
}

function overview(report: RunReport): string {
  const rows = report.entries.map((entry, index) => {
    const verdict =
      entry.expectation.outcome === "as_expected" ? "yes" : entry.expectation.outcome === "unexpected" ? "NO" : "undecided";
    const cells = [
      `<a href="#${scenarioAnchor(index)}">${escapeHtml(entry.scenario.name)}</a>`,
      escapeHtml([entry.scenario.scenarioType, entry.scenario.difficulty].filter(Boolean).join(" · ")),
      escapeHtml(entry.expectation.expected),
      `<span class="badge ${htmlToken(entry.result.status)}">${escapeHtml(entry.result.status)}</span>`,
      `<span class="badge ${htmlToken(entry.expectation.outcome)}">${verdict}</span>`,
      escapeHtml(entry.result.totalTime === undefined ? "" : secondsText(entry.result.totalTime)),
    ];
    return `<tr class="item" ${filterAttributes(entry)}>${cells.map((cell) => `<td>${cell}</td>`).join("")}</tr>`;
  });
  const head = ["scenario", "type", "expected", "observed", "as expected", "time"].map((title) => `<th>${title}</th>`).join("");
  return `<table class="overview"><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}
