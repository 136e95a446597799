import { describe, expect, it } from "vitest";
import { simulatorPromptVersion } from "./prompt-version.js";
import { checkControls } from "./simulator-controls.js";
import { SIMULATOR_PROMPT_REVISION, simulatorPrompt } from "./simulator-prompt.js";

const description = "A customer wants a refund for a broken kettle.";

describe("simulatorPrompt with controls", () => {
  it("adds nothing without controls: the reference behaviour, short messages and no goal format", () => {
    const prompt = simulatorPrompt(description, "terse");
    expect(prompt).toContain("chat box: short, informal");
    expect(prompt).not.toContain("<behaviour>");
    expect(prompt).not.toContain("<goal>");
    expect(prompt).not.toContain('"goal"');
  });

  it("words each control level so the user behaves accordingly", () => {
    const low = simulatorPrompt(description, undefined, {
      cooperativeness: "low",
      knowledge: "low",
      verbosity: "low",
      patience: "low",
    });
    expect(low).toContain("Do not volunteer details");
    expect(low).toContain("give a detail only when the assistant asks for it directly");
    expect(low).toContain("sometimes with the wrong term");
    expect(low).toContain("a few words, at most one sentence");
    expect(low).toContain("You are impatient");
    const high = simulatorPrompt(description, undefined, {
      cooperativeness: "high",
      knowledge: "high",
      verbosity: "high",
      patience: 9,
    });
    expect(high).toContain("you answer questions fully");
    expect(high).toContain("but you never do the assistant's work for it");
    expect(high).toContain("push back on vague or wrong answers");
    expect(high).toContain("several sentences with background");
    expect(high).toContain("You are patient");
    // a verbosity control replaces the default "short"
    expect(high).not.toContain("chat box: short,");
    expect(simulatorPrompt(description, undefined, { language: "French" })).toContain(
      "Write every message in French, whatever language the assistant uses.",
    );
  });

  it("with a goal: the hidden goal, the plan in order, no early goodbye and the JSON reply format", () => {
    const prompt = simulatorPrompt(description, undefined, {
      goal: "Get a refund for order 42",
      plan: ["Ask about the refund policy", "Give the order number when asked"],
    });
    expect(prompt).toContain("<goal>\nGet a refund for order 42\nThis goal is private");
    expect(prompt).toContain("1. Ask about the refund policy\n2. Give the order number when asked");
    expect(prompt).toContain("Never reveal or list the plan.");
    expect(prompt).toContain("no thanks-and-goodbye while your goal is still open");
    expect(prompt).toContain('"goal": "pursuing" | "met" | "gave_up"');
  });
});

describe("simulatorPromptVersion", () => {
  const version = (controls: Parameters<typeof simulatorPromptVersion>[0]["controls"], persona?: string) =>
    simulatorPromptVersion({ persona, controls });

  it("stays the same for the same persona and controls, and leads with the built-in revision", () => {
    expect(version({ cooperativeness: "low" }, "terse")).toBe(version({ cooperativeness: "low" }, "terse"));
    expect(version({}, "terse")).toMatch(new RegExp(`^r${SIMULATOR_PROMPT_REVISION}-[0-9a-f]{8}$`));
  });

  it("changes when a control, the goal, the plan or the persona changes", () => {
    const versions = new Set([
      version({}),
      version({ cooperativeness: "low" }),
      version({ cooperativeness: "high" }),
      version({ patience: "low" }),
      version({ language: "German" }),
      version({ goal: "refund" }),
      version({ goal: "refund", plan: ["ask"] }),
      version({}, "terse"),
    ]);
    expect(versions.size).toBe(8);
  });

  it("versions a custom system prompt by its text", () => {
    const custom = simulatorPromptVersion({ systemPrompt: "You are Bob.", controls: {} });
    expect(custom).toMatch(/^custom-[0-9a-f]{8}$/);
    expect(simulatorPromptVersion({ systemPrompt: "You are Bob.", controls: {} })).toBe(custom);
    expect(simulatorPromptVersion({ systemPrompt: "You are Alice.", controls: {} })).not.toBe(custom);
  });
});

describe("checkControls", () => {
  it("rejects bad values naming the option", () => {
    expect(() => checkControls("userSimulatorAgent", { cooperativeness: "very" as never })).toThrow(
      'userSimulatorAgent: `cooperativeness` must be one of low, medium, high, got "very"',
    );
    expect(() => checkControls("userSimulatorAgent", { patience: 0 })).toThrow(
      /`patience` must be one of low, medium, high, or a whole number/,
    );
    expect(() => checkControls("userSimulatorAgent", { goal: " " })).toThrow(/`goal` must be a non-empty string/);
    expect(() => checkControls("userSimulatorAgent", { plan: ["a"] })).toThrow(/`plan` must be given with a `goal`/);
    expect(() => checkControls("userSimulatorAgent", { goal: "g", plan: ["a"], patience: 3, verbosity: "high" })).not.toThrow();
  });
});
