/**
 * Accessibility checks with axe-core: the library is evaluated in the page
 * (through the DevTools protocol, so a Content-Security-Policy cannot block
 * it; @axe-core/playwright needs Node 22), runs every rule on the page or
 * on `context`, and fails on any serious or critical violation, printing
 * each with the elements it found.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { expect, type Page, type TestInfo } from "@playwright/test";

/** What axe checks: a CSS selector, or elements to include and exclude. */
export type A11yContext = string | { include?: string[]; exclude?: string[] };

export interface A11yOptions {
  /** Rules to switch off by id, each with the reason in a comment at the call. */
  disableRules?: string[];
}

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: Array<{ target: unknown[]; failureSummary?: string }>;
}

let axeSource: string | undefined;

/** axe.min.js, read once per worker. */
function source(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axeSource;
}

/** Runs axe on `page` (or `context` within it); fails on serious or critical violations. */
export async function checkA11y(
  page: Page,
  context?: A11yContext,
  options: A11yOptions = {},
  testInfo?: TestInfo,
): Promise<void> {
  if (!(await page.evaluate(() => "axe" in window))) await page.evaluate(`${source()}\n;0`);
  const rules = Object.fromEntries((options.disableRules ?? []).map((id) => [id, { enabled: false }]));
  const violations = await page.evaluate(
    async ([scope, ruleSettings]) => {
      const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: unknown[] }> } })
        .axe;
      const result = await axe.run(scope ?? document, { resultTypes: ["violations"], rules: ruleSettings });
      return JSON.parse(JSON.stringify(result.violations));
    },
    [context ?? null, rules] as const,
  );
  const serious = (violations as Violation[]).filter(
    (violation) => violation.impact === "serious" || violation.impact === "critical",
  );
  if (serious.length > 0 && testInfo)
    await testInfo.attach("axe violations", { body: JSON.stringify(serious, null, 2), contentType: "application/json" });
  const where = `${await page.evaluate(() => document.documentElement.dataset.theme ?? "no theme")} theme, ${page.url()}`;
  expect(serious.length, `axe found serious or critical violations (${where}):\n${serious.map(describe).join("\n")}`).toBe(0);
}

function describe(violation: Violation): string {
  const nodes = violation.nodes
    .slice(0, 5)
    .map((node) => `      ${node.target.join(" ")}\n        ${(node.failureSummary ?? "").replace(/\n/g, "\n        ")}`)
    .join("\n");
  const more = violation.nodes.length > 5 ? `\n      … and ${violation.nodes.length - 5} more` : "";
  return `  [${violation.impact}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}${more}`;
}
