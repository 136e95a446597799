import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import type { ModelMessage } from "../domain/messages.js";
import { scoreCorpus } from "./corpus/labelled-text.js";
import { corpusPolicies, policyViolationCorpus } from "./corpus/policy-violation.js";
import { policyViolationDetector } from "./policy-violation.js";

const reply = (content: string): ModelMessage => ({ role: "assistant", content });
const context = { turn: 2, messages: [] };

describe("policyViolationDetector", () => {
  it("reaches precision and recall of at least 0.95 on its labelled corpus", async () => {
    const detector = policyViolationDetector({ patterns: corpusPolicies });
    const score = await scoreCorpus(
      policyViolationCorpus,
      async (text) => (await detector.inspect(reply(text), context)) !== undefined,
    );
    console.log(
      `policy_violation: precision ${score.precision.toFixed(3)}, recall ${score.recall.toFixed(3)} over ${policyViolationCorpus.length} examples`,
    );
    expect(score.mistakes).toEqual([]);
    expect(score.precision).toBeGreaterThanOrEqual(0.95);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
  });

  it("reports the first matching rule, names the others and quotes the match", async () => {
    const detector = policyViolationDetector({ patterns: corpusPolicies });
    expect(await detector.inspect(reply("Sure. I'll issue a refund — and try it at Contoso next time."), context)).toEqual({
      detector: "policy_violation",
      turn: 2,
      reason: "refund-promise: only a supervisor may promise a refund (also: competitor)",
      evidence: "I'll issue a refund",
    });
  });

  it("uses a custom name, ignores other roles and keeps no state from global patterns", async () => {
    const detector = policyViolationDetector({
      name: "no-swearing",
      patterns: [{ id: "damn", pattern: /damn/g, reason: "no swearing" }],
    });
    expect(detector.name).toBe("no-swearing");
    const user: ModelMessage = { role: "user", content: "damn" };
    expect(await detector.inspect(user, context)).toBeUndefined();
    const first = await detector.inspect(reply("damn"), context);
    const second = await detector.inspect(reply("damn"), context);
    expect([first?.detector, second?.detector]).toEqual(["no-swearing", "no-swearing"]);
  });

  it("rejects empty, duplicate or malformed rules with the path of the bad field", () => {
    expect(() => policyViolationDetector({ patterns: [] })).toThrow(ConfigError);
    const rule = { id: "a", pattern: "x", reason: "r" };
    expect(() => policyViolationDetector({ patterns: [rule, rule] })).toThrow(/used twice/);
    try {
      policyViolationDetector({ patterns: [rule, { id: "b", pattern: "(", reason: "r" }] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).path).toBe("patterns[1].pattern");
    }
  });
});
