/**
 * The run page's trace panel, on runs reported live whose spans are sent to
 * the server as an OpenTelemetry exporter sends them (OTLP/HTTP JSON with the
 * ingest key): the span tree beside the conversation (indentation by parent,
 * bars by start and duration, a failed span marked in words and colour), a
 * GenAI span's model, tokens and operation, its turn marked in the
 * conversation, the keyboard, a deep link to a span, the empty state, both
 * themes and a phone's width.
 */
import { expect, type LiveBatch, type Page, test } from "./support/fixtures.js";
import { rgb, untilStored, useTheme } from "./support/page-helpers.js";
import type { ReportTarget } from "./support/seed.js";
import { type SentTrace, type SpanPlan, sendTrace } from "./support/traces.js";

/** base.css: a failed span's bar uses the fail status colour; its "error" chip the fail chip's. */
const FAIL_COLOURS = {
  light: { bar: "#cf222e", chip: ["#ffebe9", "#a40e26"] },
  dark: { bar: "#f85149", chip: ["#4c1219", "#ffa19f"] },
} as const;

const EMPTY_TEXT =
  "No trace for this run. Set up tracing (setupTracing or OTEL_EXPORTER_OTLP_ENDPOINT) and report to this server — see docs/tracing.md";

/** One run's trace as core and an instrumented agent would send it (issue 17's span contract). */
function runSpans(runId: string): SpanPlan[] {
  const run = { "rehearse.run.id": runId, "gen_ai.conversation.id": `thread-${runId}` };
  const agentSide = { service: "shop-agent", scope: "shop-agent" };
  const invoke = (name: string, role: string, turn: number) => ({
    ...run,
    "gen_ai.operation.name": "invoke_agent",
    "gen_ai.agent.name": name,
    "rehearse.agent.role": role,
    "rehearse.turn": turn,
  });
  return [
    { id: "run", name: "rehearse.run", at: 0, duration: 4000, attributes: { ...run, "rehearse.scenario.name": "Traced run" } },
    { id: "turn0", parent: "run", name: "rehearse.turn", at: 0, duration: 2000, attributes: { ...run, "rehearse.turn": 0 } },
    { id: "user0", parent: "turn0", name: "invoke_agent User", at: 0, duration: 500, attributes: invoke("User", "User", 0) },
    {
      id: "chat0",
      parent: "user0",
      name: "chat gpt-4o-mini",
      kind: "client",
      at: 10,
      duration: 480,
      attributes: {
        ...run,
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.usage.input_tokens": 120,
        "gen_ai.usage.output_tokens": 45,
        "gen_ai.response.finish_reasons": ["stop"],
      },
    },
    {
      id: "agent0",
      parent: "turn0",
      name: "invoke_agent LiveAgent",
      at: 500,
      duration: 1500,
      attributes: invoke("LiveAgent", "Agent", 0),
    },
    { id: "http", parent: "agent0", name: "POST /chat", kind: "server", at: 520, duration: 1450, ...agentSide },
    {
      id: "chat1",
      parent: "http",
      name: "chat claude-haiku",
      kind: "client",
      at: 530,
      duration: 800,
      ...agentSide,
      attributes: { "gen_ai.operation.name": "chat", "gen_ai.system": "anthropic", "gen_ai.request.model": "claude-haiku" },
    },
    {
      id: "tool",
      parent: "http",
      name: "execute_tool refund",
      at: 1400,
      duration: 300,
      ...agentSide,
      error: "refund service timed out",
      attributes: { "gen_ai.operation.name": "execute_tool", "gen_ai.tool.name": "refund", "gen_ai.tool.call.id": "call-1" },
      events: [
        {
          name: "exception",
          at: 1690,
          attributes: { "exception.type": "TimeoutError", "exception.message": "refund service timed out" },
        },
      ],
    },
    { id: "turn1", parent: "run", name: "rehearse.turn", at: 2000, duration: 1900, attributes: { ...run, "rehearse.turn": 1 } },
    {
      id: "judge",
      parent: "turn1",
      name: "invoke_agent Judge",
      at: 2000,
      duration: 1900,
      attributes: invoke("Judge", "Judge", 1),
      events: [{ name: "rehearse.judgment", at: 3890, attributes: { "rehearse.judgment.verdict": "success" } }],
    },
  ];
}

/** The tree as `aria-level name`, in order. */
const TREE = [
  "1 rehearse.run",
  "2 rehearse.turn",
  "3 invoke_agent User",
  "4 chat gpt-4o-mini",
  "3 invoke_agent LiveAgent",
  "4 POST /chat",
  "5 chat claude-haiku",
  "5 execute_tool refund",
  "2 rehearse.turn",
  "3 invoke_agent Judge",
];

interface Api {
  call(method: "GET", path: string): Promise<unknown>;
}

