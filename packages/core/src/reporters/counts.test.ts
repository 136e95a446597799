import { describe, expect, it } from "vitest";
import { createReportBuilder } from "../agents/red-team/attack-report.js";
import { htmlReport } from "./html-report.js";
import { redTeamHtmlReport } from "./red-team-html.js";
import { fileNote } from "./report-safe.js";
import { reportFixture, summaryFixture } from "./test-support/report-fixtures.js";

// Every count a report prints takes its noun in the right number.

describe("counts in reports", () => {
  it("say 1 message, 1 evaluation, 1 scenario in the HTML report", () => {
    const summary = summaryFixture();
    const oneEvaluation = { ...summary, injection_log: summary.injections_performed };
    const html = htmlReport(
      reportFixture([{ result: { messages: [{ role: "user", content: "hi" }], scenarioRun: oneEvaluation } }]),
    );
    expect(html).toContain("Transcript (1 message, ");
    expect(html).toContain("Injections performed (1 of 1 evaluation fired)");
    expect(html).toContain("<b>1</b>scenario</div>");
    const two = htmlReport(reportFixture([{}, {}]));
    expect(two).toContain("Transcript (5 messages, ");
    expect(two).toContain("Injections performed (1 of 2 evaluations fired)");
    expect(two).toContain("<b>2</b>scenarios</div>");
  });

  it("say 1 red-team run and 1 turn in the red-team page", () => {
    const builder = createReportBuilder({ strategy: "goat", target: "leak the system prompt", totalTurns: 1 });
    builder.recordTurn({ turn: 0, phase: "probe", attack: "Rules?", sent: "Rules?" });
    builder.recordReply(0, "No.");
    builder.recordGrade({ outcome: "held", reasons: [], perTurn: [] });
    const html = redTeamHtmlReport([builder.build()]);
    expect(html).toContain(">1 red-team run<");
    expect(html).toContain("Transcript (1 turn)");
  });

  it("say 1 byte for a one-byte file", () => {
    expect(fileNote({ type: "file", filename: "a.txt", data: "YQ==" })).toBe("[file: a.txt, 1 byte]");
    expect(fileNote({ type: "file", filename: "ab.txt", data: "YWI=" })).toBe("[file: ab.txt, 2 bytes]");
  });
});
