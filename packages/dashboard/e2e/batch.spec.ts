/**
 * The batch page on the seeded batches: counts that match the runs (and the
 * canonical pass rate, "no data" when nothing settled), failures first,
 * sorting, status and text filters that live in the URL, the CSV export,
 * the column picker with a `metadata.*` column, grid and table, keys, both
 * themes, a phone's width, another tenant's batch, the status colours
 * (asserted and screenshotted with zero tolerance), and a batch reported
 * live while the page watches: its new run appears, streams its messages and
 * settles without a reload and without the page polling the run list.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { agent, createRehearse, succeed, user } from "@rehearse/core";
import { scriptedAgent } from "@rehearse/core/testing";
import { signedIn } from "./support/accounts.js";
import { expect, type Page, type Seeded, test } from "./support/fixtures.js";
import { rgb, useTheme } from "./support/page-helpers.js";
import type { ReportTarget } from "./support/seed.js";

interface RunSummary {
  runId: string;
  status: string | null;
  durationMs: number | null;
}

/** The theme colours of the status badges (base.css `--status-*-bg` / `-text`): meaning, so asserted exactly. */
const BADGE_COLOURS = {
  light: {
    pass: ["#dafbe1", "#116329"],
    fail: ["#ffebe9", "#a40e26"],
    error: ["#fff1e5", "#8a3300"],
    skipped: ["#eaeef2", "#424a53"],
    running: ["#ddf4ff", "#0550ae"],
  },
  dark: {
    pass: ["#0f3d1f", "#7ee29a"],
    fail: ["#4c1219", "#ffa19f"],
    error: ["#4a2410", "#ffb073"],
    skipped: ["#262c36", "#bec4cc"],
    running: ["#0c2d6b", "#8cc8ff"],
  },
} as const;

function batchRuns(seeded: Seeded, batchId: string) {
  const batch = seeded.batches.find((candidate) => candidate.batchId === batchId);
  if (!batch) throw new Error(`no seeded batch ${batchId}`);
  return batch.runs;
}

/** The table's rows as shown: run id and status, top to bottom. */
async function shownRows(page: Page): Promise<Array<{ runId: string; status: string }>> {
  await expect(page.locator("tbody tr.run-row").first()).toBeVisible();
  return page
    .locator("tbody tr.run-row")
    .evaluateAll((rows) =>
      rows.map((row) => ({ runId: row.getAttribute("data-run") ?? "", status: row.getAttribute("data-status") ?? "" })),
    );
}

/** Reports two finished runs with `metadata` into a batch of their own, through the real reporter. */
async function reportWithMetadata(target: ReportTarget, batchId: string): Promise<void> {
  const outboxDir = mkdtempSync(join(tmpdir(), "rehearse-e2e-batch-"));
  const rehearse = createRehearse({
    configFile: false,
    env: {},
    config: { report: { endpoint: target.endpoint, apiKey: target.apiKey, outboxDir, redact: false } },
  });
  try {
    for (const model of ["model-a", "model-b"]) {
      await rehearse.run(
        {
          id: `metadata-${model}`,
          name: `Greeting on ${model}`,
          description: "A run that declares the model it ran against.",
          setId: "metadata",
          metadata: { model, region: "eu" },
          agents: [scriptedAgent(["Hello there."])],
          script: [user("Hi"), agent(), succeed("The agent greeted.")],
        },
        { batchRunId: batchId },
      );
    }
  } finally {
    await rehearse.close({ timeoutMs: 10_000 });
    rmSync(outboxDir, { recursive: true, force: true });
  }
}

