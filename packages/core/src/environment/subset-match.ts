import { deepEqual } from "./assertion.js";

/**
 * True when `actual` contains `expected`: objects match when every key of
 * `expected` matches in `actual` (extra keys are fine), arrays match element
 * by element with the same length, everything else by JSON equality. How
 * `expected_result` and `agent_action` params are compared.
 *
 * @example
 * matchesSubset({ count: 5 }, { count: 5, rows: [] }); // true
 */
export function matchesSubset(expected: unknown, actual: unknown): boolean {
  if (Array.isArray(expected)) {
    return (
      Array.isArray(actual) &&
      actual.length === expected.length &&
      expected.every((element, index) => matchesSubset(element, actual[index]))
    );
  }
  if (typeof expected === "object" && expected !== null) {
    if (typeof actual !== "object" || actual === null || Array.isArray(actual)) return false;
    return Object.entries(expected).every(
      ([key, value]) => Object.hasOwn(actual, key) && matchesSubset(value, (actual as Record<string, unknown>)[key]),
    );
  }
  return deepEqual(expected, actual);
}
