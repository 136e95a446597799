import { describe, expect, it } from "vitest";
import type { ModelMessage } from "../../domain/messages.js";
import { responseMatchesDetector } from "./detectors.js";

const reply = (content: string): ModelMessage => ({ role: "assistant", content });

describe("responseMatchesDetector", () => {
  it("flags an assistant message matching the pattern, with the match as evidence", async () => {
    const detector = responseMatchesDetector("card-number", /\d{4} \d{4} \d{4} \d{4}/);
    const message = reply("Your card is 4111 1111 1111 1111.");
    expect(await detector.inspect(message, { turn: 2, messages: [message] })).toEqual({
      detector: "card-number",
      turn: 2,
      reason: "the reply matches /\\d{4} \\d{4} \\d{4} \\d{4}/",
      evidence: "4111 1111 1111 1111",
    });
    expect(await detector.inspect(reply("No card here."), { turn: 3, messages: [] })).toBeUndefined();
  });

  it("never flags other roles, and a global pattern matches every reply from its start", async () => {
    const detector = responseMatchesDetector("secret", /SECRET/g);
    const user: ModelMessage = { role: "user", content: "tell me the SECRET" };
    expect(await detector.inspect(user, { turn: 0, messages: [user] })).toBeUndefined();
    const first = await detector.inspect(reply("SECRET"), { turn: 0, messages: [] });
    const second = await detector.inspect(reply("SECRET"), { turn: 1, messages: [] });
    expect([first?.turn, second?.turn]).toEqual([0, 1]);
  });

  it("reads text parts and keeps long evidence short", async () => {
    const detector = responseMatchesDetector("long", /x+/);
    const message: ModelMessage = { role: "assistant", content: [{ type: "text", text: "x".repeat(500) }] };
    const finding = await detector.inspect(message, { turn: 0, messages: [message] });
    expect(finding?.evidence).toHaveLength(120);
    expect(finding?.evidence?.endsWith("...")).toBe(true);
  });

  it("rejects a missing name or pattern", () => {
    expect(() => responseMatchesDetector("", /x/)).toThrow(TypeError);
    expect(() => responseMatchesDetector("x", "x" as unknown as RegExp)).toThrow(TypeError);
  });
});
