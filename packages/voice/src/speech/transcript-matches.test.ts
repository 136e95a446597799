import type { CheckOutcome, ModelMessage, ScenarioExecutionStateLike } from "@rehearse/core";
import { describe, expect, it } from "vitest";
import { encodeWav } from "../audio/wav.js";
import { transcriptMatches } from "./transcript-matches.js";

/** A voice message as adapters build it: the transcript as a text part beside the WAV audio. */
function spoken(role: "user" | "assistant", transcript: string | undefined): ModelMessage {
  const audio = { type: "file" as const, mediaType: "audio/wav", data: encodeWav(new Uint8Array(480)) };
  const content = transcript === undefined ? [audio] : [{ type: "text" as const, text: transcript }, audio];
  return { role, content } as ModelMessage;
}

async function evaluate(criterion: ReturnType<typeof transcriptMatches>, messages: ModelMessage[]): Promise<CheckOutcome> {
  const outcome = await criterion.evaluate({ messages } as unknown as ScenarioExecutionStateLike);
  return typeof outcome === "boolean" ? { met: outcome } : outcome;
}

describe("transcriptMatches", () => {
  const conversation = [
    spoken("user", "I want a refund for order 42"),
    spoken("assistant", "Sure, which order is it?"),
    spoken("user", "order four two"),
    spoken("assistant", "Your refund has been issued."),
  ];

  it("is met when the agent's last transcript is within the WER bound", async () => {
    // "your refund is issued": one substitution, one deletion of five words = 0.4
    expect(await evaluate(transcriptMatches("your refund has been issued"), conversation)).toEqual({ met: true });
    expect(
      await evaluate(transcriptMatches("your refund has been issued", { maxWer: 0.3 }), [
        spoken("assistant", "your refund is issued"),
      ]),
    ).toMatchObject({ met: false });
    expect(
      await evaluate(transcriptMatches("your refund has been issued", { maxWer: 0.4 }), [
        spoken("assistant", "your refund is issued"),
      ]),
    ).toEqual({ met: true });
  });

  it("states the WER and both normalised texts when not met", async () => {
    const outcome = await evaluate(transcriptMatches("which order is it"), conversation);
    expect(outcome.met).toBe(false);
    expect(outcome.reason).toMatch(/^WER 1\.25 > 0\.3 \(4 substituted, 0 missing, 1 extra of 4 words\)/);
    expect(outcome.reason).toContain('expected "which order is it", heard "your refund has been issued"');
  });

  it("looks at every turn with scope any, and at the user with speaker user", async () => {
    expect((await evaluate(transcriptMatches("which order is it", { scope: "any" }), conversation)).met).toBe(true);
    // "order 42" normalises to "order four two"
    const user = transcriptMatches("order 42", { speaker: "user" });
    expect((await evaluate(user, conversation)).met).toBe(true);
    expect(user.name).toBe('User said "order 42" (WER ≤ 0.3)');
  });

  it("fails with a clear reason when there is nothing to compare", async () => {
    expect(await evaluate(transcriptMatches("hello"), [spoken("user", "hi")])).toEqual({
      met: false,
      reason: "the agent has not spoken yet",
    });
    const outcome = await evaluate(transcriptMatches("hello"), [spoken("assistant", undefined)]);
    expect(outcome.reason).toContain("no transcript (no text part); transcribe the audio first");
  });

  it("reads plain string content too", async () => {
    expect((await evaluate(transcriptMatches("hello there"), [{ role: "assistant", content: "Hello, there!" }])).met).toBe(true);
  });

  it("refuses an empty expectation or a negative bound", () => {
    expect(() => transcriptMatches(" ... ")).toThrow(/at least one word/);
    expect(() => transcriptMatches("hi", { maxWer: -1 })).toThrow(/maxWer must be a number ≥ 0/);
  });
});
