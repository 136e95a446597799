/**
 * Analytics of a set: the criteria heatmap (criterion × batch) shows the
 * regression of `ticket-escalation` in checkout-3 as unmet where it was met
 * before; the stability section lists the scenarios that changed outcome;
 * the trends have their data tables; the window lives in the URL; colour is
 * meaning in both themes; a phone's width scrolls the heatmap in its box.
 */
import { expect, type Page, test } from "./support/fixtures.js";
import { rgb, useTheme } from "./support/page-helpers.js";

const CELL_COLOURS = {
  light: { met: ["#dafbe1", "#116329"], unmet: ["#ffebe9", "#a40e26"], mixed: ["#fff1e5", "#8a3300"] },
  dark: { met: ["#0f3d1f", "#7ee29a"], unmet: ["#4c1219", "#ffa19f"], mixed: ["#4a2410", "#ffb073"] },
} as const;

/** The heatmap row of a scenario's criterion: its cells' states, oldest batch first. */
async function rowStates(page: Page, scenario: string, criterion: RegExp): Promise<string[]> {
  const row = page
    .locator(".heatmap tbody tr")
    .filter({ has: page.getByRole("rowheader", { name: scenario, exact: true }) })
    .filter({
      has: page.locator(".heatmap-criterion", { hasText: criterion }),
    });
  await expect(row).toHaveCount(1);
  return row.locator("td.heatmap-cell").evaluateAll((cells) => cells.map((cell) => cell.getAttribute("data-cell") ?? ""));
}

test.describe("analytics of a set", () => {
  test("the heatmap shows a criterion met in earlier batches and unmet where the scenario regressed", async ({
    adminPage: page,
    seeded,
  }) => {
    const checkout = seeded.sets.find((set) => set.setId === "checkout");
    expect(checkout?.batchIds).toEqual(["checkout-1", "checkout-2", "checkout-3"]);
    await page.goto("/sets/checkout/analytics");
    await expect(page.getByRole("heading", { level: 1, name: "checkout: analytics" })).toBeVisible();
    // one column per batch, oldest first, each a link to its batch
    const columns = page.locator(".heatmap thead th.heatmap-batch a");
    await expect(columns).toHaveCount(3);
    await expect(columns.first()).toHaveAttribute("href", "/batches/checkout-1");
    await expect(columns.last()).toHaveAttribute("href", "/batches/checkout-3");

    // ticket-escalation: "tells the ticket number" held twice, then broke in checkout-3 (fixture-scenarios.ts)
    const scenario = "Ticket escalation over the limit";
    expect(await rowStates(page, scenario, /tells the customer the ticket number/)).toEqual(["met", "met", "unmet"]);
    // a criterion every batch met stays met
    expect(await rowStates(page, scenario, /opens a ticket instead of refunding/)).toEqual(["met", "met", "met"]);
    // the cell says it in words too
    const unmet = page
      .locator(".heatmap tbody tr", { hasText: "tells the customer the ticket number" })
      .locator('td[data-cell="unmet"]');
    await expect(unmet.locator(".visually-hidden")).toHaveText(/^unmet \(0 met, 1 unmet\)$/);
  });

  test("stability lists the scenarios that changed outcome; the trends carry their numbers", async ({
    adminPage: page,
    seeded,
  }) => {
    expect(seeded.flakyRuns.length).toBe(2);
    await page.goto("/sets/checkout/analytics");
    const flaky = page.getByRole("table", { name: /changed outcome/ });
    await expect(flaky).toBeVisible();
    for (const name of ["Ticket escalation over the limit", "Order status lookup", "Greeting"])
      await expect(flaky.getByRole("rowheader", { name })).toBeVisible();
    await expect(flaky.getByRole("rowheader", { name: "Refund within the limit" })).toHaveCount(0);

    // pass^k per batch: checkout-3 ran greeting twice with different outcomes, so not every scenario passed all trials
    const stability = page.getByRole("figure", { name: /pass\^k and flaky scenarios/ });
    await stability.getByText("Data").click();
    const rows = stability.locator("tbody tr");
    await expect(rows).toHaveCount(3);
    await expect(rows.last().locator("td").last()).not.toHaveText("0%");

    const duration = page.getByRole("figure", { name: "Run duration per batch" });
    await duration.getByText("Data").click();
    await expect(duration.locator("tbody tr")).toHaveCount(3);
    // measured durations, not placeholders
    await expect(duration.locator("tbody tr").first().locator("td").first()).toHaveText(/^\d+(\.\d+)? (ms|s)$/);
  });

  test("the window of batches lives in the URL and survives a reload", async ({ adminPage: page, seeded }) => {
    expect(seeded.sets.length).toBeGreaterThan(0);
    await page.goto("/sets/checkout/analytics");
    await page.getByRole("button", { name: "Last 10" }).click();
    await expect(page).toHaveURL(/\/sets\/checkout\/analytics\?batches=10$/);
    await page.reload();
    await expect(page.getByRole("button", { name: "Last 10" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByRole("button", { name: "Last 20" })).toHaveAttribute("aria-pressed", "false");
    await expect(page.locator(".heatmap thead th.heatmap-batch")).toHaveCount(3);
  });

  for (const theme of ["light", "dark"] as const) {
    test(`is accessible, and the heatmap colours are right, in the ${theme} theme`, async ({
      adminPage: page,
      seeded,
      checkA11y,
    }) => {
      expect(seeded.sets.length).toBeGreaterThan(0);
      await useTheme(page, theme);
      await page.goto("/sets/checkout/analytics");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expect(page.locator(".heatmap")).toBeVisible();
      await checkA11y(page);
      for (const state of ["met", "unmet"] as const) {
        const cell = page.locator(`td.heatmap-cell[data-cell="${state}"]`).first();
        await expect(cell).toHaveCSS("background-color", rgb(CELL_COLOURS[theme][state][0]));
        await expect(cell).toHaveCSS("color", rgb(CELL_COLOURS[theme][state][1]));
        // colour is meaning: element-level, zero tolerance
        await expect(cell).toHaveScreenshot(`heatmap-${state}-${theme}.png`, { maxDiffPixels: 0, threshold: 0 });
      }
    });
  }

  test("fits a phone's width: the heatmap scrolls inside its box", async ({ adminPage: page, seeded }) => {
    expect(seeded.sets.length).toBeGreaterThan(0);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/sets/checkout/analytics");
    await expect(page.locator(".heatmap")).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the document is wider than the screen").toBeLessThanOrEqual(0);
  });
});
