/** Small readers: tool outputs and their errors, live frame deltas, placeholders, the previous run. */
import { describe, expect, it } from "vitest";
import { splitPlaceholders } from "./placeholders";
import { previousRun } from "./previous-run";
import { deltaOfFrame, toolOutput } from "./run-data";

describe("toolOutput", () => {
  it("takes the output wrapper off", () => {
    expect(toolOutput('{"type":"json","value":{"ticket":"T-1004"}}')).toEqual({ text: '{\n  "ticket": "T-1004"\n}' });
    expect(toolOutput('{"type":"text","value":"done"}')).toEqual({ text: "done" });
    expect(toolOutput("plain text")).toEqual({ text: "plain text" });
  });

  it("finds the error a tool reported", () => {
    expect(toolOutput('{"type":"error-text","value":"connection refused"}').error).toBe("connection refused");
    expect(toolOutput('{"type":"json","value":{"error":{"type":"timeout","message":"The request timed out"}}}').error).toBe(
      "timeout: The request timed out",
    );
    expect(toolOutput('{"error":"no order Z9"}').error).toBe("no order Z9");
    expect(toolOutput('{"ok":true,"error":null}').error).toBeUndefined();
  });
});

describe("deltaOfFrame", () => {
  it("numbers a snapshot's messages from its offset", () => {
    const delta = deltaOfFrame(
      {
        kind: "run.messages",
        id: "9",
        data: {
          runId: "r",
          seq: 4,
          type: "SCENARIO_MESSAGE_SNAPSHOT",
          offset: 3,
          messages: [{ id: "a", role: "user", content: "x" }],
        },
      },
      "r",
    );
    expect(delta.messages).toEqual([{ index: 3, id: "a", role: "user", content: "x" }]);
    expect(delta.event?.seq).toBe(4);
  });

  it("keeps a domain event whole, with its time", () => {
    const delta = deltaOfFrame(
      {
        kind: "run.event",
        id: "9",
        data: { runId: "r", seq: 5, type: "injection", event: { type: "injection", timestamp: 1234, reason: "x" } },
      },
      "r",
    );
    expect(delta.event).toMatchObject({ seq: 5, type: "injection", timestamp: 1234, event: { reason: "x" } });
  });
});

describe("splitPlaceholders", () => {
  it("cuts placeholders out of the text, numbered or not", () => {
    expect(splitPlaceholders("Reach me at [EMAIL_1] or [PHONE_1], card [CARD].")).toEqual([
      { text: "Reach me at ", placeholder: false },
      { text: "[EMAIL_1]", placeholder: true },
      { text: " or ", placeholder: false },
      { text: "[PHONE_1]", placeholder: true },
      { text: ", card ", placeholder: false },
      { text: "[CARD]", placeholder: true },
      { text: ".", placeholder: false },
    ]);
    expect(splitPlaceholders("[OPENAI_KEY_12] but not [note] or [A]")).toEqual([
      { text: "[OPENAI_KEY_12]", placeholder: true },
      { text: " but not [note] or [A]", placeholder: false },
    ]);
  });
});

describe("previousRun", () => {
  const runs = [
    { runId: "c", startedAt: "2026-01-03T00:00:00Z" },
    { runId: "b", startedAt: "2026-01-02T00:00:00Z" },
    { runId: "a", startedAt: "2026-01-01T00:00:00Z" },
  ];

  it("is the latest run that started before this one", () => {
    expect(previousRun(runs, runs[0] as (typeof runs)[number])?.runId).toBe("b");
    expect(previousRun(runs, runs[1] as (typeof runs)[number])?.runId).toBe("a");
    expect(previousRun(runs, runs[2] as (typeof runs)[number])).toBeUndefined();
  });
});
