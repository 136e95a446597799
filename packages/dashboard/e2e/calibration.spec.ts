/**
 * Judge calibration (`/calibration`): an Admin labels judged runs with the
 * keyboard only — m / u / s per criterion, n for a note, Enter to save and
 * move on — and the agreement table counts the new labels per criterion and
 * judge version; the queue is blind (no judge verdicts shown); a Viewer reads
 * the agreement but gets no queue; the page is accessible in both themes.
 */
import { expect, type Page, test } from "./support/fixtures.js";
import { useTheme } from "./support/page-helpers.js";

/** The number of labels the agreement section counts (0 when it says there are none). */
async function labelsCompared(page: Page): Promise<number> {
  const empty = page.getByTestId("agreement-empty");
  const labels = page.getByTestId("agreement-labels");
  await expect(empty.or(labels)).toBeVisible();
  if (await empty.isVisible()) return 0;
  return Number.parseInt((await labels.textContent())?.replace(/[^0-9]/g, "") ?? "", 10);
}

test.describe("calibration", () => {
  test("labels runs with the keyboard and sees the agreement change", async ({ adminPage: page, seeded }) => {
    expect(seeded.judgedRun.met.length + seeded.judgedRun.unmet.length).toBeGreaterThan(0);
    await page.goto("/calibration");
    await expect(page.getByRole("heading", { level: 1, name: "Calibration" })).toBeVisible();
    const before = await labelsCompared(page);

    const review = page.locator(".review");
    await expect(review).toBeVisible();
    const firstRun = await review.getAttribute("data-run");
    // the keys are on screen, and the judge's verdicts are not
    await expect(page.locator(".review-keys")).toContainText("Save and go to the next run");
    await expect(page.getByTestId("review-progress")).toContainText("verdicts are hidden");
    const criteria = page.locator(".review-criterion");
    const count = await criteria.count();
    expect(count).toBeGreaterThan(0);

    // the first criterion: a note (n … Esc), then met; the rest alternate unmet / met
    await page.keyboard.press("n");
    await expect(criteria.first().locator("textarea")).toBeFocused();
    await page.keyboard.type("asked for it at once");
    await page.keyboard.press("Escape");
    await expect(criteria.first()).toBeFocused();
    for (let index = 0; index < count; index++) await page.keyboard.press(index % 2 === 0 ? "m" : "u");
    await expect(criteria.first().getByRole("button", { name: "Met", exact: true })).toHaveAttribute("aria-pressed", "true");
    await expect(page.getByTestId("review-progress")).toContainText(`${count} of ${count} criteria labelled`);
    await page.keyboard.press("Enter");
    await expect(page.getByTestId("review-status")).toHaveText(new RegExp(`^Saved ${count} labels? of `));
    await expect(review).not.toHaveAttribute("data-run", firstRun ?? "");
    await expect.poll(() => labelsCompared(page)).toBe(before + count);
    const labelled = await criteria.count();

    // the next run: unsure throughout — counted as unsure, not compared
    const secondRun = await review.getAttribute("data-run");
    for (let index = 0; index < labelled; index++) await page.keyboard.press("s");
    await page.keyboard.press("Enter");
    await expect(review).not.toHaveAttribute("data-run", secondRun ?? "");
    await expect.poll(() => labelsCompared(page)).toBe(before + count + labelled);
    const unsure = page.locator('[data-testid="agreement-versions"] td[data-field="unsure"]');
    await expect
      .poll(async () => (await unsure.allTextContents()).reduce((sum, text) => sum + Number.parseInt(text, 10), 0))
      .toBeGreaterThanOrEqual(labelled);
    // every row says its κ, or why it has none
    const kappa = page.locator('[data-testid="agreement-criteria"] td[data-field="kappa"]').first();
    await expect(kappa).toHaveText(/^(-?\d\.\d\d|undefined — .+)$/);
  });

  test("a Viewer reads the agreement but has no review queue", async ({ viewerPage: page }) => {
    await page.goto("/calibration");
    await expect(page.getByTestId("queue-forbidden")).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Judge–human agreement" })).toBeVisible();
    await expect(page.locator(".review")).toHaveCount(0);
  });

  for (const theme of ["light", "dark"] as const) {
    test(`is accessible in the ${theme} theme`, async ({ adminPage: page, checkA11y }) => {
      await useTheme(page, theme);
      await page.goto("/calibration");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expect(page.locator(".review").or(page.getByTestId("queue-empty"))).toBeVisible();
      await checkA11y(page);
    });
  }
});