test.describe("batch: counts, order and the table", () => {
  test("shows counts derived from the runs, the pass rate, and failures first", async ({ adminPage: page, seeded }) => {
    const runs = batchRuns(seeded, "checkout-3");
    await page.goto("/batches/checkout-3");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Batch checkout-3");
    await expect(page.getByRole("navigation", { name: "Breadcrumb" }).getByRole("link", { name: "checkout" })).toHaveAttribute(
      "href",
      "/sets/checkout",
    );

    const passed = runs.filter((run) => run.status === "pass").length;
    const settled = runs.filter((run) => run.status !== "skipped").length;
    await expect(page.getByTestId("batch-progress")).toHaveText(
      `${settled} of ${runs.length} settled · pass rate ${Math.round((passed / settled) * 1000) / 10}% (${passed} of ${settled})`,
    );
    await expect(page.locator("[data-pass-rate]")).toHaveAttribute("data-pass-rate", (passed / settled).toFixed(4));

    // a finished batch opens as the table: every run once, with its status, failures first
    await expect(page.getByRole("button", { name: "Table" })).toHaveAttribute("aria-pressed", "true");
    const rows = await shownRows(page);
    expect(rows.map((row) => row.runId).sort()).toEqual(runs.map((run) => run.runId).sort());
    for (const row of rows) expect(row.status, row.runId).toBe(runs.find((run) => run.runId === row.runId)?.status);
    const failures = rows.filter((row) => row.status === "fail").length;
    expect(rows.slice(0, failures).every((row) => row.status === "fail")).toBe(true);
    await expect(page.locator("th[data-column=status]")).toHaveAttribute("aria-sort", "ascending");
    await expect(page.locator("table.runs-table")).toHaveAttribute("aria-rowcount", String(runs.length + 1));

    // the batch before it in the set is one click away
    await expect(page.getByRole("link", { name: "Compare with previous…" })).toHaveAttribute(
      "href",
      "/diff/batches?base=checkout-2&head=checkout-3",
    );
  });

  test("orders error, skipped, pass; a batch with nothing settled has no pass rate, not 0 %", async ({
    adminPage: page,
    seeded,
  }) => {
    const runs = batchRuns(seeded, "privacy-2");
    await page.goto("/batches/privacy-2");
    expect((await shownRows(page)).map((row) => row.status)).toEqual(["error", "skipped", "pass"]);
    expect(runs.map((run) => run.status).sort()).toEqual(["error", "pass", "skipped"]);
    await expect(page.getByTestId("batch-progress")).toHaveText("2 of 3 settled · pass rate 50% (1 of 2) · 1 skipped");

    await page.goto("/batches/drafts-1");
    await expect(page.locator("tbody tr.run-row")).toHaveCount(1);
    await expect(page.locator("[data-pass-rate]")).toHaveText("no data");
    await expect(page.getByTestId("batch-progress")).toHaveText("0 of 1 settled · pass rate: no data · 1 skipped");
  });

  test("sorts by a column from its header, kept in the URL", async ({ adminPage: page, adminApi, seeded }) => {
    expect(batchRuns(seeded, "checkout-3").length).toBeGreaterThan(1);
    const page200 = (await adminApi.call("GET", "/api/v1/runs?batchId=checkout-3&limit=200")) as { items: RunSummary[] };
    const durations = new Map(page200.items.map((run) => [run.runId, run.durationMs ?? -1]));
    await page.goto("/batches/checkout-3");
    await page.getByRole("button", { name: "Duration", exact: true }).click();
    await expect(page).toHaveURL(/[?&]sort=duration&dir=desc/);
    await expect(page.locator("th[data-column=duration]")).toHaveAttribute("aria-sort", "descending");
    const down = (await shownRows(page)).map((row) => durations.get(row.runId)!);
    expect(down).toEqual([...down].sort((left, right) => right - left));

    await page.getByRole("button", { name: "Duration", exact: true }).click();
    await expect(page.locator("th[data-column=duration]")).toHaveAttribute("aria-sort", "ascending");
    await page.reload();
    await expect(page.locator("th[data-column=duration]")).toHaveAttribute("aria-sort", "ascending");
    const up = (await shownRows(page)).map((row) => durations.get(row.runId)!);
    expect(up).toEqual([...up].sort((left, right) => left - right));
  });

  test("filters by status and text in the URL, and the filter survives a reload", async ({ adminPage: page, seeded }) => {
    const failing = batchRuns(seeded, "checkout-3").filter((run) => run.status === "fail");
    await page.goto("/batches/checkout-3");
    await page.getByRole("button", { name: /^fail \d+ runs$/ }).click();
    await expect(page).toHaveURL(/[?&]status=fail(&|$)/);
    await expect(page.locator("tbody tr.run-row")).toHaveCount(failing.length);
    await expect(page.locator('tbody tr.run-row:not([data-status="fail"])')).toHaveCount(0);

    await page.reload();
    await expect(page.getByRole("button", { name: /^fail \d+ runs$/ })).toHaveAttribute("aria-pressed", "true");
    await expect(page.locator("tbody tr.run-row")).toHaveCount(failing.length);

    // `/` focuses the text filter; it matches scenario names
    await page.locator("body").press("/");
    const search = page.getByRole("searchbox", { name: /Filter runs/ });
    await expect(search).toBeFocused();
    await search.fill("greet");
    await expect(page).toHaveURL(/[?&]q=greet/);
    await expect(page.locator("tbody tr.run-row")).toHaveCount(failing.filter((run) => /greet/i.test(run.name)).length);

    await page.goto("/batches/checkout-3?status=fail,pass&q=no-such-run");
    await expect(page.getByText("No runs match these filters.")).toBeVisible();
  });

  test("exports the filtered, sorted rows as CSV", async ({ adminPage: page, seeded }) => {
    const runs = batchRuns(seeded, "checkout-3");
    await page.goto("/batches/checkout-3?sort=duration&dir=desc&status=fail,pass");
    const shown = await shownRows(page);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("batch-checkout-3.csv");
    const text = readFileSync((await download.path())!, "utf8");
    const lines = text.split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]).toMatch(/^run_id,scenario_id,status,state,scenario,attempt,duration_ms,turns,cost_usd,/);
    const body = lines.slice(1, -1).map((line) => line.split(","));
    expect(body.map((cells) => cells[0])).toEqual(shown.map((row) => row.runId));
    for (const cells of body) {
      const run = runs.find((candidate) => candidate.runId === cells[0]);
      expect(cells.slice(1, 3)).toEqual([run?.scenarioId, run?.status]);
    }
  });

  test("the column picker adds a metadata column, kept in the URL and the export", async ({ adminPage: page, ingest }) => {
    const batchId = `metadata-${Date.now()}`;
    await reportWithMetadata(ingest, batchId);
    await page.goto(`/batches/${batchId}`);
    await expect(page.locator("tbody tr.run-row")).toHaveCount(2);
    await expect(page.locator('th[data-column="metadata.model"]')).toHaveCount(0);

    await page.getByText("Columns", { exact: true }).click();
    await page.getByRole("checkbox", { name: "model", exact: true }).check();
    await expect(page).toHaveURL(/[?&]cols=metadata\.model/);
    await expect(page.locator('th[data-column="metadata.model"]')).toHaveText("model");
    const values = await page.locator('tbody td[data-column="metadata.model"]').allTextContents();
    expect(values.sort()).toEqual(["model-a", "model-b"]);

    await page.reload();
    await expect(page.locator('th[data-column="metadata.model"]')).toBeVisible();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    const [header, ...rows] = readFileSync((await download.path())!, "utf8")
      .trim()
      .split("\r\n");
    expect(header?.split(",").at(-1)).toBe("metadata.model");
    expect(rows.map((line) => line.split(",").at(-1)).sort()).toEqual(["model-a", "model-b"]);
  });

  test("switches between grid and table, and keys move through the runs", async ({ adminPage: page, seeded }) => {
    const runs = batchRuns(seeded, "checkout-3");
    await page.goto("/batches/checkout-3");
    await page.getByRole("button", { name: "Grid" }).click();
    await expect(page).toHaveURL(/[?&]view=grid/);
    const cards = page.locator("li.run-card");
    await expect(cards).toHaveCount(runs.length);
    await expect(cards.first()).toHaveAttribute("data-status", "fail");
    // each card shows the end of its conversation
    await expect(cards.first().locator(".card-messages li").first()).toBeVisible();
    await page.reload();
    await expect(cards).toHaveCount(runs.length);

    await page.getByRole("button", { name: "Table" }).click();
    await expect(page).toHaveURL(/[?&]view=table/);
    const rows = await shownRows(page);
    // focus is still on the Table button: j/k move the selection and focus with it
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await expect(page.locator("tbody tr[data-selected]")).toHaveAttribute("data-run", rows[1]!.runId);
    await page.keyboard.press("k");
    await expect(page.locator("tbody tr[data-selected]")).toHaveAttribute("data-run", rows[0]!.runId);
    await expect(page.locator("tbody tr[data-selected] a")).toBeFocused();
    await expect(page).toHaveURL(new RegExp(`[?&]row=${rows[0]!.runId}`));
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(`/runs/${rows[0]!.runId}`);

    // a card opens its run too
    await page.goto("/batches/checkout-3?view=grid");
    await cards.nth(1).click();
    await expect(page).toHaveURL(/\/runs\//);
  });

  test("says not found for a batch that is not there, or is another tenant's", async ({
    adminPage: page,
    seeded,
    server,
    adminApi,
    browser,
    guards,
  }) => {
    guards.allowConsoleError(/status of 404/);
    await page.goto("/batches/no-such-batch");
    await expect(page.getByRole("alert")).toHaveText("Not found (or not in your tenant).");

    // someone of another tenant asks for a seeded batch by its id
    const tenantId = `other-${Date.now()}`;
    await adminApi.call("POST", "/api/v1/tenants", { id: tenantId, name: "Other" });
    const member = { email: `outsider-${tenantId}@example.com`, name: "Outsider", role: "admin" };
    const { password } = (await adminApi.call("PUT", `/api/v1/tenants/${tenantId}/members`, member)) as { password: string };
    const outsider = await signedIn(server.url, { email: member.email, password }, "admin");
    const context = await browser.newContext({ storageState: outsider.storageState });
    await guards.attach(context);
    const other = await context.newPage();
    await other.goto(`/batches/${seeded.batches[0]!.batchId}`);
    await expect(other.getByRole("alert")).toHaveText("Not found (or not in your tenant).");
    await expect(other.locator("tbody tr.run-row")).toHaveCount(0);
    await context.close();
  });
});

