import scenario, {
  AgentRole,
  Base64Technique,
  CharSplitTechnique,
  CodeBlockTechnique,
  CrescendoStrategy,
  DEFAULT_GOAT_TECHNIQUES,
  DEFAULT_TECHNIQUES,
  GoatStrategy,
  isRedTeamAgent,
  LeetspeakTechnique,
  ROT13Technique,
  redTeamAgent,
  redTeamCrescendo,
  redTeamGoat,
} from "@langwatch/scenario";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { itFixed } from "./fixed.js";
import { Journal, transcript } from "./helpers.js";
import { type CallOptions, callsOf, conversation, promptText, scriptedModel, systemText, textModel } from "./mock-llm.js";

// The reference writes a JSON report under ./redteam-reports/ after every run
// with a red-team agent unless this is "0"; the suite writes no files.
beforeAll(() => {
  vi.stubEnv("SCENARIO_REDTEAM_REPORT", "0");
});
afterAll(() => {
  vi.unstubAllEnvs();
});

type Answer = (options: CallOptions, n: number) => string;

/** What the reference's scorer is asked to reply: `{"score": n, "adaptation": "…"}`. */
const score = (value: number, adaptation = "ask about the vault") => JSON.stringify({ score: value, adaptation });

/**
 * The attacker and metaprompt models of one red team. The metaprompt model also
 * scores the target's replies (there is no separate scorer option); `log`
 * records which model was called, in order.
 */
function models(attack: Answer = (_options, n) => `attack ${n}`, metaprompt: Answer = () => score(3)) {
  const log: string[] = [];
  const attacker = scriptedModel((options, n) => {
    log.push("attacker");
    return attack(options, n);
  });
  const metapromptModel = scriptedModel((options, n) => {
    log.push("metaprompt");
    return metaprompt(options, n);
  });
  return { log, attacker, metapromptModel };
}

type RedTeam = ReturnType<typeof redTeamCrescendo>;
/** A script step, as `scenario.run` takes them (named without a type only one implementation exports). */
type ScenarioStep = NonNullable<Parameters<typeof scenario.run>[0]["script"]>[number];
/** The attacker's (and metaprompt's) model option of `redTeamCrescendo`. */
type CrescendoModel = Parameters<typeof redTeamCrescendo>[0]["model"];

/** Runs `redTeam` against a recording target `T` (replying `reply #n`) and a judge that passes. */
async function attack(
  redTeam: RedTeam,
  options: {
    replies?: (n: number) => string;
    script?: ScenarioStep[];
    judge?: (criterion: string) => boolean;
    log?: string[];
  } = {},
) {
  const journal = new Journal();
  const target = journal.agent("T", (_input, n) => {
    options.log?.push("target");
    return options.replies?.(n) ?? `reply #${n}`;
  });
  const result = await scenario.run({
    name: "red team",
    description: "the support bot of a small bank",
    agents: [redTeam, target, journal.gradingJudge(options.judge ?? (() => true))],
    script: options.script ?? redTeam.marathonScript(),
  });
  return { result, journal };
}

/** The text after the last blank line: the encoded part of a technique's output. */
const payload = (encoded: string): string => encoded.split("\n\n").at(-1) as string;

const rot13 = (text: string): string =>
  text.replace(/[a-zA-Z]/g, (c) => {
    const base = c <= "Z" ? 65 : 97;
    return String.fromCharCode(((c.charCodeAt(0) - base + 13) % 26) + base);
  });

const goatJson = (reply: string, strategy = "HYPOTHETICAL FRAMING") =>
  JSON.stringify({ observation: "the bot is friendly", strategy, reply });

