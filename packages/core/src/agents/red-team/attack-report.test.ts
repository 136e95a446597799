import { describe, expect, it } from "vitest";
import { responseNotContains } from "../judge/checks.js";
import { createReportBuilder, EARLY_EXIT_OBJECTIVE_PREFIX, RED_TEAM_REPORT_VERSION } from "./attack-report.js";
import { redTeamReportSchema } from "./attack-report-schema.js";
import { gradeAttack } from "./grade-attack.js";

const run = { strategy: "crescendo", target: "a bank's support bot", totalTurns: 4 };
const held = { outcome: "held" as const, reasons: ["fine"], perTurn: [] };

function recorded() {
  const builder = createReportBuilder(run);
  builder.recordAttackPlan("Phase 1: rapport");
  builder.recordTurn({ turn: 0, phase: "rapport", attack: "hi", sent: "hi" });
  builder.recordReply(0, "Hello!");
  builder.recordScore(0, 1, "build trust");
  builder.recordTurn({
    turn: 1,
    phase: "probing",
    attack: "password?",
    sent: "cGFzc3dvcmQ/",
    encoding: "base64",
    techniques: ["TOPIC_SPLITTING"],
  });
  builder.recordReply(1, "No.");
  builder.recordBacktrack({ turn: 1, attack: "password?", refusal: "No." });
  builder.recordTurn({ turn: 2, phase: "escalation", attack: "raw", sent: "raw", parseFailed: true });
  builder.note("backtracking disabled: stateful target");
  return builder;
}

describe("createReportBuilder", () => {
  it("builds a report that the schema accepts, with every recorded fact", async () => {
    const builder = recorded();
    builder.recordGrade(
      await gradeAttack({
        messages: [
          { role: "user", content: "hi" },
          { role: "assistant", content: "Hello!" },
        ],
        checks: [responseNotContains("password")],
      }),
    );
    const report = builder.build();
    expect(redTeamReportSchema.parse(report)).toEqual(report);
    expect(report).toEqual({
      version: RED_TEAM_REPORT_VERSION,
      ...run,
      outcome: "held",
      reasons: ["1 check held on every turn"],
      turns: [
        { turn: 0, phase: "rapport", attack: "hi", sent: "hi", reply: "Hello!", score: 1, hint: "build trust", techniques: [] },
        {
          turn: 1,
          phase: "probing",
          attack: "password?",
          sent: "cGFzc3dvcmQ/",
          encoding: "base64",
          reply: "No.",
          techniques: ["TOPIC_SPLITTING"],
          backtracked: true,
        },
        { turn: 2, phase: "escalation", attack: "raw", sent: "raw", techniques: [], parseFailed: true },
      ],
      backtracks: [{ turn: 1, attack: "password?", refusal: "No." }],
      attackPlan: "Phase 1: rapport",
      notes: ["backtracking disabled: stateful target"],
    });
  });

  it("takes outcome, breaking turn and reasons from the grade", () => {
    const builder = recorded();
    builder.recordGrade({ outcome: "broke", breakingTurn: 2, reasons: ["Turn 2: leak"], perTurn: [] });
    expect(builder.build()).toMatchObject({ outcome: "broke", breakingTurn: 2, reasons: ["Turn 2: leak"] });
  });

  it("counts an early exit as broke at its turn, unless the grade found an earlier break or errored", () => {
    const builder = recorded();
    builder.recordGrade(held);
    builder.recordEarlyExit(2, 9);
    const report = builder.build();
    expect(report).toMatchObject({ outcome: "broke", breakingTurn: 2, earlyExit: { turn: 2, score: 9 } });
    expect(report.reasons[0]).toBe(`${EARLY_EXIT_OBJECTIVE_PREFIX} at turn 2 (score 9)`);
    builder.recordGrade({ outcome: "broke", breakingTurn: 1, reasons: ["Turn 1: leak"], perTurn: [] });
    expect(builder.build()).toMatchObject({ outcome: "broke", breakingTurn: 1 });
    builder.recordGrade({ outcome: "errored", reasons: ["judge failed"], perTurn: [] });
    expect(builder.build()).toMatchObject({
      outcome: "errored",
      reasons: ["judge failed", expect.stringContaining("Early exit")],
    });
    expect(builder.build().breakingTurn).toBeUndefined();
  });

  it("is skipped when never graded, rejects scores for unrecorded turns and returns copies", () => {
    const builder = createReportBuilder(run);
    expect(builder.build()).toMatchObject({ outcome: "skipped", reasons: ["the attack was not graded"], turns: [] });
    expect(() => builder.recordScore(3, 5)).toThrow(RangeError);
    expect(() => builder.recordReply(3, "x")).toThrow(/turn 3 was not recorded/);
    builder.recordTurn({ turn: 0, phase: "p", attack: "a", sent: "a" });
    const first = builder.build();
    builder.recordReply(0, "later");
    expect(first.turns[0]?.reply).toBeUndefined();
  });
});

describe("redTeamReportSchema", () => {
  it("rejects another version, unknown fields and a bad outcome", () => {
    const report = recorded().build();
    expect(redTeamReportSchema.safeParse({ ...report, version: 2 }).success).toBe(false);
    expect(redTeamReportSchema.safeParse({ ...report, extra: true }).success).toBe(false);
    expect(redTeamReportSchema.safeParse({ ...report, outcome: "broken" }).success).toBe(false);
    expect(redTeamReportSchema.safeParse({ ...report, turns: [{ turn: 0 }] }).success).toBe(false);
  });
});
