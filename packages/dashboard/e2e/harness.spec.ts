/**
 * The harness checks itself: the guards catch what every test must not do,
 * and the accessibility check fails on a serious violation. Each test breaks
 * a rule on purpose and takes the findings back, so the test itself passes.
 */
import { ApiSession } from "./support/accounts.js";
import { expect, test } from "./support/fixtures.js";

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions, not by types
type Json = any;

test.describe("the harness", () => {
  test("blocks and reports requests to other hosts, console errors and page errors", async ({ page, guards }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in to Rehearse" })).toBeVisible();
    // a navigation, in a second tab: the server's Content-Security-Policy stops a script's fetch before it leaves, not this
    const tab = await page.context().newPage();
    const navigation = await tab.goto("https://cdn.example.com/font.woff2").then(
      () => "loaded",
      (error: Error) => error.message,
    );
    await tab.close();
    expect(navigation, "the request should have been blocked").toContain("net::ERR_BLOCKED_BY_CLIENT");
    await page.evaluate(() => {
      console.error("something broke");
      setTimeout(() => {
        throw new Error("an uncaught error");
      });
    });
    await expect.poll(() => guards.problems.length).toBeGreaterThanOrEqual(3);
    const found = guards.drain().join("\n");
    expect(found).toContain("external request: GET https://cdn.example.com/font.woff2");
    expect(found).toContain("console error: something broke");
    expect(found).toContain("uncaught page error: Error: an uncaught error");
  });

  test("the accessibility check fails on a serious violation and names it", async ({ page, checkA11y }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in to Rehearse" })).toBeVisible();
    await page.evaluate(() => {
      const image = document.createElement("img");
      image.src = "/favicon.svg";
      document.querySelector("main")?.append(image);
    });
    await expect(checkA11y(page)).rejects.toThrow(/\[critical\] image-alt/);
  });

  test("the seeded history holds what the fixture promises", async ({ seeded, adminApi, server, accounts }) => {
    const run = async (runId: string): Promise<Json> => adminApi.call("GET", `/api/v1/runs/${runId}`);
    const eventTypes = async (runId: string): Promise<string[]> =>
      ((await adminApi.call("GET", `/api/v1/runs/${runId}/events?limit=200`)) as Json).items.map((event: Json) => event.type);

    const statuses = new Set(seeded.runs.map((entry) => entry.status));
    expect([...statuses].sort()).toEqual(["error", "fail", "pass", "skipped"]);
    expect((await run(seeded.injectionRun.runId)).counters).toMatchObject({ injections: 1, toolErrors: 1 });
    expect(await eventTypes(seeded.toolCallRun.runId)).toEqual(expect.arrayContaining(["action_request", "action_response"]));
    expect(await eventTypes(seeded.redTeamRun.runId)).toContain("red_team_report");
    const judged = await run(seeded.judgedRun.runId);
    expect(judged.reasoning).toBe(seeded.judgedRun.reasoning);
    expect(judged.criteria).toEqual(
      expect.arrayContaining([
        { criterion: seeded.judgedRun.met[0], verdict: "met" },
        { criterion: seeded.judgedRun.unmet[0], verdict: "unmet" },
      ]),
    );
    const [pass, fail] = seeded.flakyRuns;
    expect([pass.status, fail.status, pass.scenarioId === fail.scenarioId, pass.batchId === fail.batchId]).toEqual([
      "pass",
      "fail",
      true,
      true,
    ]);

    // the PII run: raw for an admin, placeholders for a viewer (the tenant stores raw; reads redact by role)
    const path = `/api/v1/runs/${seeded.piiRun.runId}/messages`;
    const raw = JSON.stringify(await adminApi.call("GET", path));
    expect(raw).toContain(seeded.piiRun.email);
    expect(raw).toContain(seeded.piiRun.phone);
    const viewer = await ApiSession.signIn(server.url, accounts.viewer);
    const redacted = JSON.stringify(await viewer.call("GET", path));
    expect(redacted).not.toContain(seeded.piiRun.email);
    expect(redacted).not.toContain(seeded.piiRun.phone);
    expect(redacted).toContain("[EMAIL_1]");
    expect(redacted).toContain("[PHONE_1]");
    await viewer.signOut();
  });
});