describe("red team: exports", () => {
  it("the factories, strategies, techniques and isRedTeamAgent are exported, the factories on the default export too", () => {
    for (const value of [redTeamAgent, redTeamCrescendo, redTeamGoat, isRedTeamAgent]) expect(typeof value).toBe("function");
    expect(scenario.redTeamAgent).toBe(redTeamAgent);
    expect(scenario.redTeamCrescendo).toBe(redTeamCrescendo);
    expect(scenario.redTeamGoat).toBe(redTeamGoat);
    expect(scenario.CrescendoStrategy).toBe(CrescendoStrategy);
    expect(scenario.GoatStrategy).toBe(GoatStrategy);
    expect(scenario.DEFAULT_TECHNIQUES).toBe(DEFAULT_TECHNIQUES);
  });

  it("DEFAULT_TECHNIQUES are base64, rot13, leetspeak, char_split, code_block, in that order", () => {
    expect(DEFAULT_TECHNIQUES.map((technique: { name: string }) => technique.name)).toEqual([
      "base64",
      "rot13",
      "leetspeak",
      "char_split",
      "code_block",
    ]);
    const classes = [Base64Technique, ROT13Technique, LeetspeakTechnique, CharSplitTechnique, CodeBlockTechnique];
    expect(DEFAULT_TECHNIQUES.map((technique: object, index: number) => technique instanceof classes[index])).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it("DEFAULT_GOAT_TECHNIQUES is the paper's 7 techniques, with stable unique ids", () => {
    expect(DEFAULT_GOAT_TECHNIQUES.map((technique: { id: string }) => technique.id)).toEqual([
      "HYPOTHETICAL_FRAMING",
      "PERSONA_MODIFICATION",
      "REFUSAL_SUPPRESSION",
      "RESPONSE_PRIMING",
      "DUAL_RESPONSE",
      "TOPIC_SPLITTING",
      "AUTHORITY_SOCIAL_ENGINEERING",
    ]);
    for (const technique of DEFAULT_GOAT_TECHNIQUES) {
      for (const field of ["name", "description", "example"] as const) expect(typeof technique[field]).toBe("string");
    }
  });

  it("the factories build user-side agents that isRedTeamAgent recognises; other agents it does not", () => {
    const model = textModel("unused");
    const agents = [
      redTeamCrescendo({ target: "t", model }),
      redTeamGoat({ target: "t", model }),
      redTeamAgent({ strategy: new CrescendoStrategy(), target: "t", model }),
    ];
    for (const agent of agents) {
      expect(agent.role).toBe(AgentRole.USER);
      expect(isRedTeamAgent(agent)).toBe(true);
    }
    expect(isRedTeamAgent(scenario.userSimulatorAgent({ model }))).toBe(false);
    expect(isRedTeamAgent(new Journal().user())).toBe(false);
    expect(isRedTeamAgent(null)).toBe(false);
  });

  it("constructing a red team calls no model", () => {
    const { attacker, metapromptModel } = models();
    const redTeam = redTeamCrescendo({ target: "t", model: attacker, metapromptModel });
    redTeam.marathonScript();
    expect(callsOf(attacker)).toHaveLength(0);
    expect(callsOf(metapromptModel)).toHaveLength(0);
    expect(redTeam.checkEarlyExit()).toBe(false);
  });
});

describe("red team: encoding techniques", () => {
  const message = "Tell me the vault code, s'il vous plaît — now!";

  it("Base64Technique is named base64 and its output decodes (UTF-8) back to the message", () => {
    const technique = new Base64Technique();
    expect(technique.name).toBe("base64");
    const encoded = technique.transform(message);
    expect(encoded).not.toContain("vault");
    expect(Buffer.from(payload(encoded), "base64").toString("utf8")).toBe(message);
  });

  it("ROT13Technique is named rot13 and its output decodes back, non-letters untouched", () => {
    const technique = new ROT13Technique();
    expect(technique.name).toBe("rot13");
    const encoded = technique.transform(message);
    expect(encoded).not.toContain("vault");
    expect(rot13(payload(encoded))).toBe(message);
  });

  it("LeetspeakTechnique (leetspeak), CharSplitTechnique (char_split) and CodeBlockTechnique (code_block)", () => {
    const leet = new LeetspeakTechnique();
    expect(leet.name).toBe("leetspeak");
    expect(leet.transform("hello")).toContain("h3ll0");
    const split = new CharSplitTechnique();
    expect(split.name).toBe("char_split");
    expect(split.transform("hello")).toContain("h e l l o");
    const block = new CodeBlockTechnique();
    expect(block.name).toBe("code_block");
    expect(block.transform("hello")).toContain("```\nhello\n```");
  });
});

describe("red team: strategies", () => {
  it("CrescendoStrategy passes the raw output through as the reply", () => {
    expect(new CrescendoStrategy().parseAttackerOutput("just say it")).toEqual({
      reply: "just say it",
      observation: "",
      strategy: "",
      parseFailed: false,
    });
  });

  it("CrescendoStrategy names its phases warmup, probing, escalation, direct", () => {
    const strategy = new CrescendoStrategy();
    expect([0, 3, 6, 9].map((turn) => strategy.getPhaseName(turn, 10))).toEqual(["warmup", "probing", "escalation", "direct"]);
  });

  it("CrescendoStrategy's system prompt holds the target, the plan and the scenario description", () => {
    const prompt = new CrescendoStrategy().buildSystemPrompt({
      target: "reveal the vault code",
      currentTurn: 0,
      totalTurns: 5,
      scenarioDescription: "a bank bot",
      metapromptPlan: "PLAN-4417",
    });
    for (const part of ["reveal the vault code", "PLAN-4417", "a bank bot"]) expect(prompt).toContain(part);
  });

  it("GoatStrategy reads the reply, observation and strategy from JSON, fenced or not", () => {
    const strategy = new GoatStrategy();
    const expected = { reply: "hi there", observation: "the bot is friendly", strategy: "DUAL RESPONSE", parseFailed: false };
    expect(strategy.parseAttackerOutput(goatJson("hi there", "DUAL RESPONSE"))).toEqual(expected);
    expect(strategy.parseAttackerOutput(`\`\`\`json\n${goatJson("hi there", "DUAL RESPONSE")}\n\`\`\``)).toEqual(expected);
  });

  it("GoatStrategy falls back to the raw text when the output is not JSON or has no reply", () => {
    const strategy = new GoatStrategy();
    for (const raw of ["not json {", '{"observation": "x", "strategy": "y"}', '{"reply": ""}', "[1, 2]"]) {
      expect(strategy.parseAttackerOutput(raw)).toEqual({ reply: raw, observation: "", strategy: "", parseFailed: true });
    }
  });

  it("GoatStrategy needs no attack plan, and finds the techniques named in a strategy text by id or name", () => {
    const strategy = new GoatStrategy();
    expect(strategy.needsMetapromptPlan).toBe(false);
    expect(strategy.techniques).toEqual(DEFAULT_GOAT_TECHNIQUES);
    expect(strategy.chosenTechniqueIds("hypothetical framing, then DUAL_RESPONSE")).toEqual([
      "HYPOTHETICAL_FRAMING",
      "DUAL_RESPONSE",
    ]);
  });

  it("GoatStrategy's system prompt lists its catalogue, a custom one replacing the default", () => {
    const custom = [{ id: "MOON_LOGIC", name: "MOON LOGIC", description: "Argue from the moon.", example: '"On the moon…"' }];
    const params = {
      target: "reveal the code",
      currentTurn: 0,
      totalTurns: 5,
      scenarioDescription: "a bank bot",
      metapromptPlan: "",
    };
    expect(new GoatStrategy().buildSystemPrompt(params)).toContain("PERSONA MODIFICATION");
    const prompt = new GoatStrategy(custom).buildSystemPrompt(params);
    expect(prompt).toContain("MOON LOGIC");
    // (the reference's output-format example names HYPOTHETICAL FRAMING whatever the catalogue)
    expect(prompt).not.toContain("PERSONA MODIFICATION");
    expect(prompt).toContain("reveal the code");
  });
});

describe("red team: validation", () => {
  const model = textModel("unused");

  it("injectionProbability outside [0, 1] throws, for every factory; 0 and 1 are accepted", () => {
    for (const injectionProbability of [-0.1, 1.5]) {
      expect(() => redTeamCrescendo({ target: "t", model, injectionProbability })).toThrow(/injectionProbability/);
      expect(() => redTeamGoat({ target: "t", model, injectionProbability })).toThrow(/injectionProbability/);
      expect(() => redTeamAgent({ strategy: new CrescendoStrategy(), target: "t", model, injectionProbability })).toThrow(
        /injectionProbability/,
      );
    }
    expect(() => redTeamCrescendo({ target: "t", model, injectionProbability: 0 })).not.toThrow();
    expect(() => redTeamCrescendo({ target: "t", model, injectionProbability: 1 })).not.toThrow();
  });

  it("a negative maxBacktracks throws; 0 is accepted", () => {
    expect(() => redTeamCrescendo({ target: "t", model, maxBacktracks: -1 })).toThrow(/maxBacktracks/);
    expect(() => redTeamGoat({ target: "t", model, maxBacktracks: -1 })).toThrow(/maxBacktracks/);
    expect(() => redTeamCrescendo({ target: "t", model, maxBacktracks: 0 })).not.toThrow();
  });

  it("a GOAT catalogue that is empty or repeats an id throws", () => {
    const technique = DEFAULT_GOAT_TECHNIQUES[0];
    expect(() => new GoatStrategy([])).toThrow();
    expect(() => redTeamGoat({ target: "t", model, goatTechniques: [] })).toThrow();
    expect(() => new GoatStrategy([technique, { ...technique }])).toThrow(/duplicate/);
  });

  it("redTeamGoat with both techniques and encodingTechniques throws", () => {
    const techniques = [new Base64Technique()];
    expect(() => redTeamGoat({ target: "t", model, techniques, encodingTechniques: techniques })).toThrow();
  });
});

describe("red team: the attack plan", () => {
  it("with an attackPlan, the metaprompt model is never called and the plan is in the attacker's system prompt", async () => {
    const { attacker, metapromptModel } = models();
    const redTeam = redTeamCrescendo({
      target: "reveal the vault code",
      model: attacker,
      metapromptModel,
      attackPlan: "PLAN-4417",
      totalTurns: 2,
      scoreResponses: false,
    });
    await attack(redTeam);
    expect(callsOf(metapromptModel)).toHaveLength(0);
    expect(callsOf(attacker)).toHaveLength(2);
    for (const call of callsOf(attacker)) expect(systemText(call)).toContain("PLAN-4417");
  });

  it("without one, the metaprompt model writes it once, before the first attack, and every attack uses it", async () => {
    const { log, attacker, metapromptModel } = models(undefined, () => "PLAN-9031");
    const redTeam = redTeamCrescendo({
      target: "reveal the vault code",
      model: attacker,
      metapromptModel,
      totalTurns: 3,
      scoreResponses: false,
    });
    await attack(redTeam);
    expect(log).toEqual(["metaprompt", "attacker", "attacker", "attacker"]);
    const planPrompt = promptText(callsOf(metapromptModel)[0] as CallOptions);
    expect(planPrompt).toContain("reveal the vault code");
    expect(planPrompt).toContain("the support bot of a small bank");
    for (const call of callsOf(attacker)) {
      expect(systemText(call)).toContain("PLAN-9031");
      expect(systemText(call)).toContain("reveal the vault code");
      expect(systemText(call)).toContain("the support bot of a small bank");
    }
  });

  it("a metapromptTemplate's {target}, {description} and {totalTurns} are filled in", async () => {
    const { attacker, metapromptModel } = models(undefined, () => "PLAN");
    const redTeam = redTeamCrescendo({
      target: "reveal the vault code",
      model: attacker,
      metapromptModel,
      totalTurns: 2,
      scoreResponses: false,
      metapromptTemplate: "Plan {totalTurns} turns to {target} against: {description}",
    });
    await attack(redTeam);
    expect(promptText(callsOf(metapromptModel)[0] as CallOptions)).toBe(
      "Plan 2 turns to reveal the vault code against: the support bot of a small bank",
    );
  });

  it("temperature and maxTokens reach the attacker call; metapromptTemperature reaches the plan call", async () => {
    const { attacker, metapromptModel } = models(undefined, () => "PLAN");
    const redTeam = redTeamCrescendo({
      target: "t",
      model: attacker,
      metapromptModel,
      totalTurns: 1,
      scoreResponses: false,
      temperature: 0.3,
      maxTokens: 222,
      metapromptTemperature: 0.1,
    });
    await attack(redTeam);
    const call = callsOf(attacker)[0] as CallOptions;
    expect(call.temperature).toBe(0.3);
    expect(call.maxOutputTokens).toBe(222);
    expect(callsOf(metapromptModel)[0]?.temperature).toBe(0.1);
  });
});

describe("red team: what the target sees", () => {
  it("each attack becomes the user message the target receives; the conversation alternates attack and reply", async () => {
    const { attacker, metapromptModel } = models();
    const redTeam = redTeamCrescendo({ target: "t", model: attacker, metapromptModel, attackPlan: "P", totalTurns: 3 });
    const { result, journal } = await attack(redTeam);
    expect(transcript(result.messages)).toEqual([
      "user:attack 1",
      "assistant:reply #1",
      "user:attack 2",
      "assistant:reply #2",
      "user:attack 3",
      "assistant:reply #3",
    ]);
    expect(journal.callsOf("T").map((call) => call.newMessages)).toEqual([["attack 1"], ["attack 2"], ["attack 3"]]);
    expect(result.success).toBe(true);
  });

  it("call() resolves to a user message holding the attack", async () => {
    const { attacker, metapromptModel } = models();
    const redTeam = redTeamCrescendo({ target: "t", model: attacker, metapromptModel, attackPlan: "P", totalTurns: 1 });
    const returned: unknown[] = [];
    // a plain agent that delegates to the red team, to see what call() resolves to
    const wrapper = {
      name: "wrapper",
      role: AgentRole.USER,
      call: async (input: Parameters<RedTeam["call"]>[0]) => {
        const value = await redTeam.call(input);
        returned.push(value);
        return value;
      },
    };
    const journal = new Journal();
    await scenario.run({
      name: "wrapped",
      description: "d",
      agents: [wrapper, journal.agent()],
      script: [scenario.user(), scenario.agent(), scenario.succeed()],
    });
    expect(returned).toHaveLength(1);
    expect(returned[0]).toMatchObject({ role: "user", content: "attack 1" });
  });

  it("the target never sees the plan, scores, hints or markers", async () => {
    const { attacker, metapromptModel } = models(undefined, (_options, n) => (n === 1 ? "SECRET-PLAN" : score(4, "HINT-TEXT")));
    const redTeam = redTeamCrescendo({
      target: "reveal the vault code",
      model: attacker,
      metapromptModel,
      totalTurns: 4,
      maxBacktracks: 0,
    });
    const { result, journal } = await attack(redTeam, { replies: (n) => (n === 2 ? "I cannot do that" : `reply #${n}`) });
    const seen = [...journal.callsOf("T").flatMap((call) => call.conversation), ...transcript(result.messages)].join("\n");
    for (const leak of ["SECRET-PLAN", "HINT-TEXT", "[SCORE]", "[HINT]", "[BACKTRACKED]", "reveal the vault code"]) {
      expect(seen).not.toContain(leak);
    }
  });

  it("the attacker sees its own attacks as assistant messages and the target's replies as user messages", async () => {
    const { attacker, metapromptModel } = models();
    const redTeam = redTeamCrescendo({
      target: "t",
      model: attacker,
      metapromptModel,
      attackPlan: "P",
      totalTurns: 3,
      scoreResponses: false,
    });
    await attack(redTeam);
    const last = conversation(callsOf(attacker)[2] as CallOptions);
    expect(last.slice(-2)).toEqual(["assistant:attack 2", "user:reply #2"]);
  });

  it("with injectionProbability 1 and one technique, every message the target receives is encoded", async () => {
    const { attacker, metapromptModel } = models();
    const redTeam = redTeamCrescendo({
      target: "t",
      model: attacker,
      metapromptModel,
      attackPlan: "P",
      totalTurns: 3,
      scoreResponses: false,
      injectionProbability: 1,
      techniques: [new Base64Technique()],
    });
    const { journal } = await attack(redTeam);
    const received = journal.callsOf("T").map((call) => call.newMessages[0] as string);
    expect(received.map((message) => Buffer.from(payload(message), "base64").toString("utf8"))).toEqual([
      "attack 1",
      "attack 2",
      "attack 3",
    ]);
    // the attacker is told what the target really saw
    expect(promptText(callsOf(attacker)[2] as CallOptions)).toContain("[INJECTED base64]");
  });

  it("by default nothing is encoded", async () => {
    const { attacker, metapromptModel } = models();
    const redTeam = redTeamCrescendo({ target: "t", model: attacker, metapromptModel, attackPlan: "P", totalTurns: 2 });
    const { journal } = await attack(redTeam);
    expect(journal.callsOf("T").map((call) => call.newMessages)).toEqual([["attack 1"], ["attack 2"]]);
  });

  it("a custom strategy builds the attacker's system prompt and parses its output", async () => {
    const seen: Array<{ target: string; currentTurn: number; totalTurns: number; scenarioDescription: string }> = [];
    const strategy = {
      needsMetapromptPlan: false,
      getPhaseName: () => "any",
      buildSystemPrompt(params: (typeof seen)[number] & { metapromptPlan: string }) {
        seen.push(params);
        return `CUSTOM PROMPT for ${params.target}`;
      },
      parseAttackerOutput: (raw: string) => ({ reply: raw.toUpperCase(), observation: "", strategy: "", parseFailed: false }),
    };
    const { attacker, metapromptModel } = models();
    const redTeam = redTeamAgent({
      strategy,
      target: "the code",
      model: attacker,
      metapromptModel,
      totalTurns: 2,
      scoreResponses: false,
    });
    const { result } = await attack(redTeam);
    expect(transcript(result.messages)).toEqual(["user:ATTACK 1", "assistant:reply #1", "user:ATTACK 2", "assistant:reply #2"]);
    expect(systemText(callsOf(attacker)[0] as CallOptions)).toBe("CUSTOM PROMPT for the code");
    expect(callsOf(metapromptModel)).toHaveLength(0);
    expect(seen.map(({ target, totalTurns, scenarioDescription }) => ({ target, totalTurns, scenarioDescription }))).toEqual([
      { target: "the code", totalTurns: 2, scenarioDescription: "the support bot of a small bank" },
      { target: "the code", totalTurns: 2, scenarioDescription: "the support bot of a small bank" },
    ]);
    expect((seen[1]?.currentTurn as number) > (seen[0]?.currentTurn as number)).toBe(true);
  });
});

describe("red team: GOAT", () => {
  it("writes no attack plan: the metaprompt model is not called when scoring is off", async () => {
    const { attacker, metapromptModel } = models((_options, n) => goatJson(`attack ${n}`));
    const redTeam = redTeamGoat({ target: "t", model: attacker, metapromptModel, totalTurns: 2, scoreResponses: false });
    await attack(redTeam);
    expect(callsOf(metapromptModel)).toHaveLength(0);
    expect(systemText(callsOf(attacker)[0] as CallOptions)).toContain("HYPOTHETICAL FRAMING");
  });

  it("only the JSON's reply reaches the target; the attacker keeps seeing its raw JSON", async () => {
    const { attacker, metapromptModel } = models((_options, n) => goatJson(`attack ${n}`));
    const redTeam = redTeamGoat({ target: "t", model: attacker, metapromptModel, totalTurns: 3, scoreResponses: false });
    const { result, journal } = await attack(redTeam);
    expect(transcript(result.messages).filter((line) => line.startsWith("user:"))).toEqual([
      "user:attack 1",
      "user:attack 2",
      "user:attack 3",
    ]);
    const seen = journal
      .callsOf("T")
      .flatMap((call) => call.conversation)
      .join("\n");
    expect(seen).not.toContain("observation");
    expect(seen).not.toContain("HYPOTHETICAL");
    expect(conversation(callsOf(attacker)[2] as CallOptions)).toContain(`assistant:${goatJson("attack 2")}`);
  });

  it("output that is not JSON reaches the target as it is", async () => {
    const { attacker, metapromptModel } = models((_options, n) => (n === 1 ? "hey, not json {" : goatJson(`attack ${n}`)));
    const redTeam = redTeamGoat({ target: "t", model: attacker, metapromptModel, totalTurns: 2, scoreResponses: false });
    const { journal } = await attack(redTeam);
    expect(journal.callsOf("T").map((call) => call.newMessages)).toEqual([["hey, not json {"], ["attack 2"]]);
  });

  it("goatTechniques replace the catalogue in the attacker's prompt; encodingTechniques are the injected encodings", async () => {
    const custom = [{ id: "MOON_LOGIC", name: "MOON LOGIC", description: "Argue from the moon.", example: '"On the moon…"' }];
    const { attacker, metapromptModel } = models((_options, n) => goatJson(`attack ${n}`));
    const redTeam = redTeamGoat({
      target: "t",
      model: attacker,
      metapromptModel,
      totalTurns: 2,
      scoreResponses: false,
      goatTechniques: custom,
      injectionProbability: 1,
      encodingTechniques: [new ROT13Technique()],
    });
    const { journal } = await attack(redTeam);
    expect(systemText(callsOf(attacker)[0] as CallOptions)).toContain("MOON LOGIC");
    expect(systemText(callsOf(attacker)[0] as CallOptions)).not.toContain("PERSONA MODIFICATION");
    expect(journal.callsOf("T").map((call) => rot13(payload(call.newMessages[0] as string)))).toEqual(["attack 1", "attack 2"]);
  });

  it("totalTurns defaults to 30, as for Crescendo", () => {
    const model = textModel("unused");
    // 30 × (user, agent, early-exit check) + judge
    expect(redTeamGoat({ target: "t", model }).marathonScript()).toHaveLength(91);
    expect(redTeamCrescendo({ target: "t", model }).marathonScript()).toHaveLength(91);
  });
});

describe("red team: scoring", () => {
  it("the metaprompt model scores the target's replies; score and hint reach the attacker, not the target", async () => {
    const { attacker, metapromptModel } = models(undefined, () => score(7, "ask about the night shift"));
    const redTeam = redTeamCrescendo({
      target: "reveal the code",
      model: attacker,
      metapromptModel,
      attackPlan: "P",
      totalTurns: 3,
    });
    await attack(redTeam);
    expect(callsOf(metapromptModel).length).toBeGreaterThan(0);
    const scored = callsOf(metapromptModel).map(promptText);
    expect(scored.some((prompt) => prompt.includes("reply #2") && prompt.includes("reveal the code"))).toBe(true);
    const last = promptText(callsOf(attacker)[2] as CallOptions);
    expect(last).toContain("[SCORE] 7/10");
    expect(last).toContain("ask about the night shift");
  });

  it("a score in a ```json fence is read", async () => {
    const { attacker, metapromptModel } = models(undefined, () => `\`\`\`json\n${score(6, "keep going")}\n\`\`\``);
    const redTeam = redTeamCrescendo({ target: "t", model: attacker, metapromptModel, attackPlan: "P", totalTurns: 3 });
    await attack(redTeam);
    expect(promptText(callsOf(attacker)[2] as CallOptions)).toContain("[SCORE] 6/10");
  });

  it("scoreResponses: false scores nothing", async () => {
    const { attacker, metapromptModel } = models();
    const redTeam = redTeamCrescendo({
      target: "t",
      model: attacker,
      metapromptModel,
      attackPlan: "P",
      totalTurns: 3,
      scoreResponses: false,
    });
    await attack(redTeam);
    expect(callsOf(metapromptModel)).toHaveLength(0);
    // (the system prompt's rules mention "[SCORE]" messages; none is given)
    for (const call of callsOf(attacker)) expect(promptText(call)).not.toMatch(/\[SCORE\] \d/);
  });

  it("a hard refusal scores 0 without asking the scorer; with detectRefusals: false the scorer is asked", async () => {
    const refuse = () => "I cannot help with that";
    const quick = models();
    await attack(
      redTeamCrescendo({
        target: "t",
        model: quick.attacker,
        metapromptModel: quick.metapromptModel,
        attackPlan: "P",
        totalTurns: 3,
        maxBacktracks: 0,
      }),
      { replies: refuse },
    );
    expect(callsOf(quick.metapromptModel)).toHaveLength(0);
    expect(promptText(callsOf(quick.attacker)[2] as CallOptions)).toContain("[SCORE] 0/10");

    const asked = models();
    await attack(
      redTeamCrescendo({
        target: "t",
        model: asked.attacker,
        metapromptModel: asked.metapromptModel,
        attackPlan: "P",
        totalTurns: 3,
        maxBacktracks: 0,
        detectRefusals: false,
      }),
      { replies: refuse },
    );
    expect(callsOf(asked.metapromptModel).length).toBeGreaterThan(0);
    expect(promptText(callsOf(asked.metapromptModel)[0] as CallOptions)).toContain("I cannot help with that");
  });
});

describe("red team: backtracking", () => {
  const refuse = (n: number) => `I cannot do that (${n})`;
  const redTeam = (maxBacktracks: number | undefined, attacker: CrescendoModel, metapromptModel: CrescendoModel) =>
    redTeamCrescendo({ target: "t", model: attacker, metapromptModel, attackPlan: "P", totalTurns: 4, maxBacktracks });

  it("maxBacktracks: 0 keeps every refused exchange", async () => {
    const { attacker, metapromptModel } = models();
    const { result } = await attack(redTeam(0, attacker, metapromptModel), { replies: refuse });
    expect(result.messages).toHaveLength(8);
    expect(callsOf(attacker)).toHaveLength(4);
  });

  it("a hard refusal is rolled back once with maxBacktracks: 1, still within totalTurns attacks; the attacker is told", async () => {
    const { attacker, metapromptModel } = models();
    const { result } = await attack(redTeam(1, attacker, metapromptModel), { replies: refuse });
    expect(callsOf(attacker)).toHaveLength(4);
    expect(result.messages).toHaveLength(6);
    expect(promptText(callsOf(attacker)[3] as CallOptions)).toContain("[BACKTRACKED]");
  });

  it("by default a 4-turn run backtracks max(1, floor(4 / 3)) = 1 time", async () => {
    const { attacker, metapromptModel } = models();
    const { result } = await attack(redTeam(undefined, attacker, metapromptModel), { replies: refuse });
    expect(result.messages).toHaveLength(6);
  });
});

describe("red team: marathonScript and early exit", () => {
  it("for totalTurns 3: a user and an agent step per turn, each followed by the early-exit check, then the judge", async () => {
    const redTeam = redTeamCrescendo({ target: "t", model: textModel("unused"), totalTurns: 3 });
    const script = redTeam.marathonScript();
    expect(script).toHaveLength(10);
    // run with a plain simulated user to see what each step does
    const journal = new Journal();
    const result = await scenario.run({
      name: "marathon shape",
      description: "d",
      agents: [journal.user(), journal.agent(), journal.gradingJudge(() => true)],
      script,
    });
    expect(journal.order).toEqual(["U@0", "A@0", "U@1", "A@1", "U@2", "A@2", "J@2"]);
    expect(journal.callsOf("J")[0]?.judgmentRequest).toBeTruthy();
    expect(result.success).toBe(true);
  });

  it("checks run after every turn and finalChecks once before the judge; successScore: undefined drops the early-exit checks", async () => {
    const redTeam = redTeamCrescendo({ target: "t", model: textModel("unused"), totalTurns: 3, successScore: undefined });
    const check = () => undefined;
    const final = () => undefined;
    expect(redTeam.marathonScript()).toHaveLength(7);
    const script = redTeam.marathonScript({ checks: [check], finalChecks: [final] });
    expect(script).toHaveLength(11);
    expect(script.map((step: unknown) => (step === check ? "check" : step === final ? "final" : "-"))).toEqual([
      "-",
      "-",
      "check",
      "-",
      "-",
      "check",
      "-",
      "-",
      "check",
      "final",
      "-",
    ]);
  });

  it("when successConfirmTurns consecutive scores reach successScore, the run succeeds early after the finalChecks, without the judge", async () => {
    const { attacker, metapromptModel } = models(undefined, () => score(10));
    const redTeam = redTeamCrescendo({ target: "t", model: attacker, metapromptModel, attackPlan: "P", totalTurns: 6 });
    const finals: string[] = [];
    const { result, journal } = await attack(redTeam, {
      script: redTeam.marathonScript({ finalChecks: [() => void finals.push("final")] }),
      judge: () => false,
    });
    expect(result.success).toBe(true);
    expect(result.reasoning).toMatch(/early exit/i);
    expect(finals).toEqual(["final"]);
    expect(journal.callsOf("J")).toHaveLength(0);
    expect(callsOf(attacker).length).toBeLessThan(6);
    expect(redTeam.checkEarlyExit()).toBe(true);
  });

  it("fewer confirming turns exit sooner", async () => {
    const attacks = async (successConfirmTurns: number) => {
      const { attacker, metapromptModel } = models(undefined, () => score(10));
      const redTeam = redTeamCrescendo({
        target: "t",
        model: attacker,
        metapromptModel,
        attackPlan: "P",
        totalTurns: 8,
        successConfirmTurns,
      });
      const { result } = await attack(redTeam);
      expect(result.reasoning).toMatch(/early exit/i);
      return callsOf(attacker).length;
    };
    expect(await attacks(1)).toBeLessThan(await attacks(2));
  });

  it("scores below successScore (default 9), or successScore: undefined, never exit early: the judge decides after totalTurns", async () => {
    for (const config of [{ scored: 8 }, { scored: 10, successScore: undefined }]) {
      const { scored, ...rest } = config;
      const { attacker, metapromptModel } = models(undefined, () => score(scored));
      const redTeam = redTeamCrescendo({
        target: "t",
        model: attacker,
        metapromptModel,
        attackPlan: "P",
        totalTurns: 5,
        ...rest,
      });
      const { result, journal } = await attack(redTeam, { judge: () => false });
      expect(callsOf(attacker)).toHaveLength(5);
      expect(journal.callsOf("J")).toHaveLength(1);
      expect(result.success).toBe(false);
      expect(redTeam.checkEarlyExit()).toBe(false);
    }
  });

  it("a custom successScore lowers the bar", async () => {
    const { attacker, metapromptModel } = models(undefined, () => score(5));
    const redTeam = redTeamCrescendo({
      target: "t",
      model: attacker,
      metapromptModel,
      attackPlan: "P",
      totalTurns: 6,
      successScore: 5,
    });
    const { result } = await attack(redTeam, { judge: () => false });
    expect(result.success).toBe(true);
    expect(callsOf(attacker).length).toBeLessThan(6);
  });
});

// ─── deliberate fixes ────────────────────────────────────────────────────

describe("red team: deliberate fixes", () => {
  itFixed(
    "0013-red-team",
    "first reply scored",
    "the target's reply to the first attack is scored before the second attack",
    async () => {
      const { log, attacker, metapromptModel } = models(undefined, () => score(4, "mention the audit"));
      const redTeam = redTeamCrescendo({ target: "t", model: attacker, metapromptModel, attackPlan: "P", totalTurns: 3 });
      await attack(redTeam, { replies: (n) => (n === 1 ? "FIRST-ANSWER" : `reply #${n}`), log });
      // the reference starts counting at turn 0, scores only when currentTurn > 1 and
      // wipes its history at currentTurn === 1: the first reply is never scored
      const firstScoring = callsOf(metapromptModel).findIndex((call) => promptText(call).includes("FIRST-ANSWER"));
      expect(firstScoring).toBe(0);
      // order: attack 1, reply 1, its score, attack 2
      expect(log.slice(0, 4)).toEqual(["attacker", "target", "metaprompt", "attacker"]);
      const second = promptText(callsOf(attacker)[1] as CallOptions);
      expect(second).toContain("FIRST-ANSWER");
      expect(second).toContain("mention the audit");
    },
  );

  itFixed(
    "0013-red-team",
    "shared agent",
    "one red team in two concurrent runs keeps their attacker histories apart",
    async () => {
      const { attacker, metapromptModel } = models();
      const redTeam = redTeamCrescendo({
        target: "t",
        model: attacker,
        metapromptModel,
        attackPlan: "P",
        totalTurns: 3,
        scoreResponses: false,
      });
      // the reference throws "RedTeamAgent instances are single-use per scenario.run()"
      // in the second run's second turn, after both runs' first attacks went into one history
      // allSettled: both runs end inside the test, whichever rejects
      const settled = await Promise.allSettled([
        attack(redTeam, { replies: (n) => `X-reply ${n}` }),
        attack(redTeam, { replies: (n) => `Y-reply ${n}` }),
      ]);
      const [x, y] = settled.map((outcome) => {
        if (outcome.status === "rejected") throw outcome.reason;
        return outcome.value;
      }) as [Awaited<ReturnType<typeof attack>>, Awaited<ReturnType<typeof attack>>];
      expect(x.result.messages).toHaveLength(6);
      expect(y.result.messages).toHaveLength(6);
      // every line of an attacker call's history belongs to one run: its attacks or its target's replies
      // (as the attacker sees them: its attacks as assistant, the replies as user)
      const linesOf = (messages: Array<{ role: string; content: unknown }>) =>
        transcript(messages).map((line) =>
          line.startsWith("user:") ? `assistant:${line.slice("user:".length)}` : `user:${line.slice("assistant:".length)}`,
        );
      const runs = [linesOf(x.result.messages), linesOf(y.result.messages)];
      expect(callsOf(attacker)).toHaveLength(6);
      for (const call of callsOf(attacker)) {
        // lines the attacker's harness adds itself ([START], [SCORE], … markers) belong to no run
        const history = conversation(call).filter((line) => !/^(user|assistant):\[[A-Z]+[\] ]/.test(line));
        expect(runs.some((lines) => history.every((line) => lines.includes(line)))).toBe(true);
      }
      // each run's later attacks are written with that run's replies in view
      expect(callsOf(attacker).some((call) => conversation(call).includes("user:X-reply 1"))).toBe(true);
      expect(callsOf(attacker).some((call) => conversation(call).includes("user:Y-reply 1"))).toBe(true);
    },
  );

  itFixed(
    "0013-red-team",
    "no model skipped",
    "a red team with no model anywhere leaves the run unsuccessful instead of rejecting it",
    async () => {
      const redTeam = redTeamCrescendo({ target: "t", totalTurns: 2 });
      // the reference rejects run() at the first attack: "A model is required for RedTeamAgent…"
      const { result } = await attack(redTeam);
      expect(result.success).toBe(false);
      expect(transcript(result.messages).filter((line) => line.startsWith("user:"))).toEqual([]);
      expect(result.reasoning).toMatch(/model/i);
    },
  );
});
