/**
 * Home: the seeded sets, failing first, with the latest batch's pass rate
 * ("no data" when nothing settled), the trend sparkline and a search that
 * lives in the URL; accessible in both themes, and at a phone's width.
 */
import { expect, type Page, type Seeded, test } from "./support/fixtures.js";

/** The seeded sets' rows in the order shown (live tests may add sets of their own to the worker's server). */
async function seededRows(page: Page, seeded: Seeded) {
  const ids = new Set(seeded.sets.map((set) => set.setId));
  await expect(page.locator("tr[data-set]").first()).toBeVisible();
  const rows = await page.locator("tr[data-set]").evaluateAll((elements) =>
    elements.map((element) => ({
      setId: element.getAttribute("data-set") ?? "",
      failing: element.getAttribute("data-failing"),
    })),
  );
  return rows.filter((row) => ids.has(row.setId));
}

test.describe("home: the sets", () => {
  test("lists the sets failing first, with pass rate, trend and flaky count", async ({ adminPage: page, seeded }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1, name: "Scenario sets" })).toBeVisible();
    await expect(page).toHaveTitle("Scenario sets · Rehearse");

    const rows = await seededRows(page, seeded);
    expect(rows.map((row) => row.setId).sort()).toEqual(seeded.sets.map((set) => set.setId).sort());
    for (const row of rows)
      expect(row.failing, row.setId).toBe(String(seeded.sets.find((set) => set.setId === row.setId)?.failing));
    // every failing set comes before every passing one
    const lastFailing = rows.map((row) => row.failing).lastIndexOf("true");
    const firstPassing = rows.map((row) => row.failing).indexOf("false");
    expect(lastFailing, `order: ${rows.map((row) => `${row.setId}(${row.failing})`).join(", ")}`).toBeLessThan(firstPassing);

    for (const set of seeded.sets) {
      const row = page.locator(`tr[data-set="${set.setId}"]`);
      await expect(row.getByRole("rowheader")).toHaveText(set.setId);
      const rate = row.locator("[data-pass-rate]");
      if (set.passRate === null) {
        await expect(rate).toHaveAttribute("data-pass-rate", "none");
        await expect(rate).toHaveText("no data");
      } else {
        await expect(rate).toHaveAttribute("data-pass-rate", String(set.passRate));
        await expect(rate).toHaveText(`${Math.round(set.passRate * 1000) / 10}%`);
      }
      // one point per batch, described in words
      await expect(
        row.getByRole("img", { name: new RegExp(`^Pass rate of the last ${set.batchIds.length} batches: `) }),
      ).toBeVisible();
    }
    // the Flaky column (the fourth cell): checkout's last batch ran "greeting" twice with different outcomes,
    // flaky by any definition; drafts has one skipped run, flaky by none
    await expect(page.locator('tr[data-set="checkout"] td').nth(3)).not.toHaveText("0");
    await expect(page.locator('tr[data-set="drafts"] td').nth(3)).toHaveText("0");
  });

  test("search filters on the server, lives in the URL and survives a reload", async ({ adminPage: page, seeded }) => {
    await page.goto("/");
    await expect(page.locator(`tr[data-set="${seeded.sets[0]?.setId}"]`)).toBeVisible();
    await expect(page.locator('tr[data-set="privacy"]')).toBeVisible();
    const search = page.getByRole("searchbox", { name: "Search sets" });
    await search.fill("check");
    await expect(page).toHaveURL(/\?q=check$/);
    await expect(page.locator("tr[data-set]")).toHaveCount(1);
    await expect(page.locator('tr[data-set="checkout"]')).toBeVisible();

    await page.reload();
    await expect(page.getByRole("searchbox", { name: "Search sets" })).toHaveValue("check");
    await expect(page.locator("tr[data-set]")).toHaveCount(1);

    await page.goto("/?q=no-such-set");
    await expect(page.getByText("No set matches “no-such-set”.")).toBeVisible();

    // `/` focuses the search from anywhere on the page
    await page.goto("/");
    const box = page.getByRole("searchbox", { name: "Search sets" });
    await expect(box).toBeVisible();
    await page.locator("body").press("/");
    await expect(box).toBeFocused();
  });

  test("is accessible in the light and the dark theme", async ({ adminPage: page, seeded, checkA11y }) => {
    // light on the first load only: the reload below must find the choice the `t` key stored
    await page.addInitScript(() => {
      if (window.localStorage.getItem("rehearse.theme") === null) window.localStorage.setItem("rehearse.theme", "light");
    });
    await page.goto("/");
    await expect(page.locator(`tr[data-set="${seeded.sets[0]?.setId}"]`)).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "light");
    await checkA11y(page);

    await page.locator("body").press("t");
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
    await checkA11y(page);
    // the choice is kept
    await page.reload();
    await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  });

  test("fits a phone's width without scrolling the page sideways", async ({ adminPage: page, seeded, guards }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/");
    await expect(page.locator(`tr[data-set="${seeded.sets[0]?.setId}"]`)).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the document is wider than the screen").toBeLessThanOrEqual(0);
    // and nothing was fetched from anywhere but the server (the guards also fail any test that does)
    expect(guards.problems).toEqual([]);
  });

  test("a set reported while the page is open appears and updates without a reload", async ({
    adminPage: page,
    seeded,
    reportLive,
  }) => {
    await page.goto("/");
    await expect(page.locator(`tr[data-set="${seeded.sets[0]?.setId}"]`)).toBeVisible();
    const live = reportLive();
    const run = live.start({ name: "Live greeting", userTurns: ["Hello?"] });
    const row = page.locator(`tr[data-set="${live.setId}"]`);
    await expect(row).toBeVisible();
    await expect(row.locator("[data-pass-rate]")).toHaveText("no data");

    run.reply("Hello. What do you want?");
    await run.finish("fail", "The agent was curt.");
    await expect(row).toHaveAttribute("data-failing", "true");
    await expect(row.locator("[data-pass-rate]")).toHaveText("0%");
    // failing now, it moves above every passing set
    const order = await page
      .locator("tr[data-set]")
      .evaluateAll((rows) => rows.map((element) => element.getAttribute("data-set")));
    expect(order.indexOf(live.setId)).toBeLessThan(order.indexOf("safety"));
  });
});
