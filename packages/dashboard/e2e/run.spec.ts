/**
 * The run page on the seeded runs: tool calls with their results, an
 * injection where it fired, criteria with the judge's reasoning (colours
 * asserted and screenshotted), the error of an error run, seed and cost;
 * the timeline and red-team tabs by deep link and by keyboard; the
 * scenario's previous runs and "compare with previous"; playback at instant
 * and at 4× (messages come back one after another); a Viewer reading
 * placeholders where the admin reads the email; a run followed live; both
 * themes and a phone's width.
 */
import { expect, type Page, type Seeded, test } from "./support/fixtures.js";
import { rgb, untilStored, useTheme } from "./support/page-helpers.js";

/** base.css: the met / unmet chips use the pass / fail status colours. */
const VERDICT_COLOURS = {
  light: { met: ["#dafbe1", "#116329"], unmet: ["#ffebe9", "#a40e26"] },
  dark: { met: ["#0f3d1f", "#7ee29a"], unmet: ["#4c1219", "#ffa19f"] },
} as const;

function seededRun(seeded: Seeded, batchId: string, scenarioId: string) {
  const run = seeded.runs.find((candidate) => candidate.batchId === batchId && candidate.scenarioId === scenarioId);
  if (!run) throw new Error(`no seeded run of ${scenarioId} in ${batchId}`);
  return run;
}

const messages = (page: Page) => page.locator("ol.conversation > li.message");

