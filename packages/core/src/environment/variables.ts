import { ConfigError } from "../domain/errors.js";
import { parsePath, readPath } from "./dotted-path.js";

/**
 * The run's `variables` (U-OR-4): written by step `set`/`increment` fields and
 * by tool handlers, read by assertions as `variables.<path>`. Values are
 * copied in, so later changes to the caller's objects do not leak in.
 */
export interface Variables {
  /** Value at a dotted path inside the variables (`"ticket_count"`, `"user.tags[-1]"`); `undefined` when missing. */
  get(path: string): unknown;
  /** Stores a copy of `value` under the top-level `name`. */
  set(name: string, value: unknown): void;
  /** Adds `by` (default 1) to the number under `name`, which starts at 0 when missing; returns the new value. */
  increment(name: string, by?: number): number;
  /** Deep copy of all variables; changing it does not change the variables. */
  snapshot(): Record<string, unknown>;
}

/** Where variable writes came from, for `ConfigError`s. */
export interface VariablesOptions {
  /** Config source named in errors. Default: the function name. */
  readonly source?: string;
  /** Dotted path of the step in its file, prefixed to field names in errors. */
  readonly field?: string;
}

/**
 * Creates the variables store of one run.
 *
 * @example
 * const variables = createVariables({ ticket_count: 0 });
 * variables.increment("ticket_count"); // 1
 * variables.set("user", { name: "Ada" });
 * variables.get("user.name"); // "Ada"
 */
export function createVariables(initial: Record<string, unknown> = {}, options: VariablesOptions = {}): Variables {
  const source = options.source ?? "createVariables()";
  const fail = (name: string, problem: string): never => {
    const path = options.field ? `${options.field}.${name}` : name;
    throw new ConfigError(`variables: \`${path}\` ${problem}`, { source, path });
  };
  const copy = (name: string, value: unknown): unknown => {
    try {
      return structuredClone(value);
    } catch (error) {
      return fail(name, `cannot be stored (only plain data can): ${(error as Error).message}`);
    }
  };
  const checkName = (name: string) => {
    if (typeof name !== "string" || !/^[^.[\]"'\s]+$/.test(name)) {
      fail(String(name), "must be a plain name (no dots, brackets, quotes or spaces); set a whole object to nest");
    }
  };
  if (typeof initial !== "object" || initial === null || Array.isArray(initial)) {
    return fail("initial", "must be an object of name → value");
  }
  const values = copy("initial", initial) as Record<string, unknown>;
  return {
    get: (path) => readPath(values, parsePath(path, { source })).value,
    set: (name, value) => {
      checkName(name);
      values[name] = copy(name, value);
    },
    increment: (name, by = 1) => {
      checkName(name);
      if (typeof by !== "number" || !Number.isFinite(by))
        return fail(name, `increment must be a finite number, got ${String(by)}`);
      const current = Object.hasOwn(values, name) ? values[name] : 0;
      if (typeof current !== "number")
        return fail(name, `holds ${JSON.stringify(current)}, which is not a number, so it cannot be incremented`);
      values[name] = current + by;
      return current + by;
    },
    snapshot: () => structuredClone(values),
  };
}

/** The variable fields a step may carry. */
export interface StepVariables {
  /** Name → value to store. */
  readonly set?: Record<string, unknown>;
  /** A name (+1), a list of names (+1 each, repeats count) or name → amount. */
  readonly increment?: string | readonly string[] | Record<string, number>;
}

/**
 * Applies a step's `set` then `increment` fields, so `set: { n: 0 }, increment: "n"`
 * leaves `n` at 1. Throws a `ConfigError` for a malformed field.
 *
 * @example
 * applyStepVariables(variables, { set: { status: "open" }, increment: ["ticket_count"] });
 */
export function applyStepVariables(variables: Variables, step: StepVariables, options: VariablesOptions = {}): void {
  const problem = (name: string, text: string): ConfigError => {
    const path = options.field ? `${options.field}.${name}` : name;
    return new ConfigError(`step: \`${path}\` ${text}`, { source: options.source ?? "applyStepVariables()", path });
  };
  const { set, increment } = step;
  if (set !== undefined) {
    if (typeof set !== "object" || set === null || Array.isArray(set)) throw problem("set", "must be an object of name → value");
    for (const [name, value] of Object.entries(set)) variables.set(name, value);
  }
  if (increment === undefined) return;
  if (typeof increment === "string") {
    variables.increment(increment);
  } else if (Array.isArray(increment)) {
    for (const [index, name] of increment.entries()) {
      if (typeof name !== "string") throw problem(`increment[${index}]`, `must be a variable name, got ${JSON.stringify(name)}`);
      variables.increment(name);
    }
  } else if (typeof increment === "object" && increment !== null) {
    for (const [name, by] of Object.entries(increment as Record<string, unknown>)) {
      if (typeof by !== "number" || !Number.isFinite(by)) {
        throw problem(`increment.${name}`, `must be a finite number, got ${JSON.stringify(by)}`);
      }
      variables.increment(name, by);
    }
  } else {
    throw problem("increment", "must be a name, a list of names or an object of name → amount");
  }
}