/** A finished two-turn run reported live; with `traced`, its spans sent to the server too. */
async function finishedRun(live: LiveBatch, api: Api, ingest: ReportTarget, name: string, traced: boolean) {
  const run = live.start({ name, userTurns: ["Please refund order A100.", "Thanks."] });
  run.reply("I could not reach the refund service; a ticket is open.");
  run.reply("You're welcome.");
  await run.finish("pass");
  await untilStored(api, run.runId);
  const trace = traced ? await sendTrace(ingest, runSpans(run.runId)) : undefined;
  return { runId: run.runId, trace };
}

const row = (page: Page, trace: SentTrace, id: string) =>
  page.locator(`.trace-panel [role="treeitem"][data-span-id="${trace.spanIds[id]}"]`);
const treeRows = (page: Page) => page.locator('.trace-panel [role="treeitem"]');
const outline = (page: Page) =>
  treeRows(page).evaluateAll((rows) =>
    rows.map((item) => `${item.getAttribute("aria-level")} ${item.querySelector(".span-name")?.textContent ?? ""}`),
  );

test.describe("run: trace", () => {
  test("shows the span tree beside the conversation; a model call's details; its turn marked; the keyboard", async ({
    adminPage: page,
    adminApi,
    ingest,
    reportLive,
  }) => {
    const { runId, trace } = await finishedRun(reportLive(), adminApi, ingest, "Traced run", true);
    if (!trace) throw new Error("no trace sent");
    await page.goto(`/runs/${runId}`);
    const panel = page.locator(".trace-panel");
    await expect(panel).toHaveAttribute("data-state", "spans");
    await expect(treeRows(page)).toHaveCount(TREE.length);
    expect(await outline(page)).toEqual(TREE);
    await expect(panel.locator(".trace-summary")).toHaveText("10 spans · 4.00 s · 1 failed");

    // beside the conversation at 1280 px
    const conversation = await page.locator("ol.conversation").boundingBox();
    const beside = await panel.boundingBox();
    expect(conversation && beside && beside.x >= conversation.x + conversation.width).toBe(true);
    expect(conversation && beside && beside.y < conversation.y + conversation.height).toBe(true);

    // indentation by parent, bars by start and duration on the whole trace
    const indent = (id: string) =>
      row(page, trace, id)
        .locator(".span-label")
        .evaluate((label) => getComputedStyle(label).paddingLeft);
    expect(Number.parseFloat(await indent("tool"))).toBeGreaterThan(Number.parseFloat(await indent("agent0")));
    const track = await row(page, trace, "tool").locator(".span-track").boundingBox();
    const bar = await row(page, trace, "tool").locator(".span-bar").boundingBox();
    if (!track || !bar) throw new Error("no bar");
    expect((bar.x - track.x) / track.width).toBeCloseTo(0.35, 1);
    expect(bar.width / track.width).toBeCloseTo(0.075, 1);
    await expect(row(page, trace, "tool").locator(".span-duration")).toHaveText("300 ms");
    await expect(row(page, trace, "tool").locator(".span-meta")).toHaveText("shop-agent");

    // a failed span says so in words and in colour; its parents say one failed inside once closed
    const failed = row(page, trace, "tool");
    await expect(failed).toHaveAttribute("data-status", "error");
    await expect(failed.locator(".span-error")).toHaveText("error");
    await expect(failed.locator(".span-bar")).toHaveCSS("background-color", rgb(FAIL_COLOURS.light.bar));

    // a model call: operation, model and tokens first; the URL keeps the selection; its turn is marked
    await row(page, trace, "chat0").click();
    await expect(page).toHaveURL(new RegExp(`[?&]span=${trace.spanIds.chat0}`));
    await expect(row(page, trace, "chat0")).toHaveAttribute("aria-selected", "true");
    const details = page.locator(".span-details");
    await expect(details).toHaveAttribute("data-span-id", trace.spanIds.chat0 ?? "");
    await expect(details.locator('[data-fact="model"] dd')).toHaveText("gpt-4o-mini → gpt-4o-mini-2024-07-18");
    await expect(details.locator('[data-fact="tokens"] dd')).toHaveText("120 in · 45 out · 165 total");
    await expect(details.locator(".gen-ai-facts")).toContainText("chat");
    await expect(details.locator('tr[data-attribute="gen_ai.provider.name"] td')).toHaveText("openai");
    await expect(page.locator('ol.conversation > .turn-separator[data-turn="0"]')).toHaveAttribute("data-highlighted", "true");
    await expect(page.locator("ol.conversation > [data-highlighted]").first()).toBeVisible();
    await expect(page.locator('ol.conversation > li.message[data-turn="1"][data-highlighted]')).toHaveCount(0);

    // the keyboard: arrows move, Enter selects, Left and Right close and open
    await expect(row(page, trace, "chat0")).toBeFocused();
    await page.keyboard.press("ArrowDown");
    await expect(row(page, trace, "agent0")).toBeFocused();
    await page.keyboard.press("Enter");
    await expect(page).toHaveURL(new RegExp(`[?&]span=${trace.spanIds.agent0}`));
    await expect(details.locator(".gen-ai-facts")).toContainText("LiveAgent (Agent)");
    await page.keyboard.press("ArrowLeft");
    await expect(row(page, trace, "agent0")).toHaveAttribute("aria-expanded", "false");
    await expect(treeRows(page)).toHaveCount(TREE.length - 3);
    await expect(row(page, trace, "agent0").locator(".span-error-below")).toHaveText("1 failed inside");
    await page.keyboard.press("ArrowRight");
    await expect(treeRows(page)).toHaveCount(TREE.length);
    await page.keyboard.press("ArrowRight");
    await expect(row(page, trace, "http")).toBeFocused();
    await page.keyboard.press("End");
    await expect(row(page, trace, "judge")).toBeFocused();
    await page.keyboard.press(" ");
    await expect(page.locator('ol.conversation > .turn-separator[data-turn="1"]')).toHaveAttribute("data-highlighted", "true");
  });

  test("opens a span from a deep link: a failed tool call with its status and exception event", async ({
    adminPage: page,
    adminApi,
    ingest,
    reportLive,
  }) => {
    const { runId, trace } = await finishedRun(reportLive(), adminApi, ingest, "Traced deep link", true);
    if (!trace) throw new Error("no trace sent");
    await page.goto(`/runs/${runId}?span=${trace.spanIds.tool}`);
    await expect(row(page, trace, "tool")).toHaveAttribute("aria-selected", "true");
    const details = page.locator(".span-details");
    await expect(details).toHaveAttribute("data-status", "error");
    await expect(details.locator(".span-details-title .span-error")).toHaveText("error");
    await expect(details.locator(".span-status-message")).toHaveText("refund service timed out");
    await expect(details.locator(".gen-ai-facts")).toContainText("refund");
    const event = details.locator('.span-event[data-event="exception"]');
    await expect(event).toContainText("+290 ms");
    await expect(event.locator('tr[data-attribute="exception.type"] td')).toHaveText("TimeoutError");
    await expect(details).toContainText("shop-agent");

    // a span that is not in the trace says so
    await page.goto(`/runs/${runId}?span=0000000000000000`);
    await expect(page.locator(".span-details-box")).toContainText("Span 0000000000000000 is not in this trace.");
  });

  test("says how to get traces when the run has none", async ({ adminPage: page, adminApi, ingest, reportLive }) => {
    const { runId } = await finishedRun(reportLive(), adminApi, ingest, "Untraced run", false);
    await page.goto(`/runs/${runId}`);
    const panel = page.locator(".trace-panel");
    await expect(panel).toHaveAttribute("data-state", "empty");
    await expect(panel.locator(".trace-empty")).toHaveText(EMPTY_TEXT);
    await expect(page.locator("ol.conversation > li.message").first()).toBeVisible();
  });

  for (const theme of ["light", "dark"] as const) {
    test(`is accessible in the ${theme} theme, a failure in the right colours`, async ({
      adminPage: page,
      adminApi,
      ingest,
      reportLive,
      checkA11y,
    }) => {
      const { runId, trace } = await finishedRun(reportLive(), adminApi, ingest, `Traced ${theme}`, true);
      if (!trace) throw new Error("no trace sent");
      await useTheme(page, theme);
      await page.goto(`/runs/${runId}?span=${trace.spanIds.chat0}`);
      await expect(page.locator("html")).toHaveAttribute("data-theme", theme);
      await expect(page.locator(".span-details")).toBeVisible();
      await checkA11y(page);
      const failed = row(page, trace, "tool");
      await expect(failed.locator(".span-bar")).toHaveCSS("background-color", rgb(FAIL_COLOURS[theme].bar));
      await expect(failed.locator(".span-error")).toHaveCSS("background-color", rgb(FAIL_COLOURS[theme].chip[0]));
      await expect(failed.locator(".span-error")).toHaveCSS("color", rgb(FAIL_COLOURS[theme].chip[1]));
      // names, services, durations and bars only: nothing in it depends on the machine or the day
      await expect(page.locator(".span-tree-box")).toHaveScreenshot(`waterfall-${theme}.png`);
    });
  }

  test("fits a phone's width: the trace after the conversation, scrolling inside its box", async ({
    adminPage: page,
    adminApi,
    ingest,
    reportLive,
  }) => {
    const { runId, trace } = await finishedRun(reportLive(), adminApi, ingest, "Traced phone", true);
    if (!trace) throw new Error("no trace sent");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/runs/${runId}?span=${trace.spanIds.tool}`);
    await expect(row(page, trace, "tool")).toHaveAttribute("aria-selected", "true");
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the document is wider than the screen").toBeLessThanOrEqual(0);
    const conversation = await page.locator("ol.conversation").boundingBox();
    const panel = await page.locator(".trace-panel").boundingBox();
    expect(conversation && panel && panel.y >= conversation.y + conversation.height).toBe(true);
    const box = page.locator(".span-tree-box");
    const fits = await box.evaluate((element) => element.getBoundingClientRect().right <= window.innerWidth);
    expect(fits).toBe(true);
  });
});
