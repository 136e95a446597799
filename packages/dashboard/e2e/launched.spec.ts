/**
 * Runs launched from the platform (issue 16), on the test server's embedded
 * runner: a suite pushed and launched through the real API, run in-process
 * by worker `embedded`. An Operator stops a running run from its page and
 * sees it Stopped, then cancelled, with its attempt; pauses, resumes and
 * stops a batch whose progress counts queued runs, the buttons following its
 * state (Pause while active, Resume while paused, none once stopped); a
 * refusal (409) is said in an alert. A Viewer sees the attempts and a paused
 * run's state but no controls, and an SDK batch has none. A rerun names the
 * run it reruns and links to their diff.
 * The workers page lists the embedded worker, alive, with the queue's
 * counts, and refreshes by itself. Both themes, a phone's width, axe.
 */
import { test as base, expect, type Page } from "./support/fixtures.js";
import { controlRun, type LaunchTarget, launch, pushSuite, rerun, stopAndSettle, untilRunning } from "./support/launched.js";
import { rgb, useTheme } from "./support/page-helpers.js";

/** base.css: an alive worker wears the pass colours. */
const ALIVE_COLOURS = { light: ["#dafbe1", "#116329"], dark: ["#0f3d1f", "#7ee29a"] } as const;

const test = base.extend<object, { launcher: LaunchTarget }>({
  launcher: [
    async ({ server }, use) => {
      const target = { url: server.url, adminKey: server.adminKey };
      await pushSuite(target);
      await use(target);
    },
    { scope: "worker", timeout: 60_000 },
  ],
});

const controls = (page: Page, type: "run" | "batch") => page.getByRole("group", { name: `Control this ${type}` });
const controlStatus = (page: Page) => page.locator(".launch-controls [role=status]");
/** The state said beside the buttons ("Paused", "Stopped"); absent while active. */
const controlState = (page: Page) => page.locator(".launch-controls [data-control-state]");

