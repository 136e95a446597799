/**
 * The diff views on the seeded regressed pair (checkout-2 → checkout-3):
 * the batch diff lists the regressed scenario first and the fixed one next;
 * a trial's run-diff link shows the criterion that regressed and word-level
 * highlights whose colours are asserted and screenshotted with zero
 * tolerance; `?only=changed` survives a reload; both views are accessible
 * in both themes; at a phone's width the transcript columns stack.
 */
import { expect, type Seeded, test } from "./support/fixtures.js";
import { useTheme } from "./support/page-helpers.js";

/** The batch diff's URL of the regressed pair. */
function pairUrl(seeded: Seeded, query = ""): string {
  return `/diff/batches?base=${seeded.regressedPair.base}&head=${seeded.regressedPair.head}${query}`;
}

/** The run diff of `ticket-escalation` between the pair (pass → fail). */
function regressedRunUrl(seeded: Seeded, query = ""): string {
  const base = seeded.runs.find((run) => run.batchId === seeded.regressedPair.base && run.scenarioId === "ticket-escalation");
  if (!base) throw new Error("no ticket-escalation run in the base batch");
  return `/diff/runs?base=${encodeURIComponent(base.runId)}&head=${encodeURIComponent(seeded.judgedRun.runId)}${query}`;
}

/** The colours of the diff highlights in each theme (base.css `--diff-*`): meaning, so asserted exactly. */
const HIGHLIGHTS = {
  light: { added: ["rgb(200, 242, 210)", "rgb(14, 79, 34)"], removed: ["rgb(255, 215, 213)", "rgb(130, 7, 30)"] },
  dark: { added: ["rgb(27, 71, 33)", "rgb(175, 245, 180)"], removed: ["rgb(92, 26, 31)", "rgb(255, 193, 189)"] },
} as const;

test.describe("diff: batch vs batch", () => {
  test("shows the regressed scenario first and the fixed one next", async ({ adminPage: page, seeded }) => {
    await page.goto(pairUrl(seeded));
    await expect(page.getByRole("heading", { level: 1, name: "Batch diff" })).toBeVisible();

    const groups = page.locator("section[data-classification]");
    await expect(groups.first()).toHaveAttribute("data-classification", "regressed");
    await expect(groups.nth(1)).toHaveAttribute("data-classification", "fixed");
    const regressed = groups.first();
    await expect(regressed.getByRole("heading", { level: 2 })).toHaveText(/Regressed\s*1/);
    await expect(regressed.locator("tr[data-scenario]")).toHaveCount(seeded.regressedPair.regressed.length);
    await expect(regressed.locator("tr[data-scenario]").first()).toHaveAttribute(
      "data-scenario",
      seeded.regressedPair.regressed[0]!,
    );
    await expect(groups.nth(1).locator("tr[data-scenario]").first()).toHaveAttribute(
      "data-scenario",
      seeded.regressedPair.fixed[0]!,
    );
    // greeting ran once in base, twice in head: compared on pass rate, classified flaky
    const flaky = page.locator('section[data-classification="flaky"] tr[data-scenario]');
    await expect(flaky).toHaveAttribute("data-scenario", seeded.regressedPair.flaky[0]!);
    await expect(flaky).toContainText("compared on pass rate");

    // the summary says the pass rate fell, in words as well as colour
    const passRate = page.locator('tr[data-measure="passRate"] .delta');
    await expect(passRate).toHaveAttribute("data-tone", "worse");
    await expect(passRate).toHaveText(/^−\d+(\.\d)? pp worse$/);
    await expect(page.locator('.classification-counts li[data-classification="regressed"]')).toHaveAttribute("data-count", "1");

    // unchanged scenarios only on request, kept in the URL
    await expect(page.locator('section[data-classification="unchanged"]')).toHaveCount(0);
    await page.getByRole("checkbox", { name: "Show unchanged scenarios" }).check();
    await expect(page).toHaveURL(/[?&]show=all/);
    await expect(groups.last()).toHaveAttribute("data-classification", "unchanged");
    await page.reload();
    await expect(page.locator('section[data-classification="unchanged"]')).toBeVisible();
  });

  test("asks for ids when they are missing, and says which one is not found", async ({ adminPage: page, seeded }) => {
    await page.goto("/diff/batches");
    await page.getByLabel(/Base batch id/).fill(seeded.regressedPair.base);
    await page.getByLabel(/Head batch id/).fill(seeded.regressedPair.head);
    await page.getByRole("button", { name: "Compare" }).click();
    await expect(page).toHaveURL(pairUrl(seeded));
    await expect(page.locator("section[data-classification]").first()).toHaveAttribute("data-classification", "regressed");

    await page.goto(`/diff/batches?base=no-such-batch&head=${seeded.regressedPair.head}`);
    await expect(page.locator('[data-state="not-found"]')).toContainText("no batch no-such-batch");
  });
});

