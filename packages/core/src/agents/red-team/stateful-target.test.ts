import { describe, expect, it } from "vitest";
import type { AgentInput } from "../../domain/agent.js";
import { AgentRole } from "../../domain/roles.js";
import { agent, succeed, user } from "../../script/steps.js";
import { isolated } from "../../test-support/harness.js";
import { scriptedModel } from "../../testing/mock-models.js";
import type { RedTeamReport } from "./attack-report.js";
import { redTeamCrescendo } from "./red-team-agent.js";
import { redTeamTap } from "./tap/tap-attack.js";

const silent = { error() {}, warn() {}, info() {}, debug() {}, transcript() {} };

/** A target that refuses and, like a server-side session, keeps the conversation itself. */
const sessionTarget = () => ({
  role: AgentRole.AGENT,
  keepsHistory: true,
  call: async (_input: AgentInput) => "I cannot help with that.",
});

describe("a target that keeps its own history", () => {
  it("is detected: backtracking is disabled and the report says so", async () => {
    const redTeam = redTeamCrescendo({
      target: "t",
      model: scriptedModel(["one", "two", "three"]),
      attackPlan: "p",
      totalTurns: 3,
      scoreResponses: false,
      successScore: null,
    });
    const result = await isolated({ logger: silent }).run({
      name: "session",
      description: "d",
      agents: [sessionTarget(), redTeam],
      script: [user(), agent(), user(), agent(), user(), agent(), succeed()],
    });
    expect(result.messages).toHaveLength(6); // hard refusals kept: nothing rolled back
    const report = result.reports?.RedTeamAgent as RedTeamReport | undefined;
    expect(report?.backtracks).toEqual([]);
    expect(report?.notes.join("\n")).toMatch(/keeps its own history.*backtracking is disabled/);
  });

  it("is refused by TAP with a clear error, before any model call", async () => {
    const model = scriptedModel([]);
    const tap = redTeamTap({ target: "t", model });
    const batch = await isolated({ logger: silent }).runMany([
      { name: "tap", description: "d", agents: [sessionTarget()], script: [tap.step(), succeed()] },
    ]);
    expect(batch.results[0]).toMatchObject({ status: "error" });
    expect(batch.results[0]?.error).toMatch(/TAP needs a stateless target/);
    expect(model.doGenerateCalls).toHaveLength(0);
  });
});
