import { describe, expect, it } from "vitest";
import { endStatePath, outcomeChecks } from "./expected-outcomes.js";

const sources = (state: Record<string, unknown>) => ({ totalEvents: 0, eventsByType: {}, state, variables: {} });

describe("end-state path checks", () => {
  it("read a top-level key whose name starts with 'state' under the state, like any other key", () => {
    const [check] = outcomeChecks({ state: [{ path: "statements", operator: "equals", value: 3 }] }, sources({ statements: 3 }));
    expect(check).toMatchObject({ target: "state.statements", passed: true, actual: 3 });
  });

  it("take a path that already names the state as it is", () => {
    expect(endStatePath("state.refunds[0]")).toBe("state.refunds[0]");
    expect(endStatePath("state")).toBe("state");
    expect(endStatePath('state["a.b"]')).toBe('state["a.b"]');
    expect(endStatePath("refunds")).toBe("state.refunds");
    expect(endStatePath("stateful.flag")).toBe("state.stateful.flag");
  });
});
