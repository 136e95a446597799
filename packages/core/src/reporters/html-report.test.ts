import { describe, expect, it } from "vitest";
import { escapeHtml } from "./html-escape.js";
import { htmlReport } from "./html-report.js";
import { reportContentSecurityPolicy } from "./html-report-page.js";
import { markup } from "./test-support/html-markup.js";
import { reportFixture } from "./test-support/report-fixtures.js";

const hostile = `<script>window.pwned = 1</script> "><img src=x onerror="window.pwned = 2"> & 'quoted'`;

function hostileReport() {
  return reportFixture([
    {
      scenario: { name: `name ${hostile}`, description: hostile, tags: [hostile] },
      result: {
        reasoning: hostile,
        unmetCriteria: [hostile],
        messages: [
          { role: "user", content: hostile },
          { role: "assistant", content: [{ type: "text", text: hostile }] },
        ],
      },
    },
    { scenario: { name: "passes", difficulty: "hard" }, result: { status: "pass", success: true, reasoning: "all good" } },
  ]);
}

/** Opening tags of the page, by name. */
function tags(html: string): string[] {
  return [...html.matchAll(/<([a-zA-Z][a-zA-Z0-9-]*)/g)].map((match) => (match[1] ?? "").toLowerCase());
}

describe("htmlReport", () => {
  it("is one self-contained page: a CSP that loads nothing, no external URL, one inline script", () => {
    const html = htmlReport(hostileReport());
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${reportContentSecurityPolicy}">`);
    expect(reportContentSecurityPolicy).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; media-src data:",
    );
    expect(markup(html)).toContain('<meta charset="utf-8">');
    expect(markup(html)).not.toMatch(/(https?:)?\/\/[a-z]/i);
    expect(markup(html)).not.toMatch(/\bsrc=|url\(|@import|<link|<img|<iframe|<object|<embed|\bon[a-z]+=/i);
    for (const [, target] of html.matchAll(/href="([^"]*)"/g)) expect(target).toMatch(/^#scenario-\d+$/);
    expect(tags(html).filter((tag) => tag === "script")).toHaveLength(1);
    expect(new Set(tags(html))).not.toContain("img");
  });

  it("escapes every piece of scenario content", () => {
    const html = htmlReport(hostileReport());
    expect(html).not.toContain("<script>window.pwned");
    expect(html).not.toContain('"><img');
    expect(html).toContain(escapeHtml(hostile));
    expect(html.split(escapeHtml(hostile)).length - 1).toBeGreaterThanOrEqual(6);
  });

  it("shows each run's facts, opens the failing transcript and leaves the passing one closed", () => {
    const html = htmlReport(hostileReport());
    for (const text of [
      "expected to pass but failed",
      "passed as expected",
      "The agent refunds the real total ($40)",
      "[outcome_unmet] refunds were never issued (step 1, at 31.5 s)",
      "Injections performed (1 of 2 evaluations fired)",
      "refund times out (tool_error, random trigger, at 2 s, turn 1): drew 0.12 &lt; 0.5",
      "✗ state: refunds: expected [40], got []",
      "✓ required_event action_request: seen 2 times",
      "<dt>seed</dt><dd>42</dd>",
      "<dt>difficulty</dt><dd>hard</dd>",
      "<td>business · hard</td>",
      "total 0.25 s · agent 0.1 s · virtual 31.5 s",
    ]) {
      expect(html).toContain(text);
    }
    const transcripts = [...html.matchAll(/<details class="transcript"( open)?>/g)].map((match) => Boolean(match[1]));
    expect(transcripts).toEqual([true, false]);
    expect(html).toContain('data-status="fail" data-expectation="unexpected"');
    expect(html).toContain('data-filter="expectation:unexpected"');
  });

  it("shows file uploads as notes and is the same for the same report", () => {
    const html = htmlReport(reportFixture());
    expect(html).toContain("[file: invoice.pdf, 3000 bytes]");
    expect(html).not.toContain(Buffer.alloc(30, 7).toString("base64"));
    expect(htmlReport(reportFixture())).toBe(html);
  });

  it("shows usage totals and why the batch stopped", () => {
    const line = {
      inputTokens: 10,
      outputTokens: 5,
      reasoningTokens: 0,
      cachedInputTokens: 0,
      totalTokens: 15,
      calls: 3,
      replayedCalls: 1,
      cost: 0.0123,
    };
    const report = {
      ...reportFixture(),
      usage: { total: line, byRole: {}, byModel: {} },
      stopped: { reason: "budget <exceeded>" },
    };
    const html = htmlReport(report);
    expect(html).toContain("Stopped early: budget &lt;exceeded&gt;");
    expect(html).toContain("<b>$0.0123</b>cost");
    expect(html).toContain("<b>3 (1)</b>model calls (replayed)");
  });
});

describe("htmlReport, voice runs", () => {
  it("shows measured latencies, interaction metrics, playable segments and the timeline", () => {
    const audio = new Uint8Array(4800);
    const html = htmlReport(
      reportFixture([
        {
          scenario: { name: "phone refund" },
          result: {
            status: "pass",
            success: true,
            audio: {
              segments: [
                { speaker: "agent", startTime: 1.2, endTime: 1.3, audio, transcript: "sure <b>", transcriptTruncated: true },
                { speaker: "user", startTime: 0, endTime: 0.1, audio, transcript: "refund please" },
              ],
              timeline: [],
            },
            timeline: [
              { time: 1.2, type: "agent_start_speaking", latency: 0.45 },
              { time: 0, type: "user_start_speaking" },
            ],
            latency: { measurements: [0.45], timeToFirstByte: 0.45, p50ResponseTime: 0.45, p95ResponseTime: 0.45 },
            interaction: { interruptions: 1, yieldRate: 1, backchannels: 0, talkOverSeconds: 0.2 },
          },
        },
      ]),
    );
    expect(html).toContain("response time p50 450 ms, p95 450 ms over 1 turns");
    expect(html).toContain("yield rate 100%");
    const players = html.match(/<audio controls preload="none" src="data:audio\/wav;base64,([A-Za-z0-9+/=]+)"/g) ?? [];
    expect(players).toHaveLength(2);
    const first = /base64,([A-Za-z0-9+/=]+)"/.exec(players[0] ?? "")?.[1] ?? "";
    const wav = Buffer.from(first, "base64");
    expect(wav.subarray(0, 4).toString("ascii")).toBe("RIFF");
    expect(wav.readUInt32LE(24)).toBe(24_000);
    expect(wav.length).toBe(44 + 4800);
    // segments in start order, the cut-off one marked, transcripts escaped
    expect(html.indexOf("user 0.00–0.10 s")).toBeLessThan(html.indexOf("agent 1.20–1.30 s (cut off)"));
    expect(html).toContain("sure &lt;b&gt;");
    expect(html).toContain('<td>agent_start_speaking</td><td class="text">latency 450 ms</td>');
  });

  it("adds nothing to a text run's card", () => {
    const html = htmlReport(reportFixture([{ scenario: { name: "text" }, result: { status: "pass", success: true } }]));
    expect(html).not.toContain("<h3>Voice</h3>");
  });
});