test.describe("controls of launched runs", () => {
  test("an Operator stops a running run, and sees it cancelled with its attempt", async ({ pageAs, launcher, checkA11y }) => {
    const { batchId, runIds } = await launch(launcher, "slow");
    const runId = runIds[0]!;
    try {
      await untilRunning(launcher, runId);
      const page = await pageAs("operator");
      await page.goto(`/runs/${runId}`);
      const group = controls(page, "run");
      // active: Pause and Stop, no Resume, and no state said
      await expect(group.getByRole("button")).toHaveText(["Pause", "Stop…"]);
      await expect(controlState(page)).toHaveCount(0);
      const attempt = page.locator(".attempts-list > li");
      await expect(attempt).toHaveCount(1);
      await expect(attempt).toHaveAttribute("data-outcome", "open");
      await expect(attempt.locator('[data-field="worker"]')).toHaveText("embedded");
      await expect(attempt.locator(".badge")).toHaveText("in progress");
      await checkA11y(page);

      await group.getByRole("button", { name: "Stop…" }).click();
      const dialog = page.getByRole("dialog", { name: "Stop this run?" });
      await expect(dialog).toBeVisible();
      await checkA11y(page);
      await dialog.getByLabel(/Reason/).fill("stuck on a slow tool");
      await dialog.getByRole("button", { name: "Stop run" }).click();
      await expect(dialog).toBeHidden();
      await expect(controlStatus(page)).toHaveAttribute("data-desired-state", "stopped");
      await expect(controlStatus(page)).toHaveText("Stopped: the run is being aborted.");
      // stopped: said, and nothing left to press, even before the run settles
      await expect(controlState(page)).toHaveText("Stopped");
      await expect(controlState(page)).toHaveAttribute("data-control-state", "stopped");
      await expect(group).toHaveCount(0);

      // the abort reaches the agent's call; the run ends cancelled (an error of kind cancelled)
      await expect(page.locator('[data-fact="status"]')).toContainText("(cancelled)", { timeout: 10_000 });
      await expect(page.locator('[data-fact="status"] .badge')).toHaveAttribute("data-status", "error");
      await expect(group).toHaveCount(0);
      // what the control did stays said once the buttons are gone, and so does the state (after a reload too)
      await expect(controlStatus(page)).toHaveText("Stopped: the run is being aborted.");
      await expect(controlState(page)).toHaveText("Stopped");
      await expect(attempt).toHaveAttribute("data-outcome", "cancelled", { timeout: 15_000 });
      await expect(attempt.locator(".badge")).toHaveText("cancelled");
      await page.reload();
      await expect(controlState(page)).toHaveText("Stopped");
      await expect(page.getByRole("button", { name: /^(Pause|Resume|Stop…)$/ })).toHaveCount(0);
    } finally {
      await stopAndSettle(launcher, batchId);
    }
  });

  test("an Operator pauses, resumes and stops a batch whose progress counts queued runs", async ({
    pageAs,
    launcher,
    checkA11y,
  }) => {
    test.setTimeout(60_000);
    const page = await pageAs("operator");
    await useTheme(page, "dark");
    // six slow runs on a runner that takes four at once: two wait in the queue
    const { batchId, runIds } = await launch(launcher, "slow", { trials: 6 });
    try {
      await untilRunning(launcher, runIds[0]!);
      await page.goto(`/batches/${batchId}`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("slow from the dashboard tests");
      await expect(page.getByTestId("batch-progress")).toContainText(/\b2 queued\b/);
      const group = controls(page, "batch");
      await expect(group.getByRole("button")).toHaveText(["Pause", "Stop…"]);
      await expect(controlState(page)).toHaveCount(0);
      await checkA11y(page);

      await group.getByRole("button", { name: "Pause" }).click();
      await expect(controlStatus(page)).toHaveAttribute("data-desired-state", "paused");
      await expect(controlStatus(page)).toHaveText("Paused: runs not yet started stay queued; running ones finish.");
      // paused: said, and Resume in Pause's place (focus stays on it)
      await expect(controlState(page)).toHaveText("Paused");
      await expect(group.getByRole("button")).toHaveText(["Resume", "Stop…"]);
      await expect(group.getByRole("button", { name: "Resume" })).toBeFocused();
      await checkA11y(page);
      // the API says it too: a reload shows the same
      await page.reload();
      await expect(controlState(page)).toHaveText("Paused");
      await expect(group.getByRole("button")).toHaveText(["Resume", "Stop…"]);

      await group.getByRole("button", { name: "Resume" }).click();
      await expect(controlStatus(page)).toHaveAttribute("data-desired-state", "active");
      await expect(controlStatus(page)).toHaveText("Resumed: queued runs start again.");
      await expect(controlState(page)).toHaveCount(0);
      await expect(group.getByRole("button")).toHaveText(["Pause", "Stop…"]);

      await group.getByRole("button", { name: "Stop…" }).click();
      const dialog = page.getByRole("dialog", { name: "Stop this batch?" });
      await dialog.getByRole("button", { name: "Stop batch" }).click();
      await expect(controlStatus(page)).toHaveAttribute("data-desired-state", "stopped");
      await expect(controlStatus(page)).toHaveAttribute("data-cancelled", "2");
      await expect(controlStatus(page)).toHaveText("Stopped: 2 queued runs removed; running ones are being aborted.");
      await expect(controlState(page)).toHaveText("Stopped");
      await expect(group).toHaveCount(0);
      await expect(page.getByTestId("batch-progress")).toContainText("6 of 6 settled", { timeout: 15_000 });
      await expect(page.getByTestId("batch-progress")).not.toContainText("queued");
      await expect(group).toHaveCount(0);
      await expect(controlState(page)).toHaveText("Stopped");
    } finally {
      await stopAndSettle(launcher, batchId);
    }
  });

  test("a refusal is said in an alert: a run that settled meanwhile cannot be paused (409)", async ({ pageAs, launcher }) => {
    const finished = await launch(launcher, "refund", { wait: true });
    const { batchId, runIds } = await launch(launcher, "slow");
    try {
      await untilRunning(launcher, runIds[0]!);
      const page = await pageAs("operator");
      // the page's control goes to the real server for a run that has finished by now: its real 409
      await page.route(`**/api/v1/runs/${runIds[0]}/controls`, (route) =>
        route.continue({ url: `${new URL(route.request().url()).origin}/api/v1/runs/${finished.runIds[0]}/controls` }),
      );
      await page.goto(`/runs/${runIds[0]}`);
      await controls(page, "run").getByRole("button", { name: "Pause" }).click();
      const alert = page.locator(".launch-controls").getByRole("alert");
      await expect(alert).toHaveText("Not paused: this run has already finished.");
      await expect(alert).toHaveAttribute("data-code", "already_settled");
      await expect(controlStatus(page)).not.toHaveAttribute("data-desired-state", /./);
    } finally {
      await stopAndSettle(launcher, batchId);
    }
  });

  test("a Viewer sees a launched run's attempts but no controls; an SDK batch has none for anyone", async ({
    pageAs,
    viewerPage,
    launcher,
    seeded,
  }) => {
    const { batchId, runIds } = await launch(launcher, "slow");
    try {
      await untilRunning(launcher, runIds[0]!);
      await viewerPage.goto(`/runs/${runIds[0]}`);
      await expect(viewerPage.locator(".attempts-list > li")).toHaveCount(1);
      await expect(viewerPage.locator('.attempts-list [data-field="worker"]')).toHaveText("embedded");
      await expect(viewerPage.getByRole("button", { name: /^(Pause|Resume|Stop…)$/ })).toHaveCount(0);
      await viewerPage.goto(`/batches/${batchId}`);
      await expect(viewerPage.getByTestId("batch-progress")).toBeVisible();
      await expect(viewerPage.locator(".launch-controls")).toHaveCount(0);

      const operator = await pageAs("operator");
      const reported = seeded.batches[0]!.batchId;
      await operator.goto(`/batches/${reported}`);
      await expect(operator.getByTestId("batch-progress")).toBeVisible();
      await expect(operator.locator(".launch-controls")).toHaveCount(0);
      await operator.goto(`/runs/${seeded.toolCallRun.runId}`);
      await expect(operator.locator('[data-fact="status"] .badge')).toHaveAttribute("data-status", "pass");
      await expect(operator.locator(".launch-controls")).toHaveCount(0);
      await expect(operator.getByRole("heading", { name: "Runs of this scenario" })).toBeVisible();
      await expect(operator.locator(".attempts")).toHaveCount(0);

      // a paused run says so to a Viewer too, still without buttons
      await controlRun(launcher, runIds[0]!, "pause");
      await viewerPage.goto(`/runs/${runIds[0]}`);
      await expect(viewerPage.locator(".launch-controls [data-control-state]")).toHaveText("Paused");
      await expect(viewerPage.getByRole("button", { name: /^(Pause|Resume|Stop…)$/ })).toHaveCount(0);
    } finally {
      await stopAndSettle(launcher, batchId);
    }
  });

  test("a finished launched run lists its one attempt, finished on the embedded worker", async ({
    adminPage: page,
    launcher,
  }) => {
    const { runIds } = await launch(launcher, "refund", { wait: true });
    await page.goto(`/runs/${runIds[0]}`);
    await expect(page.locator('[data-fact="status"] .badge')).toHaveAttribute("data-status", "pass");
    const attempt = page.locator(".attempts-list > li");
    await expect(attempt).toHaveAttribute("data-outcome", "finished");
    await expect(attempt.locator(".attempt-name")).toHaveText("Attempt 1");
    await expect(attempt.locator('[data-field="worker"]')).toHaveText("embedded");
    await expect(attempt.locator(".badge")).toHaveText("finished");
    await expect(attempt.locator('[data-field="ended"]')).toHaveText(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/);
    await expect(page.locator(".launch-controls")).toHaveCount(0);
    await expect(page.locator('[data-fact="rerun-of"]')).toHaveCount(0);
  });

  test("a rerun names the run it reruns and links to their diff", async ({ adminPage: page, launcher, checkA11y }) => {
    const original = (await launch(launcher, "refund", { wait: true })).runIds[0]!;
    const again = await rerun(launcher, original);
    await page.goto(`/runs/${again.runId}`);
    const fact = page.locator('[data-fact="rerun-of"]');
    await expect(fact.locator("dt")).toHaveText("Rerun of");
    const link = fact.getByRole("link", { name: original });
    await expect(link).toHaveAttribute("href", `/runs/${original}`);
    const diff = fact.getByRole("link", { name: "Compare with the original" });
    await expect(diff).toHaveAttribute("href", `/diff/runs?base=${original}&head=${again.runId}`);
    await expect(page.locator('[data-fact="status"] .badge')).toHaveAttribute("data-status", "pass", { timeout: 15_000 });
    await checkA11y(page);

    await diff.click();
    await expect(page).toHaveURL(`/diff/runs?base=${original}&head=${again.runId}`);
    await expect(page.locator(".diff-row").first()).toBeVisible();
    await page.goBack();
    await fact.getByRole("link", { name: original }).click();
    await expect(page).toHaveURL(`/runs/${original}`);
    await expect(page.locator('[data-fact="rerun-of"]')).toHaveCount(0);
  });
});

test.describe("workers page", () => {
  test("lists the embedded worker, alive, with the queue, and refreshes by itself", async ({ viewerPage: page, launcher }) => {
    test.setTimeout(60_000);
    await page.goto("/");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Workers" }).click();
    await expect(page).toHaveURL("/workers");
    await expect(page.getByRole("link", { name: "Workers" })).toHaveAttribute("aria-current", "page");
    const row = page.locator('tr[data-worker="embedded"]');
    await expect(row).toHaveAttribute("data-state", "alive");
    await expect(row.locator("[data-worker-state]")).toHaveText("alive");
    await expect(row.locator('[data-field="backend"]')).toHaveText("embedded");
    // an idle worker beats every 5 s: the page may first show a run the last test left finishing
    await expect(row.locator('[data-field="active"]')).toHaveText("0 of 4", { timeout: 15_000 });
    await expect(row.locator('[data-field="heartbeat"]')).toHaveText(/^(just now|\d+ s ago)$/);
    await expect(page.getByTestId("workers-summary")).toHaveText("1 worker: 1 alive.");
    await expect(page.getByTestId("queue-backend")).toHaveText("embedded");
    for (const state of ["waiting", "delayed", "active", "completed", "failed"])
      await expect(page.locator(`[data-queue-state="${state}"] dd`)).toHaveText(/^\d+$/);

    // a run processed meanwhile shows without a reload (the worker beats every 5 s, the page asks every 5 s)
    const processed = Number(await row.locator('[data-field="processed"]').textContent());
    await launch(launcher, "refund", { wait: true });
    await expect(row.locator('[data-field="processed"]')).toHaveText(String(processed + 1), { timeout: 15_000 });
  });

  for (const theme of ["light", "dark"] as const) {
    test(`is accessible, with the alive colour right, in the ${theme} theme`, async ({ adminPage: page, checkA11y }) => {
      await useTheme(page, theme);
      await page.goto("/workers");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      const badge = page.locator('tr[data-worker="embedded"] [data-worker-state="alive"]');
      await expect(badge).toHaveText("alive");
      await expect(badge).toHaveCSS("background-color", rgb(ALIVE_COLOURS[theme][0]));
      await expect(badge).toHaveCSS("color", rgb(ALIVE_COLOURS[theme][1]));
      // colour is meaning: element-level, zero tolerance
      await expect(badge).toHaveScreenshot(`worker-alive-${theme}.png`, { maxDiffPixels: 0, threshold: 0 });
      await checkA11y(page);
    });
  }

  test("fits a phone's width: the table scrolls inside its box", async ({ adminPage: page, checkA11y }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/workers");
    await expect(page.locator('tr[data-worker="embedded"]')).toBeVisible();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the document is wider than the screen").toBeLessThanOrEqual(0);
    const scroller = page.getByRole("region", { name: "Workers table" });
    expect(await scroller.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    // the keyboard reaches it, so arrow keys scroll it
    await scroller.focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => scroller.evaluate((element) => element.scrollLeft)).toBeGreaterThan(0);
    await checkA11y(page);
  });
});
