import { countNoun } from "../domain/count-noun.js";
import { escapeHtml, htmlToken } from "./html-escape.js";
import { filterButton, htmlPage } from "./html-report-page.js";
import { type RedTeamRun, type RedTeamRunTurn, readRedTeamRun, redTeamStatuses } from "./red-team-run.js";
import { truncate } from "./transcript-text.js";

/** Longest attack or reply shown; the JSON file keeps the whole text. */
const textLimit = 20_000;

/**
 * One self-contained page (inline CSS and script, nothing loaded) for the
 * red-team report files of a directory, as `writeRedTeamReport` writes them:
 * totals, then per run its status (held / broke / errored / skipped),
 * strategy, turns, the score of each turn, the failing turn and the
 * transcript (open for runs that broke or errored). Each item is a parsed
 * report, or `{ file, report }` to show where it came from; an item that is
 * not a red-team report is listed as unreadable, never thrown on.
 *
 * @example
 * ```ts
 * const files = (await readdir(dir)).filter((name) => name.endsWith(".json"));
 * const reports = await Promise.all(files.map(async (file) => ({ file, report: JSON.parse(await readFile(join(dir, file), "utf8")) })));
 * await writeFile(join(dir, "index.html"), redTeamHtmlReport(reports, { title: "Nightly red team" }));
 * ```
 */
export function redTeamHtmlReport(reports: readonly unknown[], options?: { title?: string }): string {
  const title = options?.title ?? "Rehearse red-team report";
  const runs = reports.map(readRedTeamRun);
  const counts = Object.fromEntries(redTeamStatuses.map((status) => [status, 0])) as Record<RedTeamRun["status"], number>;
  for (const run of runs) counts[run.status]++;
  const totals = [["runs", runs.length] as const, ...redTeamStatuses.map((status) => [status, counts[status]] as const)]
    .map(([label, value]) => `<div class="total"><b>${value}</b>${escapeHtml(label)}</div>`)
    .join("");
  const buttons = [
    filterButton("all", `All (${runs.length})`, true),
    ...redTeamStatuses
      .filter((status) => counts[status] > 0)
      .map((status) => filterButton(`status:${status}`, `${status} (${counts[status]})`)),
    `<button type="button" data-details="open">Open all transcripts</button>`,
    `<button type="button" data-details="close">Close all transcripts</button>`,
  ];
  const body = [
    `<header><h1>${escapeHtml(title)}</h1><p class="meta">${countNoun(runs.length, "red-team run")}</p></header>`,
    `<section class="totals">${totals}</section>`,
    `<nav class="filters">${buttons.join("")}</nav>`,
    `<main>${runs.map(runSection).join("\n")}</main>`,
  ];
  return htmlPage({ title, body: body.join("\n") });
}

function runSection(run: RedTeamRun, index: number): string {
  const heading = run.file ?? (run.strategy ? `${run.strategy}: ${run.target ?? ""}` : `report ${index + 1}`);
  const parts = [
    `<section class="card item ${htmlToken(run.status)}" id="run-${index + 1}" data-item data-status="${htmlToken(run.status)}">`,
    `<h2><span class="badge ${htmlToken(run.status)}">${escapeHtml(run.status)}</span> ${escapeHtml(heading)}</h2>`,
    run.problem ? `<p class="text">${escapeHtml(run.problem)}</p>` : "",
    facts(run),
    list("Reasons", run.reasons),
    list("Notes", run.notes),
    run.turns.length > 0 ? scoreTable(run) : "",
    run.attackPlan ? `<details><summary>Attack plan</summary><p class="text">${escapeHtml(run.attackPlan)}</p></details>` : "",
    run.turns.length > 0 ? transcript(run) : "",
    "</section>",
  ];
  return parts.filter(Boolean).join("\n");
}

function facts(run: RedTeamRun): string {
  const rows: Array<[string, string | undefined]> = [
    ["strategy", run.strategy],
    ["target", run.target],
    ["turns", run.totalTurns === undefined ? String(run.turns.length) : `${run.turns.length} of ${run.totalTurns}`],
    ["failing turn", run.breakingTurn === undefined ? undefined : String(run.breakingTurn)],
    ["early exit", run.earlyExit ? `turn ${run.earlyExit.turn} (score ${run.earlyExit.score})` : undefined],
    ["backtracks", run.backtracks > 0 ? String(run.backtracks) : undefined],
  ];
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined);
  return `<dl class="facts">${shown.map(([term, value]) => `<dt>${escapeHtml(term)}</dt><dd>${escapeHtml(value)}</dd>`).join("")}</dl>`;
}

function list(title: string, items: readonly string[]): string {
  if (items.length === 0) return "";
  return `<h3>${escapeHtml(title)}</h3><ul>${items.map((item) => `<li class="text">${escapeHtml(item)}</li>`).join("")}</ul>`;
}

function scoreTable(run: RedTeamRun): string {
  const rows = run.turns.map((turn) => {
    const flags = [
      turn.turn === run.breakingTurn ? "failing turn" : "",
      turn.backtracked ? "backtracked" : "",
      turn.parseFailed ? "unparsed attacker output" : "",
    ].filter(Boolean);
    const cells = [
      String(turn.turn),
      turn.phase ?? "",
      turn.score === undefined ? "—" : String(turn.score),
      turn.encoding ?? "",
      turn.techniques.join(", "),
      flags.join(", "),
    ];
    const mark = turn.turn === run.breakingTurn ? ` class="${htmlToken("broke")}"` : "";
    return `<tr${mark}>${cells.map((cell) => `<td class="score">${escapeHtml(cell)}</td>`).join("")}</tr>`;
  });
  const head = ["turn", "phase", "score", "encoding", "techniques", ""].map((title) => `<th>${title}</th>`).join("");
  return `<h3>Score per turn</h3><table><thead><tr>${head}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function transcript(run: RedTeamRun): string {
  const open = run.status === "broke" || run.status === "errored";
  const rows = run.turns.flatMap((turn) => [
    message(`attacker · turn ${turn.turn}`, turn.attack),
    ...(turn.sent !== undefined && turn.sent !== turn.attack ? [message("sent", turn.sent)] : []),
    ...(turn.reply === undefined ? [] : [message(`target${scoreNote(turn)}`, turn.reply)]),
  ]);
  return `<details class="transcript"${open ? " open" : ""}><summary>Transcript (${countNoun(run.turns.length, "turn")})</summary><ol class="transcript">${rows.join("")}</ol></details>`;
}

function scoreNote(turn: RedTeamRunTurn): string {
  return turn.score === undefined ? "" : ` · score ${turn.score}`;
}

function message(role: string, text: string | undefined): string {
  return `<li><span class="role">${escapeHtml(role)}</span><p class="text">${escapeHtml(truncate(text ?? "", textLimit))}</p></li>`;
}
