import { type AssertionOperator, assertionOperators } from "../domain/assertion-operators.js";
import { ConfigError } from "../domain/errors.js";
import { type PathSegment, parsePath, readPath } from "./dotted-path.js";

export { type AssertionOperator, assertionOperators } from "../domain/assertion-operators.js";

/** Where an assertion path may start. */
export const assertionSources = ["variables", "state", "events", "last_response"] as const;

/** What an assertion reads: its path's first segment picks one of these. */
export type AssertionSources = Record<(typeof assertionSources)[number], unknown>;

/** A check of the engine context, e.g. `{ path: "variables.ticket_count", operator: "equals", value: 1 }`. */
export interface AssertionSpec {
  /** Dotted path whose first segment is `variables`, `state`, `events` or `last_response`. */
  readonly path: string;
  readonly operator: AssertionOperator;
  /**
   * Expected value. Required except for `exists`, where it is an optional boolean
   * (default true; `false` asserts the path is missing).
   */
  readonly value?: unknown;
  /** Prefixed to the description, to say why the check matters. */
  readonly message?: string;
}

/** Outcome of one assertion; a failure is a result, never a throw. */
export interface AssertionResult {
  readonly passed: boolean;
  /** Value found at the path, `undefined` when missing. */
  readonly actual: unknown;
  readonly expected: unknown;
  /** E.g. `state.orders[0].status equals "refunded" (actual "pending")`. */
  readonly description: string;
}

/** Where a spec came from, for its `ConfigError`s. */
export interface AssertionOptions {
  /** Config source named in errors. Default: `"evaluateAssertion()"`. */
  readonly source?: string;
  /** Dotted path of the assertion in its file, prefixed to field names in errors. */
  readonly field?: string;
}

/** A validated spec with its parsed path (and compiled regex for `matches`). */
export interface CheckedSpec {
  readonly spec: AssertionSpec;
  readonly segments: PathSegment[];
  readonly pattern?: RegExp;
}

/**
 * Checks one assertion against the engine context. A missing path fails every
 * operator except `exists` with `value: false` (U-OR-4). Throws a `ConfigError`
 * only for a bad spec (unknown operator, missing value, bad path or regex).
 *
 * @example
 * evaluateAssertion(
 *   { path: "variables.ticket_count", operator: "greater_than", value: 0 },
 *   { variables: { ticket_count: 2 }, state: {}, events: [], last_response: undefined },
 * ); // { passed: true, description: "variables.ticket_count greater_than 0 (actual 2)", … }
 */
export function evaluateAssertion(
  spec: AssertionSpec,
  sources: AssertionSources,
  options: AssertionOptions = {},
): AssertionResult {
  const checked = validateAssertion(spec, options);
  const lookup = readPath(sources, checked.segments);
  const { passed, note } = compare(checked, lookup.found, lookup.value);
  const actual = lookup.found ? formatValue(lookup.value) : "missing";
  const head = spec.operator === "exists" ? existsHead(spec) : `${spec.path} ${spec.operator} ${formatValue(spec.value)}`;
  const text = `${head} (actual ${actual}${note ? `, ${note}` : ""})`;
  return {
    passed,
    actual: lookup.value,
    expected: spec.operator === "exists" ? (spec.value ?? true) : spec.value,
    description: spec.message ? `${spec.message}: ${text}` : text,
  };
}

function existsHead(spec: AssertionSpec): string {
  return spec.value === false ? `${spec.path} does not exist` : `${spec.path} exists`;
}

function compare(checked: CheckedSpec, found: boolean, actual: unknown): { passed: boolean; note?: string } {
  const { operator, value } = checked.spec;
  if (operator === "exists") return { passed: (found && actual !== undefined) === (value ?? true) };
  if (!found) return { passed: false };
  switch (operator) {
    case "equals":
      return { passed: deepEqual(actual, value) };
    case "not_equals":
      return { passed: !deepEqual(actual, value) };
    case "contains":
      return contains(actual, value);
    case "matches":
      if (typeof actual !== "string") return { passed: false, note: "not a string" };
      return { passed: checked.pattern?.test(actual) === true };
    case "greater_than":
    case "less_than":
      if (typeof actual !== "number" || Number.isNaN(actual)) return { passed: false, note: "not a number" };
      return { passed: operator === "greater_than" ? actual > (value as number) : actual < (value as number) };
    default:
      return operator satisfies never;
  }
}

