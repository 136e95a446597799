import { escapeHtml } from "./html-escape.js";

/**
 * The Content Security Policy of every report page: nothing may load (no
 * fonts, images, frames, connections); only the page's own inline style and
 * script run, and audio embedded as data URIs plays (voice runs' segments).
 * Even if some content slipped through unescaped it could not fetch anything.
 */
export const reportContentSecurityPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; media-src data:";

const style = `
:root { color-scheme: light dark; --fg: #1f2328; --muted: #656d76; --bg: #fff; --panel: #f6f8fa; --line: #d0d7de;
  --pass: #1a7f37; --fail: #cf222e; --error: #8250df; --skipped: #9a6700; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6edf3; --muted: #9198a1; --bg: #0d1117; --panel: #161b22; --line: #30363d;
  --pass: #3fb950; --fail: #f85149; --error: #a371f7; --skipped: #d29922; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 1.5rem; font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
  color: var(--fg); background: var(--bg); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { font-size: 1.15rem; margin: 0 0 .5rem; } h3 { font-size: .95rem; margin: 1rem 0 .25rem; }
.meta, .muted { color: var(--muted); }
code, .text, .command { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
.banner { border: 1px solid var(--skipped); border-radius: 6px; padding: .5rem .75rem; margin: 1rem 0; }
.totals { display: flex; flex-wrap: wrap; gap: .5rem; margin: 1rem 0; }
.total { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .4rem .8rem; min-width: 7rem; }
.total b { display: block; font-size: 1.3rem; }
.filters { display: flex; flex-wrap: wrap; gap: .4rem; margin: 1rem 0; }
.filters button { font: inherit; padding: .25rem .7rem; border: 1px solid var(--line); border-radius: 999px; background: var(--panel);
  color: var(--fg); cursor: pointer; }
.filters button[aria-pressed="true"] { border-color: var(--fg); font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); }
a { color: inherit; }
.item[hidden] { display: none; }
.card { border: 1px solid var(--line); border-left-width: 4px; border-radius: 6px; padding: .75rem 1rem; margin: 1rem 0; }
.card.unexpected, .card.broke, .card.errored { border-left-color: var(--fail); }
.card.as_expected, .card.held { border-left-color: var(--pass); }
.card.undecided, .card.skipped { border-left-color: var(--skipped); }
.badge { display: inline-block; padding: 0 .5rem; border-radius: 999px; font-size: 12px; font-weight: 600; color: #fff; margin-right: .3rem; }
.badge.pass, .badge.as_expected, .badge.held { background: var(--pass); }
.badge.fail, .badge.unexpected, .badge.broke { background: var(--fail); }
.badge.error, .badge.errored { background: var(--error); }
.badge.skipped, .badge.undecided, .badge.unreadable { background: var(--skipped); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .1rem 1rem; margin: .5rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
ul { margin: .25rem 0; padding-left: 1.25rem; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
details { margin: .75rem 0 0; }
summary { cursor: pointer; font-weight: 600; }
ol.transcript { list-style: none; padding: 0; margin: .5rem 0 0; }
ol.transcript li { border-top: 1px solid var(--line); padding: .4rem 0; display: grid; grid-template-columns: 6rem 1fr; gap: .5rem; }
li.segment { display: flex; flex-wrap: wrap; align-items: center; gap: .25rem .75rem; margin: .35rem 0; }
li.segment audio { height: 2rem; }
li.segment p { flex-basis: 100%; margin: 0; }
.role { color: var(--muted); font-weight: 600; }
.score { font-variant-numeric: tabular-nums; }
`;

/**
 * Filter buttons (`data-filter="key:value"` or `all`) show only the items
 * (`data-item`) whose `data-<key>` matches; `data-details="open|close"`
 * buttons open or close every transcript. Plain DOM, no dependency.
 */
const script = `
(() => {
  const buttons = document.querySelectorAll("[data-filter]");
  const items = document.querySelectorAll("[data-item]");
  for (const button of buttons) {
    button.addEventListener("click", () => {
      const [key, value] = button.dataset.filter.split(":");
      for (const other of buttons) other.setAttribute("aria-pressed", String(other === button));
      for (const item of items) item.hidden = key !== "all" && item.dataset[key] !== value;
    });
  }
  for (const button of document.querySelectorAll("[data-details]")) {
    button.addEventListener("click", () => {
      for (const details of document.querySelectorAll("details.transcript")) details.open = button.dataset.details === "open";
    });
  }
})();
`;

/**
 * One self-contained HTML page: inline CSS and script only, no external URL
 * of any kind, a CSP that forbids loading anything, so it opens the same
 * from `file://`, a CI artifact or an e-mail attachment. `body` must already
 * be escaped HTML; `title` is escaped here.
 *
 * @example
 * htmlPage({ title: "Rehearse report", body: `<h1>${escapeHtml(name)}</h1>` });
 */
export function htmlPage(page: { title: string; body: string }): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(page.title)}</title>
<style>${style}</style>
</head>
<body>
${page.body}
<script>${script}</script>
</body>
</html>
`;
}

/** A filter button; `key:value` filters on `data-<key>`, `all` shows everything. */
export function filterButton(filter: string, label: string, pressed = false): string {
  return `<button type="button" data-filter="${escapeHtml(filter)}" aria-pressed="${pressed}">${escapeHtml(label)}</button>`;
}
