import { describe, expect, it } from "vitest";
import { judgeAgent } from "../agents/judge/judge-agent.js";
import { agent, fail, judge, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { echoAgent, scriptedJudge, verdict } from "../testing/scripted-agents.js";
import { toPass } from "./matchers.js";
import { RehearseSummaryReporter } from "./summary-reporter.js";

expect.extend({ toPass });

/** The message of the assertion error `assertion` throws ("" when it does not). */
function failureMessage(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return (error as Error).message;
  }
  return "";
}

describe("expect(result).toPass()", () => {
  it("passes for a passing scenario", async () => {
    const result = await isolated().run({ name: "ok", description: "d", agents: [echoAgent()], script: [succeed()] });
    expect(result).toPass();
  });

  it("fails with status, reasoning, unmet criteria and the transcript tail", async () => {
    const result = await isolated().run({
      name: "rude agent",
      description: "d",
      agents: [echoAgent(), scriptedJudge([verdict(false, ["answers"], ["is polite"], "The agent was curt.")])],
      script: [user("hello there"), agent(), judge()],
    });
    let message = "";
    try {
      expect(result).toPass();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('expected scenario "rude-agent" to pass');
    expect(message).toContain("status: fail");
    expect(message).toContain("reasoning: The agent was curt.");
    expect(message).toContain("  - is polite");
    expect(message).toContain("  user: hello there");
    expect(message).toContain("  assistant: You said: hello there");
  });

  it("fails for a skipped run, saying nothing was tested and why, unless allowSkipped", async () => {
    const result = await isolated().run({
      name: "needs a model",
      description: "d",
      agents: [echoAgent(), judgeAgent({ criteria: ["is polite"] })],
      script: [user("hello there"), agent(), judge()],
    });
    expect(result.status).toBe("skipped");
    const message = failureMessage(() => expect(result).toPass());
    expect(message).toContain('expected scenario "needs-a-model" to pass, but it was skipped: nothing was tested');
    expect(message).toContain("toPass({ allowSkipped: true }) accepts a skip");
    expect(message).toMatch(/reasoning: .*no model/);
    expect(result).toPass({ allowSkipped: true });
    expect(failureMessage(() => expect(result).not.toPass({ allowSkipped: true }))).toContain("was skipped (allowSkipped)");
  });

  it("never prints an empty transcript block: a run with no message says so in one line", async () => {
    const result = await isolated().run({ name: "silent", description: "d", agents: [echoAgent()], script: [fail("no")] });
    expect(result.messages).toEqual([]);
    const message = failureMessage(() => expect(result).toPass());
    expect(message).toContain("transcript: none (no message was exchanged)");
    expect(message).not.toContain("transcript (tail):");
  });

  it("records outcomes for the summary reporter, which prints non-passing ones", () => {
    const written: string[] = [];
    const reporter = new RehearseSummaryReporter((text) => written.push(text));
    reporter.onTestCaseResult({
      meta: () => ({
        rehearse: [
          { name: "a", status: "pass", reasoning: "", unmetCriteria: [], seed: 1 },
          { name: "b", status: "fail", reasoning: "too slow\nmore", unmetCriteria: ["fast"], seed: 2 },
        ],
      }),
    });
    reporter.onTestRunEnd();
    expect(written.join("")).toContain("Rehearse: 2 scenarios — 1 pass, 1 fail, 0 error, 0 skipped");
    expect(written.join("")).toContain("FAIL b (seed 2): too slow");
    expect(written.join("")).toContain("unmet: fast");
  });
});
