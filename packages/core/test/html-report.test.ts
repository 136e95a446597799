import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type Browser, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Agent } from "../src/domain/agent.js";
import type { ScenarioConfig } from "../src/domain/scenario.js";
import { buildRunReport } from "../src/reporters/build-run-report.js";
import { htmlReport } from "../src/reporters/html-report.js";
import type { RunReport } from "../src/reporters/run-report.js";
import { createRehearse } from "../src/runner/rehearse.js";
import { agentAction, userMessage } from "../src/script/seed-steps.js";

// The HTML report opened in a real browser from file://: built from real runs
// (an environment, an injected tool fault, a failing expected outcome), it must
// show what a reader needs, load nothing, and run none of the scenario content.
// Locally a missing Chromium skips the browser test (with a note); under CI=true it fails instead,
// so the test cannot vanish from CI unnoticed (.ci/run installs Debian Chromium).
const executablePath = "/usr/bin/chromium";
const hasChromium = existsSync(executablePath);
const underCi = process.env.CI === "true";
if (!hasChromium && !underCi)
  process.stderr.write(`html-report.test.ts: skipped, ${executablePath} does not exist (CI installs Debian Chromium)\n`);

const hostile = `<script>window.pwned = 1</script> "><img src=x onerror="window.pwned = 2">`;

/** Refunds the order total through the environment's tool; says what it did, echoing the user's (hostile) text. */
const shopAgent: Agent = {
  role: "Agent" as Agent["role"],
  name: "shop-agent",
  async call(input) {
    // `execute` takes `never` so any tool fits the set; the environment validates the input against its JSON Schema
    const refund = input.tools?.refund?.execute as
      | ((input: unknown, options: { toolCallId: string }) => Promise<unknown>)
      | undefined;
    try {
      await refund?.({ order_id: "A100", amount: 40 }, { toolCallId: `refund-${input.messages.length}` });
      return `Refunded $40 for order A100. You wrote: ${hostile}`;
    } catch (error) {
      return `The refund system failed (${(error as Error).message}). You wrote: ${hostile}`;
    }
  },
};

function refundScenario(name: string, faulty: boolean): ScenarioConfig {
  return {
    name,
    description: `A customer asks for a refund of order A100. ${hostile}`,
    scenarioType: "business",
    agents: [shopAgent],
    environment: {
      state: { orders: { A100: { total: 40 } }, refunds: [] },
      tools: {
        refund: {
          parameters: { type: "object", properties: { order_id: { type: "string" }, amount: { type: "number" } } },
          handler: (toolInput, context) => {
            (context.state.refunds as unknown[]).push({ order_id: toolInput.order_id, amount: toolInput.amount });
            return { ok: true };
          },
        },
      },
    },
    injections: faulty ? [{ name: "refund times out", type: "tool_error", target_action: "refund", error_type: "timeout" }] : [],
    script: [userMessage(`Please refund order A100. ${hostile}`), agentAction("refund", { order_id: "A100" })],
    expectedOutcomes: { state: [{ path: "refunds", operator: "equals", value: [{ order_id: "A100", amount: 40 }] }] },
  };
}

async function realReport(): Promise<RunReport> {
  const rehearse = createRehearse({ configFile: false, env: {} });
  const startedAt = new Date();
  const scenarios = [refundScenario("Refund while the tool times out", true), refundScenario("Refund on a healthy shop", false)];
  const entries = [];
  for (const scenario of scenarios) entries.push({ scenario, result: await rehearse.run(scenario, { seed: 7 }) });
  return buildRunReport({ entries, batchRunId: "browser-test", startedAt, finishedAt: new Date(), toolVersion: "test" });
}

describe.runIf(!hasChromium && underCi)("the HTML report's browser test under CI", () => {
  it("needs Chromium: with CI=true a missing browser is a failure, not a skip", () => {
    expect.fail(`${executablePath} does not exist: install Debian Chromium (apt-get install chromium), as .ci/run does`);
  });
});

describe.skipIf(!hasChromium)("the HTML report in Chromium, from file://", () => {
  let browser: Browser;
  let directory: string;
  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), "rehearse-html-report-"));
    browser = await chromium.launch({
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    if (directory) await rm(directory, { recursive: true, force: true });
  });

  it("shows the failing run's status, reasoning, unmet checks, injections and transcript, loads nothing and runs no content", async () => {
    const report = await realReport();
    const [failing, passing] = report.entries;
    expect(failing?.result.status).toBe("fail");
    expect(failing?.result.scenarioRun?.injections_performed.length).toBeGreaterThan(0);
    expect(passing?.result.status).toBe("pass");

    const file = join(directory, "report.html");
    await writeFile(file, htmlReport(report));

    const url = pathToFileURL(file).href;
    const page = await browser.newPage();
    const requests: string[] = [];
    const dialogs: string[] = [];
    page.on("request", (request) => requests.push(request.url()));
    page.on("dialog", async (dialog) => {
      dialogs.push(dialog.message());
      await dialog.dismiss();
    });
    await page.goto(url, { waitUntil: "load" });

    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point (folded transcripts do not show)
    const text = await page.innerText("body");
    const facts = failing?.result.scenarioRun;
    for (const expected of [
      "Refund while the tool times out",
      "fail",
      "expected to pass but failed",
      "passed as expected",
      failing?.result.reasoning ?? "(no reasoning)",
      ...(failing?.result.unmetCriteria ?? []),
      ...(facts?.deviations.map((deviation) => deviation.message) ?? []),
      "Injections performed",
      "refund times out (tool_error",
      facts?.injections_performed[0]?.reason ?? "(no reason)",
      "Transcript",
      "The refund system failed",
      "Please refund order A100.",
      hostile,
    ]) {
      expect(text).toContain(expected);
    }
    // the passing run's transcript stays folded
    expect(text).not.toContain("Refunded $40 for order A100.");

    expect(requests).toEqual([url]);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (globalThis as { pwned?: unknown }).pwned)).toBeUndefined();
    expect(await page.locator("img, iframe, object, embed").count()).toBe(0);
    expect(await page.locator("script").count()).toBe(1);

    // the filters work: "Unexpected" hides the passing run, "All" shows it again
    const passingCard = page.locator("section#scenario-2");
    await page.click('button[data-filter="expectation:unexpected"]');
    expect(await passingCard.isVisible()).toBe(false);
    expect(await page.locator("section#scenario-1").isVisible()).toBe(true);
    await page.click('button[data-filter="all"]');
    expect(await passingCard.isVisible()).toBe(true);
    await page.close();
  });
});
