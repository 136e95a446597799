import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { type AssertionSpec, deepEqual, evaluateAssertion } from "./assertion.js";

const sources = {
  variables: {
    ticket_count: 2,
    tags: ["vip", { kind: "refund", id: 7 }],
    name: "Ada",
    profile: { plan: "pro", gone: undefined },
  },
  state: { orders: [{ status: "pending", total: 10 }, { status: "refunded" }] },
  events: [{ type: "user_input" }, { type: "action_request", params: { b: 1, a: [1, 2] } }],
  last_response: "Your refund REF-123 is on its way",
};

function run(spec: AssertionSpec) {
  const result = evaluateAssertion(spec, sources);
  return { passed: result.passed, description: result.description };
}

function configError(spec: unknown): ConfigError {
  try {
    evaluateAssertion(spec as AssertionSpec, sources, { source: "scenario.yaml", field: "script[3]" });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("evaluateAssertion", () => {
  it.each<[AssertionSpec, boolean, string]>([
    [
      { path: "state.orders[0].status", operator: "equals", value: "refunded" },
      false,
      'state.orders[0].status equals "refunded" (actual "pending")',
    ],
    [
      { path: "state.orders[-1].status", operator: "equals", value: "refunded" },
      true,
      'state.orders[-1].status equals "refunded" (actual "refunded")',
    ],
    [
      { path: "events[1].params", operator: "equals", value: { a: [1, 2], b: 1 } },
      true,
      'events[1].params equals {"a":[1,2],"b":1} (actual {"b":1,"a":[1,2]})',
    ],
    [
      { path: "events[1].params", operator: "equals", value: { a: [2, 1], b: 1 } },
      false,
      'events[1].params equals {"a":[2,1],"b":1} (actual {"b":1,"a":[1,2]})',
    ],
    [
      { path: "variables.ticket_count", operator: "not_equals", value: 3 },
      true,
      "variables.ticket_count not_equals 3 (actual 2)",
    ],
    [
      { path: "variables.ticket_count", operator: "not_equals", value: 2 },
      false,
      "variables.ticket_count not_equals 2 (actual 2)",
    ],
    [
      { path: "last_response", operator: "contains", value: "refund" },
      true,
      'last_response contains "refund" (actual "Your refund REF-123 is on its way")',
    ],
    [
      { path: "last_response", operator: "contains", value: "sorry" },
      false,
      'last_response contains "sorry" (actual "Your refund REF-123 is on its way")',
    ],
    [
      { path: "last_response", operator: "contains", value: 3 },
      false,
      'last_response contains 3 (actual "Your refund REF-123 is on its way", a string only contains strings)',
    ],
    [
      { path: "variables.tags", operator: "contains", value: { id: 7, kind: "refund" } },
      true,
      'variables.tags contains {"id":7,"kind":"refund"} (actual ["vip",{"kind":"refund","id":7}])',
    ],
    [
      { path: "variables.tags", operator: "contains", value: "vipp" },
      false,
      'variables.tags contains "vipp" (actual ["vip",{"kind":"refund","id":7}])',
    ],
    [
      { path: "variables.profile", operator: "contains", value: "plan" },
      true,
      'variables.profile contains "plan" (actual {"plan":"pro"})',
    ],
    [
      { path: "variables.profile", operator: "contains", value: "gone" },
      false,
      'variables.profile contains "gone" (actual {"plan":"pro"})',
    ],
    [
      { path: "variables.ticket_count", operator: "contains", value: 2 },
      false,
      "variables.ticket_count contains 2 (actual 2, not a string, array or object)",
    ],
    [
      { path: "last_response", operator: "matches", value: "REF-\\d+" },
      true,
      'last_response matches "REF-\\\\d+" (actual "Your refund REF-123 is on its way")',
    ],
    [
      { path: "last_response", operator: "matches", value: "^REF" },
      false,
      'last_response matches "^REF" (actual "Your refund REF-123 is on its way")',
    ],
    [
      { path: "variables.ticket_count", operator: "matches", value: "2" },
      false,
      'variables.ticket_count matches "2" (actual 2, not a string)',
    ],
    [
      { path: "variables.ticket_count", operator: "greater_than", value: 1 },
      true,
      "variables.ticket_count greater_than 1 (actual 2)",
    ],
    [
      { path: "variables.ticket_count", operator: "greater_than", value: 2 },
      false,
      "variables.ticket_count greater_than 2 (actual 2)",
    ],
    [{ path: "variables.ticket_count", operator: "less_than", value: 3 }, true, "variables.ticket_count less_than 3 (actual 2)"],
    [{ path: "variables.ticket_count", operator: "less_than", value: 2 }, false, "variables.ticket_count less_than 2 (actual 2)"],
    [
      { path: "variables.name", operator: "less_than", value: 2 },
      false,
      'variables.name less_than 2 (actual "Ada", not a number)',
    ],
    [{ path: "events.length", operator: "greater_than", value: 1 }, true, "events.length greater_than 1 (actual 2)"],
    [{ path: "variables.name", operator: "exists" }, true, 'variables.name exists (actual "Ada")'],
    [{ path: "variables.missing", operator: "exists" }, false, "variables.missing exists (actual missing)"],
    [{ path: "variables.profile.gone", operator: "exists" }, false, "variables.profile.gone exists (actual undefined)"],
    [{ path: "variables.missing", operator: "exists", value: false }, true, "variables.missing does not exist (actual missing)"],
    [{ path: "variables.name", operator: "exists", value: false }, false, 'variables.name does not exist (actual "Ada")'],
    [{ path: "variables.missing", operator: "not_equals", value: 1 }, false, "variables.missing not_equals 1 (actual missing)"],
    [
      { path: "state.orders[5].status", operator: "equals", value: "x" },
      false,
      'state.orders[5].status equals "x" (actual missing)',
    ],
  ])("%j → passed %s", (spec, passed, description) => {
    expect(run(spec)).toEqual({ passed, description });
  });

  it("returns actual and expected values and prefixes the message", () => {
    const result = evaluateAssertion(
      { path: "state.orders[0]", operator: "equals", value: { status: "pending" }, message: "order untouched" },
      sources,
    );
    expect(result).toEqual({
      passed: false,
      actual: { status: "pending", total: 10 },
      expected: { status: "pending" },
      description: 'order untouched: state.orders[0] equals {"status":"pending"} (actual {"status":"pending","total":10})',
    });
    expect(evaluateAssertion({ path: "variables.name", operator: "exists" }, sources).expected).toBe(true);
  });

  it("shortens long values in descriptions", () => {
    const long = { ...sources, last_response: "x".repeat(500) };
    const { description } = evaluateAssertion({ path: "last_response", operator: "equals", value: "y" }, long);
    expect(description).toBe(`last_response equals "y" (actual "${"x".repeat(198)}…)`);
  });

  it("rejects bad specs with ConfigErrors naming the field", () => {
    const unknown = configError({ path: "variables.a", operator: "equal", value: 1 });
    expect(unknown.message).toBe(
      'assertion: `script[3].operator` must be one of equals, not_equals, contains, matches, greater_than, less_than, exists, got "equal" (did you mean "equals"?)',
    );
    expect(unknown.path).toBe("script[3].operator");
    expect(unknown.source).toBe("scenario.yaml");
    expect(configError({ path: "variables.a", operator: "greaterThan", value: 1 }).message).toContain(
      '(did you mean "greater_than"?)',
    );
    expect(configError({ path: "variables.a", operator: "banana", value: 1 }).message).not.toContain("did you mean");
    expect(configError({ path: "variable.a", operator: "exists" }).message).toBe(
      'assertion: `script[3].path` must start with variables, state, events, last_response, got "variable" (did you mean "variables"?)',
    );
    expect(configError({ path: "variables..a", operator: "exists" }).path).toBe("script[3].path");
    expect(configError({ path: "variables.a", operator: "equals" }).message).toBe(
      "assertion: `script[3].value` missing: equals needs a value to compare with",
    );
    expect(configError({ path: "variables.a", operator: "matches", value: "(" }).message).toMatch(
      /^assertion: `script\[3\]\.value` is not a valid regular expression: /,
    );
    expect(configError({ path: "variables.a", operator: "matches", value: 1 }).message).toContain(
      "must be a regular expression string",
    );
    expect(configError({ path: "variables.a", operator: "less_than", value: "3" }).message).toBe(
      'assertion: `script[3].value` must be a number for less_than, got "3"',
    );
    expect(configError({ path: "variables.a", operator: "exists", value: "yes" }).message).toContain("must be true or false");
  });
});

describe("deepEqual", () => {
  it("ignores key order and undefined keys, respects array order and types", () => {
    expect(deepEqual({ a: 1, b: { c: [1, { d: 2, e: 3 }] } }, { b: { c: [1, { e: 3, d: 2 }] }, a: 1 })).toBe(true);
    expect(deepEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(deepEqual([1, 2], [2, 1])).toBe(false);
    expect(deepEqual({ 0: "a" }, ["a"])).toBe(false);
    expect(deepEqual(1, "1")).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(deepEqual(new Date("2024-01-01T00:00:00Z"), "2024-01-01T00:00:00.000Z")).toBe(true);
  });
});
