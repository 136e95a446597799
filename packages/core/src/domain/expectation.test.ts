import { describe, expect, it } from "vitest";
import { createRehearse } from "../runner/rehearse.js";
import { fail, succeed } from "../script/steps.js";
import { expectationOf } from "./expectation.js";
import { AgentRole } from "./roles.js";

describe("expectationOf", () => {
  it("is as expected only when the status is the declared one; error never is; skipped is undecided", () => {
    expect(expectationOf("fail", "fail").outcome).toBe("as_expected");
    expect(expectationOf("fail", "pass")).toEqual({
      expected: "fail",
      outcome: "unexpected",
      message: "expected to fail (a known flaw) but passed",
    });
    expect(expectationOf("fail", "error").outcome).toBe("unexpected");
    expect(expectationOf("pass", "fail").message).toBe("expected to pass but failed");
    expect(expectationOf("pass", "skipped").outcome).toBe("undecided");
  });
});

describe("expect on scenarios and runs", () => {
  const agent = { role: AgentRole.AGENT, call: async () => "ok" };
  const scenario = (name: string, ending: "pass" | "fail", declared?: "pass" | "fail") => ({
    name,
    description: name,
    agents: [agent],
    script: [ending === "pass" ? succeed() : fail()],
    ...(declared ? { expect: declared } : {}),
  });

  it("runMany counts runs by expectation and marks results that declared one", async () => {
    const batch = await createRehearse({ configFile: false, env: {} }).runMany([
      scenario("known flaw", "fail", "fail"),
      scenario("flaw fixed", "pass", "fail"),
      scenario("plain", "pass"),
    ]);
    expect(batch.expectations).toEqual({ as_expected: 2, unexpected: 1, undecided: 0 });
    expect(batch.results.map((result) => result.expectation?.outcome)).toEqual(["as_expected", "unexpected", undefined]);
  });

  it("a run option overrides the scenario's expect", async () => {
    const result = await createRehearse({ configFile: false, env: {} }).run(scenario("x", "fail", "pass"), { expect: "fail" });
    expect(result.expectation?.outcome).toBe("as_expected");
  });
});