test.describe("run: what happened", () => {
  test("shows each tool call with its result, the criteria met, the seed and the cost", async ({
    adminPage: page,
    adminApi,
    seeded,
  }) => {
    const run = seeded.toolCallRun;
    const detail = (await adminApi.call("GET", `/api/v1/runs/${run.runId}`)) as {
      seed: number;
      usage: { costUsd: number | null };
    };
    await page.goto(`/runs/${run.runId}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(run.name);
    await expect(page.locator('[data-fact="status"] .badge')).toHaveAttribute("data-status", "pass");
    await expect(page.locator('[data-fact="seed"] dd')).toHaveText(String(detail.seed));
    await expect(page.locator('[data-fact="cost"] dd')).toHaveText(detail.usage.costUsd === null ? "—" : /^\$/);

    const lookup = page.locator('.tool-call[data-tool="get_order"]');
    await expect(lookup).toHaveAttribute("data-outcome", "ok");
    await expect(lookup.locator("summary")).toContainText("get_order");
    await expect(lookup.locator(".code-block").first()).toContainText('"order_id": "A100"');
    await expect(lookup.locator(".tool-result")).toContainText("desk lamp");
    const refund = page.locator('.tool-call[data-tool="refund"]');
    await expect(refund.locator(".tool-result")).toContainText(/R-\d+/);
    // results sit under their calls, not as messages of their own
    await expect(page.locator('ol.conversation > li.message[data-role="tool"]')).toHaveCount(0);
    // a call block folds away
    await lookup.locator("summary").click();
    await expect(lookup.locator(".tool-result")).toBeHidden();

    await expect(page.locator('.criterion[data-verdict="met"]')).toHaveCount(2);
    await expect(page.locator('.criterion[data-verdict="unmet"]')).toHaveCount(0);
    await expect(page.locator(".turn-separator").first()).toHaveText("Turn 0");
  });

  test("shows the injection inline where it fired, before the call it broke", async ({ adminPage: page, seeded }) => {
    await page.goto(`/runs/${seeded.injectionRun.runId}`);
    const injection = page.locator('ol.conversation > li.event-item[data-event="injection"]');
    await expect(injection).toHaveCount(1);
    await expect(injection).toContainText("refund always times out");
    await expect(injection).toContainText("tool_error");
    await expect(injection).toContainText("Fired:");
    // right after the user's request and before the agent's refund call
    const neighbours = await injection.evaluate((element) => [
      element.previousElementSibling?.getAttribute("data-role"),
      element.nextElementSibling?.querySelector(".tool-call")?.getAttribute("data-tool"),
    ]);
    expect(neighbours).toEqual(["user", "refund"]);
    const failed = page.locator('.tool-call[data-tool="refund"]');
    await expect(failed).toHaveAttribute("data-outcome", "error");
    await expect(failed.locator(".tool-error")).toContainText("timeout");
    await expect(page.locator('[data-counter="injections"] dd')).toHaveText("1");
  });

  test("shows met and unmet criteria with the judge's reasoning", async ({ adminPage: page, seeded }) => {
    const run = seeded.judgedRun;
    await page.goto(`/runs/${run.runId}`);
    await expect(page.locator('[data-fact="status"] .badge')).toHaveAttribute("data-status", "fail");
    for (const criterion of run.met)
      await expect(page.locator('.criterion[data-verdict="met"]', { hasText: criterion })).toHaveCount(1);
    for (const criterion of run.unmet)
      await expect(page.locator('.criterion[data-verdict="unmet"]', { hasText: criterion })).toHaveCount(1);
    await expect(page.locator(".verdict-panel .reasoning")).toContainText(run.reasoning);
  });

  test("shows an error run's code and message", async ({ adminPage: page, seeded }) => {
    await page.goto(`/runs/${seeded.errorRun.runId}`);
    await expect(page.locator('[data-fact="status"] .badge')).toHaveAttribute("data-status", "error");
    await expect(page.locator(".run-error")).toContainText("upstream model unavailable (503)");
  });

  test("lists the scenario's runs, links each with a diff, and compares with the previous one", async ({
    adminPage: page,
    seeded,
  }) => {
    const run = seeded.toolCallRun;
    const before = seededRun(seeded, "checkout-2", "refund-within-limit");
    await page.goto(`/runs/${run.runId}`);
    const rows = page.locator(".previous-runs tbody tr");
    await expect(rows).toHaveCount(3);
    await expect(page.locator(`.previous-runs tr[data-run="${run.runId}"]`)).toHaveAttribute("aria-current", "page");
    await expect(page.locator(`.previous-runs tr[data-run="${before.runId}"] .badge`)).toHaveAttribute("data-status", "pass");
    await expect(
      page.locator(`.previous-runs tr[data-run="${before.runId}"]`).getByRole("link", { name: /^Diff with/ }),
    ).toHaveAttribute("href", `/diff/runs?base=${before.runId}&head=${run.runId}`);
    await expect(page.getByRole("link", { name: "Compare with previous run" })).toHaveAttribute(
      "href",
      `/diff/runs?base=${before.runId}&head=${run.runId}`,
    );
    await page.locator(`.previous-runs tr[data-run="${before.runId}"] th a`).click();
    await expect(page).toHaveURL(`/runs/${before.runId}`);
    await expect(page.locator(`.previous-runs tr[data-run="${before.runId}"]`)).toHaveAttribute("aria-current", "page");
  });
});

test.describe("run: tabs", () => {
  test("opens the timeline from a deep link: every event in seq order, in lanes, the injection marked", async ({
    adminPage: page,
    adminApi,
    seeded,
  }) => {
    const run = seeded.injectionRun;
    const stored = (await adminApi.call("GET", `/api/v1/runs/${run.runId}/events?limit=500`)) as {
      items: Array<{ seq: number }>;
    };
    await page.goto(`/runs/${run.runId}?tab=timeline`);
    await expect(page.getByRole("tab", { name: "Timeline" })).toHaveAttribute("aria-selected", "true");
    const rows = page.locator(".timeline-table tbody tr");
    await expect(rows).toHaveCount(stored.items.length);
    const seqs = await rows.evaluateAll((elements) => elements.map((row) => Number(row.getAttribute("data-timeline-row"))));
    expect(seqs).toEqual(stored.items.map((item) => item.seq));
    const injection = page.locator('.timeline-table tr[data-tone="injection"]');
    await expect(injection).toHaveAttribute("data-lane", "system");
    await expect(injection).toContainText("refund always times out");
    await expect(page.locator('.timeline-table tr[data-tone="fault"]')).toContainText("refund failed");
    await expect(page.locator('.timeline-lane[data-lane="system"] .timeline-marker[data-tone="injection"]')).toHaveCount(1);
    await expect(page.locator('.timeline-lane[data-lane="tool"] .timeline-marker[data-tone="fault"]')).toHaveCount(1);

    // selecting an event marks it on the chart and keeps it in the URL
    await injection.getByRole("button").click();
    await expect(page).toHaveURL(/[?&]seq=\d+/);
    await expect(page.locator('.timeline-marker[data-tone="injection"]')).toHaveAttribute("data-selected", "true");

    // arrow keys move between tabs; the choice is in the URL
    await page.getByRole("tab", { name: "Timeline" }).focus();
    await page.keyboard.press("ArrowLeft");
    await expect(page.getByRole("tab", { name: "Conversation" })).toBeFocused();
    await expect(page.getByRole("tab", { name: "Conversation" })).toHaveAttribute("aria-selected", "true");
    await expect(page).not.toHaveURL(/tab=/);
    await page.keyboard.press("End");
    await expect(page).toHaveURL(/tab=timeline/);
  });

  test("shows the red-team tab only for an attack: score per turn, phases, backtracks, where it broke", async ({
    adminPage: page,
    seeded,
  }) => {
    await page.goto(`/runs/${seeded.redTeamRun.runId}?tab=redteam`);
    await expect(page.getByRole("tab", { name: "Red team" })).toHaveAttribute("aria-selected", "true");
    const headline = page.locator(".attack-headline");
    await expect(headline).toHaveAttribute("data-outcome", "broke");
    await expect(headline).toContainText("Broke at turn 2");
    await expect(page.locator(".attack-reasons")).toContainText("SYSTEM PROMPT");
    const turns = page.locator(".attack-table tbody tr");
    await expect(turns).toHaveCount(4);
    await expect(page.locator('.attack-table tr[data-breaking="true"] th')).toHaveText("2");
    await expect(page.locator('.attack-table tr[data-backtracked="true"]')).toHaveCount(1);
    await expect(page.locator(".score-chart svg")).toHaveAttribute("aria-label", /turn 2 8/);

    await page.goto(`/runs/${seeded.redTeamHeldRun.runId}?tab=redteam`);
    await expect(page.locator(".attack-headline")).toHaveAttribute("data-outcome", "held");
    await expect(page.locator(".attack-headline")).toContainText("Held");

    await page.goto(`/runs/${seeded.toolCallRun.runId}?tab=redteam`);
    await expect(page.getByRole("tab", { name: "Conversation" })).toHaveAttribute("aria-selected", "true");
    await expect(page.getByRole("tab", { name: "Red team" })).toHaveCount(0);
  });
});

test.describe("run: playback", () => {
  test("plays instantly: the view starts over and the whole conversation comes back", async ({ adminPage: page, seeded }) => {
    await page.goto(`/runs/${seeded.injectionRun.runId}`);
    await expect(messages(page)).toHaveCount(6);
    await page.getByRole("button", { name: "Instant" }).click();
    await expect(page).toHaveURL(/play=instant/);
    await expect(page.locator(".playback-progress")).toHaveAttribute("data-phase", "done");
    await expect(page.locator(".playback-progress [role=status]")).toHaveText("Playback finished");
    await expect(messages(page)).toHaveCount(6);
    await expect(page.locator('li.event-item[data-event="injection"]')).toHaveCount(1);
    await expect(page.locator('.tool-call[data-tool="refund"]')).toHaveAttribute("data-outcome", "error");
    await expect(page.locator(".criterion").first()).toBeVisible();

    await page.getByRole("button", { name: "Stop: show the whole run" }).click();
    await expect(page).not.toHaveURL(/play=/);
    await expect(page.locator(".playback-progress")).toHaveCount(0);
    await expect(messages(page)).toHaveCount(6);
  });

  test("plays at 4× from a link: messages come back one after another, with the original spacing", async ({
    adminPage: page,
    seeded,
  }) => {
    // the run's refund call waited 30 s (the injected timeout): about 8 s at 4×
    test.setTimeout(60_000);
    await page.goto(`/runs/${seeded.injectionRun.runId}?play=4`);
    await expect(page.getByRole("button", { name: "Play 4×" })).toHaveAttribute("aria-pressed", "true");
    await expect(page.locator(".verdict-panel")).toContainText("when the playback reaches the end");
    const counts: number[] = [];
    await expect
      .poll(
        async () => {
          counts.push(await messages(page).count());
          return counts.at(-1);
        },
        { timeout: 30_000, intervals: [250] },
      )
      .toBe(6);
    // it grew in steps: at some point part of the conversation was back, not all of it
    expect(
      counts.some((count) => count > 0 && count < 6),
      counts.join(" "),
    ).toBe(true);
    expect(counts).toEqual([...counts].sort((left, right) => left - right));
    await expect(page.locator(".playback-progress")).toHaveAttribute("data-phase", "done");
    await expect(page.locator(".criterion").first()).toBeVisible();
  });
});

test.describe("run: who sees what", () => {
  test("a Viewer reads placeholders where the admin reads the email", async ({ adminPage, viewerPage, seeded }) => {
    const run = seeded.piiRun;
    await adminPage.goto(`/runs/${run.runId}`);
    await expect(adminPage.locator("ol.conversation")).toContainText(run.email);
    await expect(adminPage.locator(".redaction-note")).toHaveCount(0);

    await viewerPage.goto(`/runs/${run.runId}`);
    const conversation = viewerPage.locator("ol.conversation");
    await expect(messages(viewerPage)).toHaveCount(2);
    await expect(conversation).not.toContainText(run.email);
    await expect(conversation).not.toContainText(run.phone);
    const chip = conversation.locator(".redacted").first();
    await expect(chip).toHaveAttribute("title", "redacted");
    await expect(chip).toContainText(/^\[EMAIL_\d+\]/);
    await expect(viewerPage.locator(".redaction-note")).toBeVisible();
    await expect(conversation.locator('.flag[data-flag="pii_leak"]')).toHaveCount(1);
    // playback is a read: a Viewer may play back too, and gets placeholders there as well
    await viewerPage.getByRole("button", { name: "Instant" }).click();
    await expect(viewerPage.locator(".playback-progress")).toHaveAttribute("data-phase", "done");
    await expect(conversation).not.toContainText(run.email);
    await expect(conversation.locator(".redacted").first()).toContainText(/^\[EMAIL_\d+\]/);
  });

  test("only an admin sees Delete run; the server refuses a Viewer anyway; deleting shows the batch", async ({
    adminPage,
    viewerPage,
    adminApi,
    reportLive,
    seeded,
  }) => {
    await viewerPage.goto(`/runs/${seeded.toolCallRun.runId}`);
    await expect(viewerPage.getByRole("button", { name: "Copy link" })).toBeVisible();
    await expect(viewerPage.getByRole("button", { name: "Delete run" })).toHaveCount(0);
    // the button is hidden for clarity, not for safety: the Viewer's session may not delete
    const cookies = await viewerPage.context().cookies();
    const csrf = cookies.find((cookie) => cookie.name === "rehearse_csrf")?.value ?? "";
    const refused = await viewerPage.request.delete(`/api/v1/runs/${seeded.toolCallRun.runId}`, {
      headers: { "x-csrf-token": csrf },
    });
    expect(refused.status()).toBe(403);

    // a run of its own to delete, so the seeded history stays whole
    const live = reportLive();
    const run = live.start({ name: "To be deleted", userTurns: ["Hello?"] });
    run.reply("Hi.");
    await run.finish("pass");
    await untilStored(adminApi, run.runId);
    await adminPage.goto(`/runs/${run.runId}`);
    await expect(adminPage.locator('[data-fact="status"] .badge')).toHaveAttribute("data-status", "pass");
    adminPage.once("dialog", (dialog) => void dialog.accept());
    await adminPage.getByRole("button", { name: "Delete run" }).click();
    await expect(adminPage).toHaveURL(new RegExp(`/batches/${live.batchId}$`));
    await expect(adminApi.call("GET", `/api/v1/runs/${run.runId}`)).rejects.toThrow(/404/);
  });
});

test.describe("run: live", () => {
  test("a run in progress gets its messages and its end over the stream, without polling", async ({
    adminPage: page,
    adminApi,
    reportLive,
  }) => {
    const live = reportLive();
    const run = live.start({ name: "Live run page", userTurns: ["Is my parcel on its way?", "Thanks!"] });
    await untilStored(adminApi, run.runId);
    const reads: string[] = [];
    page.on("request", (request) => {
      const url = new URL(request.url());
      if (/\/api\/v1\/runs\/[^/]+\/(messages|events)$/.test(url.pathname) && !url.search.includes("types="))
        reads.push(url.pathname + url.search);
    });
    await page.goto(`/runs/${run.runId}`);
    await expect(page.locator(".live-status")).toHaveAttribute("data-live", "open");
    await expect(page.locator('[data-fact="status"] .badge')).toHaveAttribute("data-status", "running");
    await expect(messages(page).first()).toContainText("Is my parcel on its way?");
    const loaded = reads.length;

    run.reply("Yes, it ships today.");
    await expect(page.locator('ol.conversation > li.message[data-role="assistant"]')).toContainText("Yes, it ships today.");
    run.reply("You're welcome.");
    await expect(messages(page)).toHaveCount(4);
    await run.finish("pass");
    await expect(page.locator('[data-fact="status"] .badge')).toHaveAttribute("data-status", "pass");
    // each message once, in order
    expect(await messages(page).evaluateAll((items) => items.map((item) => item.getAttribute("data-index")))).toEqual([
      "0",
      "1",
      "2",
      "3",
    ]);
    expect(reads.length, reads.join("\n")).toBe(loaded);
  });
});

test.describe("run: accessibility, themes and a phone", () => {
  for (const theme of ["light", "dark"] as const) {
    test(`is accessible in the ${theme} theme, and met / unmet read in the right colours`, async ({
      adminPage: page,
      seeded,
      checkA11y,
    }) => {
      await useTheme(page, theme);
      await page.goto(`/runs/${seeded.judgedRun.runId}`);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expect(page.locator(".criterion")).toHaveCount(2);
      await checkA11y(page);
      for (const verdict of ["met", "unmet"] as const) {
        const chip = page.locator(`.criterion[data-verdict="${verdict}"] .criterion-verdict`);
        await expect(chip).toHaveText(verdict);
        await expect(chip).toHaveCSS("background-color", rgb(VERDICT_COLOURS[theme][verdict][0]));
        await expect(chip).toHaveCSS("color", rgb(VERDICT_COLOURS[theme][verdict][1]));
      }
      // colour is meaning: element-level, zero tolerance
      await expect(page.locator("ul.criteria")).toHaveScreenshot(`criteria-${theme}.png`, { maxDiffPixels: 0, threshold: 0 });

      await page.goto(`/runs/${seeded.injectionRun.runId}?tab=timeline`);
      await expect(page.locator(".timeline-table tbody tr").first()).toBeVisible();
      await checkA11y(page);
      await page.goto(`/runs/${seeded.redTeamRun.runId}?tab=redteam`);
      await expect(page.locator(".attack-headline")).toBeVisible();
      await checkA11y(page);
      await page.goto(`/runs/${seeded.piiRun.runId}?play=instant`);
      await expect(page.locator(".playback-progress")).toHaveAttribute("data-phase", "done");
      await checkA11y(page);
    });
  }

  test("fits a phone's width: conversation, timeline and red team", async ({ adminPage: page, seeded }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await page.goto(`/runs/${seeded.injectionRun.runId}`);
    await expect(messages(page).first()).toBeVisible();
    expect(await overflow(), "the document is wider than the screen").toBeLessThanOrEqual(0);
    await page.goto(`/runs/${seeded.injectionRun.runId}?tab=timeline`);
    await expect(page.locator(".timeline-table tbody tr").first()).toBeVisible();
    expect(await overflow(), "the document is wider than the screen").toBeLessThanOrEqual(0);
    await page.goto(`/runs/${seeded.redTeamRun.runId}?tab=redteam`);
    await expect(page.locator(".attack-table")).toBeVisible();
    expect(await overflow(), "the document is wider than the screen").toBeLessThanOrEqual(0);
  });
});
