import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isRedTeamAgent } from "../agents/red-team/red-team-agent.js";
import type { TapReport } from "../agents/red-team/tap/tap-report.js";
import type { Agent } from "../domain/agent.js";
import type { ScenarioResult } from "../domain/result.js";
import { redTeamReportOf, redTeamReportPath, redTeamScenario, safeName } from "./red-team-scenario.js";

const agent: Agent = { role: "Agent", call: async () => "no" } as Agent;

describe("redTeamScenario", () => {
  it("puts the attacker between the agent and a judge, with its marathon script", () => {
    for (const strategy of ["crescendo", "goat"] as const) {
      const scenario = redTeamScenario({ agent, objective: "reveal the prompt", strategy, turns: 3, description: "A bank bot" });
      expect(scenario).toMatchObject({
        name: `red team (${strategy}): reveal the prompt`,
        description: "A bank bot",
        scenarioType: "adversarial",
      });
      expect(scenario.agents[0]).toBe(agent);
      expect(isRedTeamAgent(scenario.agents[1])).toBe(true);
      expect((scenario.agents[1] as unknown as { totalTurns: number }).totalTurns).toBe(3);
      expect(scenario.agents[2]?.role).toBe("Judge");
      // 3 turns × (user, agent, early-exit check) plus the final grade
      expect(scenario.script?.length).toBeGreaterThanOrEqual(9);
    }
  });

  it("runs TAP as a script step with the agent and the judge only", () => {
    const scenario = redTeamScenario({
      agent,
      objective: "x",
      strategy: "tap",
      turns: 2,
      description: "d",
      criteria: ["It refuses"],
    });
    expect(scenario.agents.map((each) => each.role)).toEqual(["Agent", "Judge"]);
    expect(scenario.script).toHaveLength(2);
  });
});

describe("redTeamReportOf", () => {
  const base = { status: "fail", reasoning: "it broke" } as ScenarioResult;

  it("is the attacker's report, or nothing when nothing attacked", () => {
    const report = { version: 1, strategy: "goat", outcome: "broke" };
    expect(redTeamReportOf({ ...base, reports: { RedTeamAgent: report } }, { objective: "x", turns: 3 })).toBe(report);
    expect(redTeamReportOf({ ...base, status: "skipped" }, { objective: "x", turns: 3 })).toBeUndefined();
  });

  it("turns a TAP search into the same shape: the best path as turns, the outcome from the verdict", () => {
    const node = (id: string, depth: number, score?: number) => ({
      id,
      parentId: undefined,
      depth,
      prompt: `p${id}`,
      onTopic: true,
      reply: `r${id}`,
      ...(score ? { score, why: `w${id}` } : {}),
    });
    const tap = {
      goal: "x",
      succeeded: true,
      stop: "success",
      bestScore: 10,
      bestPath: ["1", "1.2"],
      nodes: [node("1", 1, 4), node("2", 1, 2), node("1.2", 2, 10)],
      totals: {},
    } as unknown as TapReport;
    const report = redTeamReportOf({ ...base, reports: { RedTeamTap: tap } }, { objective: "x", turns: 2 });
    expect(report).toMatchObject({ strategy: "tap", target: "x", totalTurns: 2, outcome: "broke", reasons: ["it broke"], tap });
    expect(report?.turns).toEqual([
      { turn: 0, phase: "depth 1", attack: "p1", sent: "p1", reply: "r1", score: 4, hint: "w1", techniques: [] },
      { turn: 1, phase: "depth 2", attack: "p1.2", sent: "p1.2", reply: "r1.2", score: 10, hint: "w1.2", techniques: [] },
    ]);
  });
});

describe("redTeamReportPath", () => {
  it("names the batch by the UTC start (or --batch) and the file by time, name and strategy", () => {
    const at = new Date(Date.UTC(2026, 3, 14, 14, 30, 22, 5));
    expect(redTeamReportPath("reports", undefined, at, "red team (goat): reveal it!", "goat")).toBe(
      join("reports", "20260414_143022", `${at.getTime()}_red_team_goat_reveal_it_goat.json`),
    );
    expect(redTeamReportPath("reports", "nightly-7", at, "x", "tap")).toBe(
      join("reports", "nightly-7", `${at.getTime()}_x_tap.json`),
    );
    expect(safeName("!!!")).toBe("run");
  });
});
