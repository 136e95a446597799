import { describe, expect, it } from "vitest";
import {
  confusionCells,
  draftOf,
  kappaText,
  labelsBody,
  messageText,
  progressText,
  type QueueItem,
  withNote,
  withVerdict,
} from "./calibration-model";

const item = {
  runId: "r1",
  scenarioId: "refund",
  name: "refund",
  description: null,
  startedAt: "2026-01-01T00:00:00.000Z",
  criteria: [
    { criterion: "asks for the order number", label: null },
    { criterion: "stays polite", label: { verdict: "unsure", note: "hard to say" } },
  ],
  messages: [],
} as QueueItem;

describe("calibration model", () => {
  it("prefills the draft with the caller's earlier labels", () => {
    expect(draftOf(item)).toEqual([
      { criterion: "asks for the order number", verdict: undefined, note: "" },
      { criterion: "stays polite", verdict: "unsure", note: "hard to say" },
    ]);
  });

  it("saves only criteria given a verdict, with trimmed notes", () => {
    const draft = withNote(withVerdict(draftOf(item), 0, "met"), 0, "  asked at once ");
    expect(labelsBody(draft)).toEqual({
      "asks for the order number": { verdict: "met", note: "asked at once" },
      "stays polite": { verdict: "unsure", note: "hard to say" },
    });
    expect(progressText(draft)).toBe("2 of 2 criteria labelled");
    expect(labelsBody(draftOf({ ...item, criteria: [item.criteria[0]!] }))).toBeUndefined();
  });

  it("reads κ and the confusion matrix in words", () => {
    expect(kappaText({ kappa: 0.4 })).toBe("0.40");
    expect(kappaText({ kappa: null })).toBe("undefined");
    const cells = confusionCells({
      confusion: { judgeMetHumanMet: 2, judgeMetHumanUnmet: 1, judgeUnmetHumanMet: 0, judgeUnmetHumanUnmet: 3 },
    });
    expect(cells[1]).toEqual(["judge met, people unmet", 1]);
  });

  it("shows an assistant's tool calls beside its text", () => {
    expect(messageText({ role: "assistant", content: "Let me check", toolCalls: [{ function: { name: "lookup" } }] })).toBe(
      "Let me check\ncalled lookup",
    );
  });
});
