import { closestMatch, unknownKeysProblem } from "../domain/did-you-mean.js";

/** The parts of a zod issue read here (structural, so zod is not loaded by this module). */
export interface ConfigIssue {
  code: string;
  path: ReadonlyArray<PropertyKey>;
  message: string;
  keys?: ReadonlyArray<string>;
  /** For `invalid_value`: the allowed values. */
  values?: ReadonlyArray<unknown>;
  /** For `invalid_type`: the expected type. */
  expected?: string;
}

/** A schema node as zod 4 describes itself (`schema._zod.def`), reduced to what the key lookup reads. */
interface SchemaNode {
  _zod: {
    def: {
      type: string;
      shape?: Record<string, SchemaNode>;
      innerType?: SchemaNode;
      options?: SchemaNode[];
      valueType?: SchemaNode;
    };
  };
}

/** What `describeConfigIssue` needs besides the issue. */
export interface IssueContext {
  /** The whole value that was validated, to show what was given. */
  value: unknown;
  /** The schema, to list the keys allowed where an unknown key was found. */
  schema: unknown;
  /** A message for an unknown key that belongs somewhere else (e.g. the other config file). */
  misplaced?: (key: string, path: readonly string[]) => string | undefined;
}

/**
 * Turns a zod issue into the field path and the problem, as a user reads it:
 * unknown keys with the closest allowed key (`unknown key "mod" (did you mean
 * "mode"?)`), other problems with the value that was given (`; got 0`).
 *
 * @example
 * describeConfigIssue(issue, { value, schema }); // { path: "cassette.mod", problem: 'unknown key "mod" (did you mean "mode"?)' }
 */
export function describeConfigIssue(issue: ConfigIssue, context: IssueContext): { path: string; problem: string } {
  const parent = issue.path.map(String);
  if (issue.code === "unrecognized_keys" && issue.keys && issue.keys.length > 0) {
    const keys = issue.keys;
    const first = keys[0] as string;
    const misplaced = keys.length === 1 ? context.misplaced?.(first, parent) : undefined;
    const problem = misplaced ?? unknownKeysProblem(keys, keysAt(context.schema as SchemaNode, parent));
    return { path: [...parent, first].join("."), problem };
  }
  const given = valueAt(context.value, parent);
  if (issue.code === "invalid_type" && given === undefined) {
    return { path: parent.join("."), problem: `is required${issue.expected ? ` (${issue.expected})` : ""}` };
  }
  const shown = issue.code !== "custom" && isPrimitive(given) ? `; got ${preview(given)}` : "";
  const options = issue.code === "invalid_value" && typeof given === "string" ? (issue.values ?? []).map(String) : [];
  const match = closestMatch(String(given), options);
  return { path: parent.join("."), problem: `${issue.message}${shown}${match ? ` (did you mean "${match}"?)` : ""}` };
}

/**
 * The issue to report first: an unknown key rather than the missing field it
 * was probably meant to be (`outptPerMillion` beside a missing `outputPerMillion`).
 */
export function primaryIssue<Issue extends ConfigIssue>(issues: readonly Issue[]): Issue | undefined {
  return issues.find((issue) => issue.code === "unrecognized_keys") ?? issues[0];
}

/** A short rendering of a given value for messages: strings quoted, numbers and booleans as they are. */
export function preview(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (value === null || typeof value !== "object") return String(value);
  return Array.isArray(value) ? "an array" : "an object";
}

function isPrimitive(value: unknown): boolean {
  return value === null || (value !== undefined && typeof value !== "object" && typeof value !== "function");
}

function valueAt(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The keys an object schema allows at `path` (through optionals and unions). */
function keysAt(schema: SchemaNode, path: readonly string[]): string[] {
  let nodes = expand(schema);
  for (const key of path) {
    nodes = nodes.flatMap((node) => {
      const child = node._zod.def.type === "record" ? node._zod.def.valueType : node._zod.def.shape?.[key];
      return child ? expand(child) : [];
    });
  }
  return [...new Set(nodes.flatMap((node) => Object.keys(node._zod.def.shape ?? {})))];
}

/** The object schemas a node stands for: itself, or what an optional/default/union wraps. */
function expand(node: SchemaNode | undefined): SchemaNode[] {
  const def = node?._zod?.def;
  if (!node || !def) return [];
  if (def.type === "object" || def.type === "record") return [node];
  if (def.innerType) return expand(def.innerType);
  if (def.type === "union") return (def.options ?? []).flatMap(expand);
  return [];
}
