import { describe, expect, it } from "vitest";
import { detectRefusal, HARD_REFUSAL_PATTERNS, SOFT_REFUSAL_PATTERNS } from "./refusal.js";

describe("detectRefusal", () => {
  it("finds every hard pattern, case-insensitively", () => {
    expect(detectRefusal("Sorry, I cannot help with that.")).toBe("hard");
    expect(detectRefusal("THAT IS AGAINST MY GUIDELINES")).toBe("hard");
    for (const pattern of HARD_REFUSAL_PATTERNS) {
      expect(detectRefusal(`Well. ${pattern.toUpperCase()} do this.`)).toBe("hard");
    }
  });

  it("finds every soft pattern when no hard one matches", () => {
    expect(detectRefusal("I'm not comfortable sharing that, but here is a summary.")).toBe("soft");
    for (const pattern of SOFT_REFUSAL_PATTERNS) {
      expect(detectRefusal(`Hmm, ${pattern} that.`)).toBe("soft");
    }
  });

  it("prefers hard over soft when both appear", () => {
    expect(detectRefusal("I'd prefer not to. In fact I won't be able to.")).toBe("hard");
  });

  it("treats the typographic apostrophe as a straight one", () => {
    expect(detectRefusal("I can\u2019t share the admin password.")).toBe("hard");
    expect(detectRefusal("I\u2019d prefer not to go there.")).toBe("soft");
  });

  it("returns none for compliant or empty replies", () => {
    expect(detectRefusal("Sure! The capital of France is Paris.")).toBe("none");
    expect(detectRefusal("I can help with that.")).toBe("none");
    expect(detectRefusal("")).toBe("none");
  });

  it("keeps the pattern lists lowercase with straight apostrophes", () => {
    for (const pattern of [...HARD_REFUSAL_PATTERNS, ...SOFT_REFUSAL_PATTERNS]) {
      expect(pattern).toBe(pattern.toLowerCase());
      expect(pattern).not.toContain("\u2019");
    }
    expect(HARD_REFUSAL_PATTERNS).toHaveLength(11);
    expect(SOFT_REFUSAL_PATTERNS).toHaveLength(5);
  });
});
