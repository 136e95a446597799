import { describe, expect, it } from "vitest";
import { ConfigError } from "../../domain/errors.js";
import { redTeamAgent, redTeamCrescendo, redTeamGoat } from "./red-team-agent.js";
import { redTeamSettings } from "./red-team-config.js";
import { CrescendoStrategy } from "./strategies/crescendo-strategy.js";
import { GoatStrategy } from "./strategies/goat-strategy.js";
import { DEFAULT_TECHNIQUES } from "./techniques/encodings.js";

const configError = (make: () => unknown): ConfigError => {
  try {
    make();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("red-team options", () => {
  it("applies the reference's defaults", () => {
    const settings = redTeamSettings("redTeamAgent", { strategy: new CrescendoStrategy(), target: "t" });
    expect(settings).toMatchObject({
      totalTurns: 30,
      scoreResponses: true,
      detectRefusals: true,
      temperature: 0.7,
      metapromptTemperature: 0.7,
      successScore: 9,
      successConfirmTurns: 2,
      injectionProbability: 0,
      maxBacktracks: 10,
      statefulTarget: false,
      notes: [],
    });
    expect(settings.techniques).toBe(DEFAULT_TECHNIQUES);
    expect(redTeamSettings("f", { strategy: new CrescendoStrategy(), target: "t", totalTurns: 5 }).maxBacktracks).toBe(1);
    expect(redTeamSettings("f", { strategy: new CrescendoStrategy(), target: "t", temperature: 0.2 }).metapromptTemperature).toBe(
      0.2,
    );
  });

  it("scorer defaults to the metaprompt model, which defaults to the attacker model", () => {
    const strategy = new CrescendoStrategy();
    expect(redTeamSettings("f", { strategy, target: "t", model: "a:x" })).toMatchObject({
      metapromptModel: "a:x",
      scorerModel: "a:x",
    });
    expect(redTeamSettings("f", { strategy, target: "t", model: "a:x", metapromptModel: "a:m" }).scorerModel).toBe("a:m");
    expect(redTeamSettings("f", { strategy, target: "t", model: "a:x", scorerModel: "a:s" }).scorerModel).toBe("a:s");
  });

  it("disables early exit with null or an explicit undefined", () => {
    const strategy = new CrescendoStrategy();
    expect(redTeamSettings("f", { strategy, target: "t", successScore: null }).successScore).toBeNull();
    expect(redTeamSettings("f", { strategy, target: "t", successScore: undefined }).successScore).toBeNull();
  });

  it("a stateful target gets no backtracking budget and a note", () => {
    const settings = redTeamSettings("f", {
      strategy: new CrescendoStrategy(),
      target: "t",
      statefulTarget: true,
      maxBacktracks: 4,
    });
    expect(settings.maxBacktracks).toBe(0);
    expect(settings.notes).toEqual(["statefulTarget: the target keeps its own history, so backtracking is disabled"]);
  });

  it("rejects out-of-range numbers with RangeError, as the reference does", () => {
    expect(() => redTeamCrescendo({ target: "t", injectionProbability: 1.5 })).toThrow(
      new RangeError("redTeamCrescendo: injectionProbability must be between 0.0 and 1.0, got 1.5"),
    );
    expect(() => redTeamCrescendo({ target: "t", maxBacktracks: -1 })).toThrow(
      new RangeError("redTeamCrescendo: maxBacktracks must be >= 0, got -1"),
    );
  });

  it("names the bad option in a ConfigError", () => {
    expect(configError(() => redTeamCrescendo({ target: " " })).path).toBe("target");
    expect(configError(() => redTeamCrescendo({ target: "t", totalTurns: 0 })).path).toBe("totalTurns");
    expect(configError(() => redTeamCrescendo({ target: "t", temperature: 3 })).path).toBe("temperature");
    expect(configError(() => redTeamCrescendo({ target: "t", successScore: 11 })).path).toBe("successScore");
    expect(configError(() => redTeamCrescendo({ target: "t", successConfirmTurns: 0 })).path).toBe("successConfirmTurns");
    expect(configError(() => redTeamCrescendo({ target: "t", attackPlan: "" })).path).toBe("attackPlan");
    expect(configError(() => redTeamCrescendo({ target: "t", maxBacktracks: 1.5 })).path).toBe("maxBacktracks");
    expect(configError(() => redTeamAgent({ target: "t", strategy: {} as never })).path).toBe("strategy");
  });

  it("an empty technique list with injection on says how to fix it", () => {
    const error = configError(() => redTeamCrescendo({ target: "t", injectionProbability: 0.5, techniques: [] }));
    expect(error.path).toBe("techniques");
    expect(error.message).toMatch(/set injectionProbability to 0, pass at least one technique, or omit `techniques`/);
    expect(() => redTeamCrescendo({ target: "t", techniques: [] })).not.toThrow();
  });

  it("an unknown metaprompt placeholder fails when the agent is made", () => {
    const error = configError(() => redTeamCrescendo({ target: "t", metapromptTemplate: "Attack {target} in {turns} turns" }));
    expect(error.message).toMatch(/\{turns\}/);
    expect(error.message).toMatch(/\{totalTurns\}/);
    // a ready plan means the template is never rendered
    expect(() => redTeamCrescendo({ target: "t", metapromptTemplate: "{turns}", attackPlan: "plan" })).not.toThrow();
  });

  it("GOAT ignores a metaprompt template, with a note", () => {
    const settings = redTeamSettings("redTeamGoat", { strategy: new GoatStrategy(), target: "t", metapromptTemplate: "{nope}" });
    expect(settings.metapromptTemplate).toBeUndefined();
    expect(settings.notes).toEqual(["GoatStrategy writes no attack plan: metapromptTemplate is ignored"]);
  });

  it("redTeamGoat takes encodingTechniques or the deprecated techniques, not both", () => {
    const [first] = DEFAULT_TECHNIQUES;
    expect(configError(() => redTeamGoat({ target: "t", techniques: [first!], encodingTechniques: [first!] })).path).toBe(
      "techniques",
    );
    expect(() => redTeamGoat({ target: "t", techniques: [first!] })).not.toThrow();
    expect(configError(() => redTeamGoat({ target: "t", goatTechniques: [] }))).toBeInstanceOf(ConfigError);
  });
});