test.describe("diff: run vs run", () => {
  test("a trial's diff link shows the criterion transition and word-level highlights", async ({ adminPage: page, seeded }) => {
    await page.goto(pairUrl(seeded));
    await page.locator('section[data-classification="regressed"]').getByRole("link", { name: "Diff of trial 1" }).click();
    await expect(page).toHaveURL(regressedRunUrl(seeded));

    await expect(page.locator(".outcome-banner")).toHaveAttribute("data-outcome", "regressed");
    await expect(page.locator(".outcome-banner")).toContainText("Regression");
    const regression = page.locator('tr[data-transition="regressed"]');
    await expect(regression).toHaveCount(1);
    await expect(regression.getByRole("rowheader")).toHaveText(seeded.judgedRun.unmet[0]!);
    await expect(regression.locator(".transition")).toHaveText("regression");
    await expect(regression.locator("[data-verdict]").first()).toHaveAttribute("data-verdict", "met");
    await expect(regression.locator("[data-verdict]").last()).toHaveAttribute("data-verdict", "unmet");

    // the agent's reply changed: the ticket number went missing
    const changed = page.locator('.diff-row[data-status="changed"]');
    await expect(changed).toHaveCount(1);
    await expect(changed.locator('del[data-change="removed"]').first()).toContainText("T-1004");
    await expect(changed.locator('ins[data-change="added"]').first()).toBeVisible();
    // screen readers hear what each highlight is
    await expect(changed.locator('del[data-change="removed"] .visually-hidden').first()).toHaveText("removed:");
    await expect(changed.locator('ins[data-change="added"] .visually-hidden').first()).toHaveText("added:");

    // the first divergence names that message and jumps to it
    const index = await changed.getAttribute("data-index");
    await expect(page.locator(".divergence")).toHaveAttribute("data-divergence", index ?? "");
    await page.getByRole("link", { name: "Jump to it" }).click();
    await expect(changed).toBeFocused();
    await expect(page).toHaveURL(new RegExp(`#message-${index}$`));
  });

  for (const theme of ["light", "dark"] as const) {
    test(`diff highlights have their colours in the ${theme} theme`, async ({ adminPage: page, seeded }) => {
      await useTheme(page, theme);
      await page.goto(regressedRunUrl(seeded));
      const row = page.locator('.diff-row[data-status="changed"]');
      const added = row.locator('ins[data-change="added"]').first();
      const removed = row.locator('del[data-change="removed"]').first();
      await expect(added).toHaveCSS("background-color", HIGHLIGHTS[theme].added[0]);
      await expect(added).toHaveCSS("color", HIGHLIGHTS[theme].added[1]);
      await expect(added).toHaveCSS("text-decoration-line", "underline");
      await expect(removed).toHaveCSS("background-color", HIGHLIGHTS[theme].removed[0]);
      await expect(removed).toHaveCSS("color", HIGHLIGHTS[theme].removed[1]);
      await expect(removed).toHaveCSS("text-decoration-line", "line-through");
      // a ratio threshold can hide a colour change: element-level, zero tolerance
      await expect(row).toHaveScreenshot(`changed-message-${theme}.png`, { maxDiffPixels: 0, threshold: 0 });
    });
  }

  test("?only=changed collapses equal messages and survives a reload", async ({ adminPage: page, seeded }) => {
    await page.goto(regressedRunUrl(seeded));
    const only = page.getByRole("checkbox", { name: "Show only changed" });
    await expect(page.locator('.diff-row[data-status="equal"]').first()).toBeVisible();
    await only.check();
    await expect(page).toHaveURL(/[?&]only=changed/);
    await expect(page.locator('.diff-row[data-status="equal"]')).toHaveCount(0);

    await page.reload();
    await expect(page.getByRole("checkbox", { name: "Show only changed" })).toBeChecked();
    await expect(page.locator('.diff-row[data-status="changed"]')).toHaveCount(1);
    await expect(page.locator('.diff-row[data-status="equal"]')).toHaveCount(0);

    // equal messages open on demand, their text read from the run
    const expand = page.getByRole("button", { name: /^Show \d+ equal messages?/ });
    await expect(expand).toHaveAttribute("aria-expanded", "false");
    await expand.click();
    await expect(page.getByRole("button", { name: /^Hide \d+ equal messages?/ })).toHaveAttribute("aria-expanded", "true");
    await expect(page.locator('.diff-row[data-status="equal"]').first()).toContainText("espresso machine");
    await expect(page).toHaveURL(/[?&]only=changed/);
  });

  test("asks for ids when they are missing, and says which run is not found", async ({ adminPage: page, seeded }) => {
    await page.goto("/diff/runs");
    await expect(page.getByLabel(/Base run id/)).toBeVisible();
    await expect(page.getByLabel(/Head run id/)).toBeVisible();
    await page.goto(`/diff/runs?base=no-such-run&head=${encodeURIComponent(seeded.judgedRun.runId)}`);
    await expect(page.locator('[data-state="not-found"]')).toContainText("no run no-such-run");
  });

  test("stacks the columns at a phone's width, base above head", async ({ adminPage: page, seeded }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(regressedRunUrl(seeded));
    const row = page.locator('.diff-row[data-status="changed"]');
    const base = await row.locator('.diff-cell[data-side="base"]').boundingBox();
    const head = await row.locator('.diff-cell[data-side="head"]').boundingBox();
    if (!base || !head) throw new Error("the changed row's cells are not laid out");
    expect(head.y, "head starts below base").toBeGreaterThanOrEqual(base.y + base.height);
    expect(Math.abs(head.x - base.x), "both cells start at the same left edge").toBeLessThan(1);
    // stacked cells name their side
    await expect(row.locator('.diff-cell[data-side="head"] .side-name')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the document is wider than the screen").toBeLessThanOrEqual(0);
  });
});

test.describe("diff: accessibility", () => {
  for (const theme of ["light", "dark"] as const) {
    test(`both views are accessible in the ${theme} theme`, async ({ adminPage: page, seeded, checkA11y }) => {
      await useTheme(page, theme);
      await page.goto(pairUrl(seeded, "&show=all"));
      await expect(page.locator("section[data-classification]").first()).toBeVisible();
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await checkA11y(page);

      await page.goto(regressedRunUrl(seeded));
      await expect(page.locator('.diff-row[data-status="changed"] ins').first()).toBeVisible();
      await checkA11y(page);
    });
  }
});