test.describe("batch: accessibility, themes and a phone", () => {
  for (const theme of ["light", "dark"] as const) {
    test(`is accessible, and the status colours are right, in the ${theme} theme`, async ({
      adminPage: page,
      seeded,
      checkA11y,
    }) => {
      expect(batchRuns(seeded, "privacy-2")).toHaveLength(3);
      await useTheme(page, theme);
      await page.goto("/batches/privacy-2");
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expect(page.locator("tbody tr.run-row")).toHaveCount(3);
      await checkA11y(page);
      for (const status of ["error", "skipped", "pass"] as const) {
        const badge = page.locator(`tbody tr.run-row[data-status="${status}"] .badge`);
        await expect(badge).toHaveText(status);
        await expect(badge).toHaveCSS("background-color", rgb(BADGE_COLOURS[theme][status][0]));
        await expect(badge).toHaveCSS("color", rgb(BADGE_COLOURS[theme][status][1]));
      }
      // colour is meaning: element-level, zero tolerance
      await expect(page.getByTestId("status-chips")).toHaveScreenshot(`status-chips-${theme}.png`, {
        maxDiffPixels: 0,
        threshold: 0,
      });

      await page.goto("/batches/checkout-3?view=grid");
      await expect(page.locator("li.run-card").first()).toBeVisible();
      const fail = page.locator('li.run-card[data-status="fail"] .badge').first();
      await expect(fail).toHaveCSS("background-color", rgb(BADGE_COLOURS[theme].fail[0]));
      await expect(fail).toHaveCSS("color", rgb(BADGE_COLOURS[theme].fail[1]));
      await checkA11y(page);
    });
  }

  test("fits a phone's width: the table scrolls inside its box, the grid is one column", async ({ adminPage: page, seeded }) => {
    expect(batchRuns(seeded, "checkout-3").length).toBeGreaterThan(1);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/batches/checkout-3?view=table");
    await expect(page.locator("tbody tr.run-row").first()).toBeVisible();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow(), "the document is wider than the screen").toBeLessThanOrEqual(0);
    const scroller = page.getByTestId("runs-scroller");
    expect(await scroller.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);

    await page.getByRole("button", { name: "Grid" }).click();
    const cards = page.locator("li.run-card");
    await expect(cards.nth(1)).toBeVisible();
    const [first, second] = [await cards.nth(0).boundingBox(), await cards.nth(1).boundingBox()];
    expect(second!.x).toBe(first!.x);
    expect(second!.y).toBeGreaterThan(first!.y);
    expect(await overflow(), "the document is wider than the screen").toBeLessThanOrEqual(0);
  });
});

