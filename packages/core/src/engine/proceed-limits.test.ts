import { describe, expect, it } from "vitest";
import type { Agent } from "../domain/agent.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { proceed } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";

// What a run's time limits and failures do to the automatic loop (`proceed()`, the default script):
// the contract any rewrite of the turn loop must keep (decision 0022, "Concurrent runs").

const echo: Agent = { name: "Echo", role: AgentRole.AGENT, call: async () => "echo" };
const user: Agent = { name: "User", role: AgentRole.USER, call: async () => "hello" };

async function only(scenario: ScenarioConfig) {
  const batch = await isolated().runMany([scenario]);
  return batch.results[0];
}

describe("the automatic loop under time limits and failures", () => {
  it("ends at the scenario limit while the judge, asked for its verdict at max turns, never answers", async () => {
    const judge: Agent = {
      name: "StuckJudge",
      role: AgentRole.JUDGE,
      call: (input) => (input.judgmentRequest ? new Promise(() => {}) : Promise.resolve(null)),
    };
    const result = await only({
      name: "stuck at max turns",
      description: "the forced verdict never comes",
      agents: [user, echo, judge],
      maxTurns: 1,
      timeouts: { scenarioMs: 120 },
    });
    expect(result?.status).toBe("error");
    expect(result?.errorCode).toBe("scenario_timeout");
    expect(result?.reasoning).toContain("did not finish within 120 ms");
  });

  it("ends at the call limit when the agent under test never answers (default script)", async () => {
    const result = await only({
      name: "hanging agent",
      description: "no answer",
      agents: [user, { name: "Hanging", role: AgentRole.AGENT, call: () => new Promise(() => {}) }],
      timeouts: { agentCallMs: 80 },
    });
    expect(result?.errorCode).toBe("agent_timeout");
    expect(result?.reasoning).toContain("[Hanging] did not answer within 80 ms");
  });

  it("turns a synchronous throw in an onTurn callback into the run's error", async () => {
    const result = await only({
      name: "throwing callback",
      description: "onTurn throws",
      agents: [user, echo],
      script: [
        proceed(2, () => {
          throw new Error("callback broke");
        }),
      ],
    });
    expect(result?.status).toBe("error");
    expect(result?.reasoning).toContain("callback broke");
  });

  it("stops after the asked number of turns, with onTurn run when a turn opens and onStep after each step", async () => {
    const seen: string[] = [];
    const result = await only({
      name: "two turns",
      description: "proceed(2) with callbacks",
      agents: [user, echo],
      script: [
        proceed(
          2,
          async (state) => {
            seen.push(`turn ${state.currentTurn}`);
          },
          (state) => {
            seen.push(`step ${state.messages.length}`);
          },
        ),
      ],
    });
    // the first turn is open when the loop starts: onTurn runs for the second
    expect(seen).toEqual(["step 1", "step 2", "turn 1", "step 3", "step 4"]);
    expect(result?.messages).toHaveLength(4);
  });
});
