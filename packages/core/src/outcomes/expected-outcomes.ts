import { countNoun } from "../domain/count-noun.js";
import type { ExpectedOutcomes, OutcomeCheck } from "../domain/declarative.js";
import { deepEqual, evaluateAssertion } from "../environment/assertion.js";

/** What outcome checks read at the end of a run. */
export interface OutcomeSources {
  readonly totalEvents: number;
  readonly eventsByType: Readonly<Record<string, number>>;
  readonly state: Readonly<Record<string, unknown>>;
  readonly variables: Readonly<Record<string, unknown>>;
}

/**
 * An end-state check's path as an assertion path: paths are relative to the
 * state, so `refunds` reads `state.refunds`; one that already starts with the
 * `state` segment (`state`, `state.x`, `state[0]`) is taken as it is.
 */
export function endStatePath(path: string): string {
  return /^state(?:$|[.[])/.test(path) ? path : `state.${path}`;
}

/**
 * The checks of `expected_outcomes` (U-OR-13): one per key present —
 * `min_events`, one `required_event` and one `forbidden_event` per listed
 * type, one `state` check per end-state assertion (whole-state equality or a
 * path assertion over `state.…`). Pure: the same sources give the same checks.
 *
 * @example
 * outcomeChecks({ min_events: 3, forbidden_events: ["pii_leak"] }, { totalEvents: 5, eventsByType: {}, state: {}, variables: {} });
 */
export function outcomeChecks(expected: ExpectedOutcomes | undefined, sources: OutcomeSources): OutcomeCheck[] {
  if (!expected) return [];
  const checks: OutcomeCheck[] = [];
  if (expected.min_events !== undefined) {
    const passed = sources.totalEvents >= expected.min_events;
    checks.push({
      name: "min_events",
      target: "events",
      expected: expected.min_events,
      actual: sources.totalEvents,
      passed,
      message: `at least ${countNoun(expected.min_events, "event")} (actual ${sources.totalEvents})`,
    });
  }
  for (const type of expected.required_events ?? []) {
    const count = sources.eventsByType[type] ?? 0;
    checks.push({
      name: "required_event",
      target: type,
      expected: "≥ 1",
      actual: count,
      passed: count > 0,
      message: `required event ${type} ${count > 0 ? `occurred ${count}×` : "never occurred"}`,
    });
  }
  for (const type of expected.forbidden_events ?? []) {
    const count = sources.eventsByType[type] ?? 0;
    checks.push({
      name: "forbidden_event",
      target: type,
      expected: 0,
      actual: count,
      passed: count === 0,
      message: `forbidden event ${type} ${count === 0 ? "did not occur" : `occurred ${count}×`}`,
    });
  }
  for (const [index, assertion] of (expected.state ?? []).entries()) {
    if ("equals" in assertion) {
      const passed = deepEqual(sources.state, assertion.equals);
      checks.push({
        name: "state",
        target: "state",
        expected: assertion.equals,
        actual: sources.state,
        passed,
        message: passed
          ? "end state equals the expected state"
          : `end state differs from the expected state: ${firstDifference(assertion.equals, sources.state)}`,
      });
      continue;
    }
    const path = endStatePath(assertion.path);
    const result = evaluateAssertion(
      {
        path,
        operator: assertion.operator,
        value: assertion.value,
        ...(assertion.message ? { message: assertion.message } : {}),
      },
      { state: sources.state, variables: sources.variables, events: [], last_response: undefined },
      { source: "expected_outcomes", field: `expected_outcomes.state[${index}]` },
    );
    checks.push({
      name: "state",
      target: path,
      expected: result.expected,
      actual: result.actual,
      passed: result.passed,
      message: `end state: ${result.description}`,
    });
  }
  return checks;
}

/** The first path where `actual` differs from `expected`, for a readable failure. */
export function firstDifference(expected: unknown, actual: unknown, path = "state"): string {
  if (deepEqual(expected, actual)) return "";
  const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;
  if (isObject(expected) && isObject(actual) && Array.isArray(expected) === Array.isArray(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of keys) {
      const child = Array.isArray(expected) ? `${path}[${key}]` : `${path}.${key}`;
      if (!deepEqual(expected[key], actual[key])) return firstDifference(expected[key], actual[key], child);
    }
  }
  return `${path} is ${JSON.stringify(actual) ?? "missing"}, expected ${JSON.stringify(expected) ?? "missing"}`;
}
