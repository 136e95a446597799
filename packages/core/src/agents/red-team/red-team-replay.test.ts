import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { succeed } from "../../script/steps.js";
import { isolated } from "../../test-support/harness.js";
import { MockLanguageModelV3, textResult } from "../../testing/mock-models.js";
import { echoAgent } from "../../testing/scripted-agents.js";
import { redTeamCrescendo } from "./red-team-agent.js";

const silent = { error() {}, warn() {}, info() {}, debug() {}, transcript() {} };
const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

/** Same provider and model id in every phase, so cassette keys match; `live` false makes any call throw. */
function model(id: string, live: boolean, answer: () => string) {
  let calls = 0;
  const instance = new MockLanguageModelV3({
    provider: "test",
    modelId: id,
    doGenerate: async () => {
      calls++;
      if (!live) throw new Error(`${id} called during replay`);
      return textResult(answer());
    },
  });
  return { instance, calls: () => calls };
}

function scenarios(live: boolean) {
  const metaprompt = model("metaprompt", live, () => "THE PLAN");
  let attack = 0;
  const attacker = model("attacker", live, () => `attack ${attack++}`);
  const redTeam = redTeamCrescendo({
    target: "get a discount",
    model: attacker.instance,
    metapromptModel: metaprompt.instance,
    totalTurns: 2,
    scoreResponses: false,
    successScore: null,
  });
  const scenario = (name: string) => ({
    name,
    description: "A shop bot.",
    agents: [echoAgent(), redTeam],
    script: [...redTeam.marathonScript().slice(0, 4), succeed()],
  });
  return { metaprompt, attacker, scenario };
}

describe("red-team attack plans and cassettes", () => {
  it("a run that reused another run's plan still replays alone, in a fresh context, with no model call", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "rehearse-red-team-"));
    directories.push(cwd);
    const recording = scenarios(true);
    const recorder = isolated({ cwd, logger: silent, config: { cassette: { mode: "record" } } });
    await recorder.run(recording.scenario("first"));
    const recorded = await recorder.run(recording.scenario("second"));
    expect(recording.metaprompt.calls()).toBe(1); // the second run reused the plan in memory

    const replaying = scenarios(false);
    const replayer = isolated({ cwd, logger: silent, config: { cassette: { mode: "replay" } } });
    const replayed = await replayer.run(replaying.scenario("second"));
    expect(replayed.status).toBe("pass");
    expect(replayed.messages).toEqual(recorded.messages);
    expect(replaying.metaprompt.calls() + replaying.attacker.calls()).toBe(0);
  });
});