function contains(actual: unknown, value: unknown): { passed: boolean; note?: string } {
  if (typeof actual === "string") {
    if (typeof value !== "string") return { passed: false, note: "a string only contains strings" };
    return { passed: actual.includes(value) };
  }
  if (Array.isArray(actual)) return { passed: actual.some((element) => deepEqual(element, value)) };
  if (typeof actual === "object" && actual !== null) {
    if (typeof value !== "string") return { passed: false, note: "an object contains keys, which are strings" };
    return { passed: Object.hasOwn(actual, value) && (actual as Record<string, unknown>)[value] !== undefined };
  }
  return { passed: false, note: "not a string, array or object" };
}

/**
 * Validates a spec and parses its path and regex. Throws a `ConfigError` naming
 * the bad field; an unknown operator or source gets a "did you mean" hint.
 */
export function validateAssertion(spec: AssertionSpec, options: AssertionOptions = {}): CheckedSpec {
  const fail = (name: string, problem: string): never => {
    const path = options.field ? `${options.field}.${name}` : name;
    throw new ConfigError(`assertion: \`${path}\` ${problem}`, { source: options.source ?? "evaluateAssertion()", path });
  };
  if (typeof spec !== "object" || spec === null) return fail("operator", "missing: the assertion must be an object");
  const { operator, value, message } = spec as { operator: unknown; value?: unknown; message?: unknown };
  if (!assertionOperators.includes(operator as AssertionOperator)) {
    return fail(
      "operator",
      `must be one of ${assertionOperators.join(", ")}, got ${JSON.stringify(operator)}${hint(operator, assertionOperators)}`,
    );
  }
  if (typeof spec.path !== "string") return fail("path", "must be a string such as variables.ticket_count");
  const segments = parsePath(spec.path, {
    source: options.source ?? "evaluateAssertion()",
    field: options.field ? `${options.field}.path` : "path",
  });
  const root = segments[0];
  if (!assertionSources.includes(root as (typeof assertionSources)[number])) {
    return fail(
      "path",
      `must start with ${assertionSources.join(", ")}, got ${JSON.stringify(root)}${hint(root, assertionSources)}`,
    );
  }
  if (message !== undefined && typeof message !== "string") return fail("message", "must be a string");
  if (operator === "exists") {
    if (value !== undefined && typeof value !== "boolean") return fail("value", "must be true or false for exists");
    return { spec, segments };
  }
  if (value === undefined) return fail("value", `missing: ${operator} needs a value to compare with`);
  if ((operator === "greater_than" || operator === "less_than") && (typeof value !== "number" || Number.isNaN(value))) {
    return fail("value", `must be a number for ${operator}, got ${formatValue(value)}`);
  }
  if (operator !== "matches") return { spec, segments };
  if (typeof value !== "string")
    return fail("value", `must be a regular expression string for matches, got ${formatValue(value)}`);
  try {
    return { spec, segments, pattern: new RegExp(value) };
  } catch (error) {
    return fail("value", `is not a valid regular expression: ${(error as Error).message}`);
  }
}

/** JSON text of a value, cut to 200 characters so long responses keep descriptions readable. */
function formatValue(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? "undefined" : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 199)}…` : text;
}

function hint(given: unknown, choices: readonly string[]): string {
  if (typeof given !== "string") return "";
  const scored = choices.map((choice) => ({ choice, distance: editDistance(given.toLowerCase(), choice) }));
  const best = scored.sort((left, right) => left.distance - right.distance)[0];
  return best && best.distance <= Math.max(2, Math.floor(best.choice.length / 3)) ? ` (did you mean "${best.choice}"?)` : "";
}

function editDistance(from: string, to: string): number {
  let previous = Array.from({ length: to.length + 1 }, (_, index) => index);
  for (let row = 1; row <= from.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= to.length; column += 1) {
      const substitution = (previous[column - 1] ?? 0) + (from[row - 1] === to[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[to.length] ?? 0;
}

/**
 * Deep equality with JSON semantics: object key order and keys holding
 * `undefined` do not matter, arrays compare in order, `toJSON` (e.g. dates) applies.
 */
export function deepEqual(left: unknown, right: unknown): boolean {
  const a = toJson(left);
  const b = toJson(right);
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((element, index) => deepEqual(element, b[index]));
  }
  const entries = (value: object) => Object.entries(value).filter(([, entry]) => entry !== undefined);
  const leftEntries = entries(a);
  const rightObject = b as Record<string, unknown>;
  return (
    leftEntries.length === entries(b).length &&
    leftEntries.every(([key, entry]) => Object.hasOwn(rightObject, key) && deepEqual(entry, rightObject[key]))
  );
}

function toJson(value: unknown): unknown {
  const withJson = value as { toJSON?: () => unknown } | null;
  return typeof withJson === "object" && withJson !== null && typeof withJson.toJSON === "function" ? withJson.toJSON() : value;
}
