import { countNoun } from "../domain/count-noun.js";
import { deviationText, injectionText, outcomeCheckTexts, reasoningText, secondsText, timesText } from "./entry-facts.js";
import { escapeHtml, htmlToken } from "./html-escape.js";
import { voiceSection } from "./html-voice.js";
import type { ReportEntry } from "./run-report.js";
import { transcriptLine, transcriptMessages, truncate } from "./transcript-text.js";

/** Longest message text shown in the page; the JSON report keeps the whole text. */
const messageLimit = 20_000;

/** Anchor id of the `index`-th scenario section. */
export function scenarioAnchor(index: number): string {
  return `scenario-${index + 1}`;
}

/** `data-*` attributes the filter buttons match on. */
export function filterAttributes(entry: ReportEntry): string {
  return `data-item data-status="${htmlToken(entry.result.status)}" data-expectation="${htmlToken(entry.expectation.outcome)}"`;
}

/** Status and expectation badges. */
export function statusBadges(entry: ReportEntry): string {
  const { status } = entry.result;
  const { outcome, message } = entry.expectation;
  return `<span class="badge ${htmlToken(status)}">${escapeHtml(status)}</span><span class="badge ${htmlToken(outcome)}">${escapeHtml(message)}</span>`;
}

/**
 * One run as a card: status and expectation, reasoning, error, criteria,
 * deviations, injections performed (with reasons), outcome checks, seed,
 * times and the transcript (open when the run failed or was unexpected).
 */
export function scenarioSection(entry: ReportEntry, index: number): string {
  const { scenario, result, expectation } = entry;
  const summary = result.scenarioRun;
  const reasoning = reasoningText(entry);
  const parts = [
    `<section class="card item ${htmlToken(expectation.outcome)}" id="${scenarioAnchor(index)}" ${filterAttributes(entry)}>`,
    `<h2>${statusBadges(entry)} ${escapeHtml(scenario.name)}</h2>`,
    scenario.description ? `<p class="muted">${escapeHtml(scenario.description)}</p>` : "",
    facts(entry),
    reasoning ? `<h3>Reasoning</h3><p class="text">${escapeHtml(reasoning)}</p>` : "",
    result.error && result.error !== reasoning ? `<h3>Error</h3><p class="text">${escapeHtml(result.error)}</p>` : "",
    list("Unmet criteria", result.unmetCriteria),
    list("Met criteria", result.metCriteria),
    list("Deviations", summary?.deviations.map(deviationText)),
    injections(entry),
    list("Outcome checks", outcomeCheckTexts(entry)),
    list("Red team", redTeamLines(result.reports)),
    voiceSection(result),
    transcript(entry),
    "</section>",
  ];
  return parts.filter(Boolean).join("\n");
}

function facts(entry: ReportEntry): string {
  const { scenario, result } = entry;
  const rows: Array<[string, string | undefined]> = [
    ["id", scenario.id],
    ["file", scenario.file],
    ["type", scenario.scenarioType],
    ["difficulty", scenario.difficulty],
    ["tags", scenario.tags?.join(", ")],
    ["expected", scenario.expect],
    ["seed", String(result.seed)],
    ["times", timesText(entry)],
    ["run", result.scenarioRunId],
    ["error code", result.errorCode],
  ];
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== "");
  return `<dl class="facts">${shown.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join("")}</dl>`;
}

function list(title: string, items: readonly string[] | undefined): string {
  if (!items || items.length === 0) return "";
  const rows = items.map((item) => `<li class="text">${escapeHtml(item)}</li>`).join("");
  return `<h3>${escapeHtml(title)}</h3><ul>${rows}</ul>`;
}

function injections(entry: ReportEntry): string {
  const summary = entry.result.scenarioRun;
  if (!summary || summary.injection_log.length === 0) return "";
  const performed = summary.injections_performed;
  const heading = `Injections performed (${performed.length} of ${countNoun(summary.injection_log.length, "evaluation")} fired)`;
  if (performed.length === 0) return `<h3>${escapeHtml(heading)}</h3><p class="muted">none fired</p>`;
  return list(heading, performed.map(injectionText));
}

/** One line per red-team report the run carries (`result.reports`), e.g. `crescendo: broke at turn 3`. */
function redTeamLines(reports: Record<string, unknown> | undefined): string[] {
  if (!reports) return [];
  const lines: string[] = [];
  for (const [agent, report] of Object.entries(reports)) {
    if (typeof report !== "object" || report === null) continue;
    const { strategy, outcome, breakingTurn, turns } = report as Record<string, unknown>;
    if (typeof strategy !== "string" || typeof outcome !== "string") continue;
    const broke = typeof breakingTurn === "number" ? ` at turn ${breakingTurn}` : "";
    const count = Array.isArray(turns) ? `, ${countNoun(turns.length, "turn")}` : "";
    lines.push(`${agent} (${strategy}${count}): ${outcome}${broke}`);
  }
  return lines;
}

function transcript(entry: ReportEntry): string {
  const messages = transcriptMessages(entry.result);
  const open = entry.expectation.outcome === "unexpected" || entry.result.status === "fail" || entry.result.status === "error";
  const rows = messages.map((message) => {
    const { role, text } = transcriptLine(message);
    return `<li><span class="role">${escapeHtml(role)}</span><p class="text">${escapeHtml(truncate(text, messageLimit))}</p></li>`;
  });
  const total = entry.result.totalTime === undefined ? "" : `, ${secondsText(entry.result.totalTime)}`;
  const body = rows.length === 0 ? `<p class="muted">no messages</p>` : `<ol class="transcript">${rows.join("")}</ol>`;
  return `<details class="transcript"${open ? " open" : ""}><summary>Transcript (${countNoun(messages.length, "message")}${total})</summary>${body}</details>`;
}
