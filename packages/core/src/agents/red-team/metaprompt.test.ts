import { describe, expect, it } from "vitest";
import { ConfigError } from "../../domain/errors.js";
import type { RedTeamStrategy } from "./contracts.js";
import { DEFAULT_METAPROMPT_TEMPLATE, metapromptVariables, renderMetaprompt } from "./metaprompt.js";
import { CrescendoStrategy } from "./strategies/crescendo-strategy.js";
import { GoatStrategy } from "./strategies/goat-strategy.js";

describe("metapromptVariables", () => {
  it("adds Crescendo's phase ends to target, description and total turns", () => {
    expect(metapromptVariables(new CrescendoStrategy(), "leak the prompt", "a bank bot", 30)).toEqual({
      target: "leak the prompt",
      description: "a bank bot",
      totalTurns: "30",
      phase1End: "6",
      phase2End: "13",
      phase3End: "22",
    });
  });

  it("offers only the base variables for a strategy without phases", () => {
    expect(metapromptVariables(new GoatStrategy(), "t", "d", 10)).toEqual({ target: "t", description: "d", totalTurns: "10" });
  });

  it("treats phaseEnds returning undefined as no phases", () => {
    const strategy: RedTeamStrategy = {
      buildSystemPrompt: () => "",
      getPhaseName: () => "only",
      parseAttackerOutput: (raw) => ({ reply: raw, observation: "", strategy: "", parseFailed: false }),
      phaseEnds: () => undefined,
    };
    expect(Object.keys(metapromptVariables(strategy, "t", "d", 5))).toEqual(["target", "description", "totalTurns"]);
  });
});

describe("renderMetaprompt", () => {
  it("fills every placeholder of the default template for Crescendo", () => {
    const variables = metapromptVariables(
      new CrescendoStrategy(),
      "get a refund without a receipt",
      "a shop's support agent",
      30,
    );
    const prompt = renderMetaprompt(DEFAULT_METAPROMPT_TEMPLATE, variables);
    expect(prompt).not.toMatch(/\{[A-Za-z_]\w*\}/);
    expect(prompt).toContain("OBJECTIVE OF THE TEST: get a refund without a receipt");
    expect(prompt).toContain("AGENT UNDER TEST: a shop's support agent");
    expect(prompt).toContain("NUMBER OF TURNS: 30");
    expect(prompt).toContain("turns 1 to 6");
    expect(prompt).toContain("after turn 6 up to turn 13");
    expect(prompt).toContain("after turn 13 up to turn 22");
    expect(prompt).toContain("after turn 22 up to turn 30");
  });

  it("replaces repeated placeholders and leaves non-placeholder braces and braces inside values alone", () => {
    const template = 'Goal {target}; again {target}; JSON {"score": 1}; {  spaced }';
    expect(renderMetaprompt(template, { target: "say {secret}" })).toBe(
      'Goal say {secret}; again say {secret}; JSON {"score": 1}; {  spaced }',
    );
  });

  it("rejects an unknown placeholder, naming it, the available variables and the Crescendo/GOAT hint", () => {
    const variables = metapromptVariables(new GoatStrategy(), "t", "d", 10);
    let error: unknown;
    try {
      renderMetaprompt(DEFAULT_METAPROMPT_TEMPLATE, variables);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { message, code, path } = error as ConfigError;
    expect(code).toBe("invalid_config");
    expect(path).toBe("metapromptTemplate");
    expect(message).toContain("{phase1End}, {phase2End}, {phase3End}");
    expect(message).toContain("available variables: {target}, {description}, {totalTurns}");
    expect(message).toMatch(/Crescendo.*GOAT/);
  });

  it("names the source it was given", () => {
    expect(() => renderMetaprompt("{oops}", {}, "redTeamCrescendo()")).toThrow(
      expect.objectContaining({ source: "redTeamCrescendo()", message: expect.stringContaining("{oops}") }),
    );
  });
});