test.describe("batch: live", () => {
  test("a run reported while the page is open appears, streams its messages and settles, without polling", async ({
    adminPage: page,
    adminApi,
    reportLive,
  }) => {
    await useTheme(page, "light");
    const live = reportLive();
    const first = live.start({ name: "Live warm-up", userTurns: ["Hello, anyone there?"] });
    await expect
      .poll(async () =>
        adminApi.call("GET", `/api/v1/batches/${live.batchId}`).then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);

    const listRequests: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (url.pathname === "/api/v1/runs") listRequests.push(url.search);
    });
    await page.goto(`/batches/${live.batchId}`);
    await expect(page.locator(".live-status")).toHaveAttribute("data-live", "open");
    // a small running batch opens as the live grid
    await expect(page.getByRole("button", { name: "Grid" })).toHaveAttribute("aria-pressed", "true");
    const firstCard = page.locator(`li.run-card[data-run="${first.runId}"]`);
    await expect(firstCard).toHaveAttribute("data-status", "running");
    await expect(firstCard.locator(".card-messages")).toContainText("Hello, anyone there?");
    await page.evaluate(() => {
      (window as unknown as { notReloaded: boolean }).notReloaded = true;
    });
    const loads = listRequests.length;
    expect(loads).toBeGreaterThan(0);

    const second = live.start({ name: "Live newcomer", userTurns: ["Where is my order?"] });
    const card = page.locator(`li.run-card[data-run="${second.runId}"]`);
    await expect(card).toHaveAttribute("data-status", "running");
    await expect(card.locator(".badge")).toHaveCSS("background-color", rgb(BADGE_COLOURS.light.running[0]));
    await expect(card.locator('.card-messages li[data-role="user"]')).toContainText("Where is my order?");
    await expect(page.getByTestId("batch-progress")).toHaveText("0 of 2 settled · pass rate: no data · 2 running");

    second.reply("It ships tomorrow.");
    await expect(card.locator('.card-messages li[data-role="assistant"]')).toContainText("It ships tomorrow.");
    await second.finish("pass");
    await expect(card).toHaveAttribute("data-status", "pass");
    await expect(card.locator(".badge")).toHaveText("pass");
    await expect(card.locator(".badge")).toHaveCSS("background-color", rgb(BADGE_COLOURS.light.pass[0]));
    await expect(page.getByTestId("batch-progress")).toHaveText("1 of 2 settled · pass rate 100% (1 of 1) · 1 running");

    // all of it over the stream: the page neither reloaded nor fetched the run list again
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(listRequests.length, listRequests.join("\n")).toBe(loads);
  });
});
