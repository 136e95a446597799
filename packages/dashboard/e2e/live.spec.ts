/**
 * The live stream survives a dropped connection: while the browser is
 * offline the header says so and the view falls back to polling; when the
 * network is back the browser reconnects with `Last-Event-ID`, the server
 * replays what was missed, and every message shows exactly once, in order.
 */
import { expect, type Page, test } from "./support/fixtures.js";
import { untilStored } from "./support/page-helpers.js";

const messages = (page: Page) => page.locator("ol.conversation > li.message");

test.describe("live: a dropped connection", () => {
  test("resumes from the last event id: what happened during the outage arrives once, then live goes on", async ({
    adminPage: page,
    adminApi,
    reportLive,
    guards,
  }) => {
    // requests made while offline fail by design
    guards.allowConsoleError(/ERR_INTERNET_DISCONNECTED|Failed to fetch|NetworkError/);
    const live = reportLive();
    const run = live.start({ name: "Outage", userTurns: ["First question?", "Second question?", "Third question?"] });
    await untilStored(adminApi, run.runId);
    const streams: Array<{ url: string; lastEventId: string | undefined }> = [];
    page.on("request", (request) => {
      if (new URL(request.url()).pathname === "/api/v1/stream")
        streams.push({ url: request.url(), lastEventId: request.headers()["last-event-id"] });
    });

    await page.goto(`/runs/${run.runId}`);
    await expect(page.locator(".live-status")).toHaveAttribute("data-live", "open");
    run.reply("First answer.");
    await expect(messages(page)).toHaveCount(3);

    // the network goes away, and the open stream with it (stopping the page's loads closes its EventSource)
    await page.context().setOffline(true);
    await page.evaluate(() => window.stop());
    await expect(page.locator(".live-status")).toHaveAttribute("data-live", "down");
    // the run goes on while this browser cannot hear it
    run.reply("Second answer, sent during the outage.");
    await expect
      .poll(async () => ((await adminApi.call("GET", `/api/v1/runs/${run.runId}`)) as { messageCount: number }).messageCount)
      .toBe(5);

    const before = streams.length;
    await page.context().setOffline(false);
    await expect(page.locator(".live-status")).toHaveAttribute("data-live", "open", { timeout: 15_000 });
    await expect(messages(page).filter({ hasText: "Second answer, sent during the outage." })).toHaveCount(1);
    // the reconnect named where it left off (the browser's own Last-Event-ID, or ?lastEventId= after a reopen)
    const resumed = streams.slice(before);
    expect(resumed.length).toBeGreaterThan(0);
    expect(
      resumed.some((stream) => /^\d+$/.test(stream.lastEventId ?? "") || /[?&]lastEventId=\d+/.test(stream.url)),
      JSON.stringify(resumed),
    ).toBe(true);

    // live again: the rest arrives over the stream, each message once, in order
    run.reply("Third answer.");
    await run.finish("pass");
    await expect(page.locator('[data-fact="status"] .badge')).toHaveAttribute("data-status", "pass");
    await expect(messages(page)).toHaveCount(6);
    expect(await messages(page).evaluateAll((items) => items.map((item) => item.getAttribute("data-index")))).toEqual([
      "0",
      "1",
      "2",
      "3",
      "4",
      "5",
    ]);
  });
});
