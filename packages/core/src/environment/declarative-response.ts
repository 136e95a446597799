import type { DeclarativeToolResponse, EnvironmentToolContext } from "../domain/declarative.js";
import { readValue, writePath } from "./write-path.js";

const placeholder = /\{\{\s*((?:input|state|variables)(?:[.[][^}]*)?)\s*\}\}/g;
const wholePlaceholder = /^\{\{\s*((?:input|state|variables)(?:[.[][^}]*)?)\s*\}\}$/;

/**
 * Runs a declarative tool answer: applies `set`, `increment` and `append` to
 * the state and `variables` writes, then returns `result` with placeholders
 * filled. Writes happen in that order, and `result` sees the state after them.
 *
 * @example
 * respond({ set: { "orders[0].status": "refunded" }, result: { ok: true, order: "{{input.order_id}}" } }, input, context);
 */
export function respond(
  response: DeclarativeToolResponse,
  input: Record<string, unknown>,
  context: EnvironmentToolContext,
): unknown {
  const scope = { input, state: context.state, variables: { get: context.variables.get } };
  const fill = (value: unknown) => render(value, scope);
  for (const [path, value] of Object.entries(response.set ?? {})) writePath(context.state, path, fill(value));
  for (const [path, by] of Object.entries(response.increment ?? {})) {
    const current = readValue(context.state, path) ?? 0;
    if (typeof current !== "number") throw new TypeError(`cannot increment state.${path}: it holds ${JSON.stringify(current)}`);
    writePath(context.state, path, current + by);
  }
  for (const [path, value] of Object.entries(response.append ?? {})) {
    const current = readValue(context.state, path) ?? [];
    if (!Array.isArray(current)) throw new TypeError(`cannot append to state.${path}: it holds ${JSON.stringify(current)}`);
    writePath(context.state, path, [...current, fill(value)]);
  }
  for (const [name, value] of Object.entries(response.variables?.set ?? {})) context.variables.set(name, fill(value));
  for (const [name, by] of Object.entries(response.variables?.increment ?? {})) context.variables.increment(name, by);
  return fill(response.result ?? { ok: true });
}

interface Scope {
  input: unknown;
  state: unknown;
  variables: { get(path: string): unknown };
}

function lookup(expression: string, scope: Scope): unknown {
  const [root, ...rest] = expression.split(/(?=[.[])/);
  const path = rest.join("").replace(/^\./, "");
  if (root === "variables") return path ? scope.variables.get(path) : undefined;
  const base = root === "input" ? scope.input : scope.state;
  return path ? readValue(base, path) : base;
}

/** Fills `{{…}}` placeholders in strings (deeply); a string that is one placeholder keeps the value's type. */
export function render(value: unknown, scope: Scope): unknown {
  if (typeof value === "string") {
    const whole = wholePlaceholder.exec(value);
    if (whole) return structuredCloneIfObject(lookup(whole[1] as string, scope));
    return value.replace(placeholder, (_, expression: string) => {
      const found = lookup(expression, scope);
      return found === undefined ? "" : typeof found === "string" ? found : JSON.stringify(found);
    });
  }
  if (Array.isArray(value)) return value.map((element) => render(element, scope));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, render(entry, scope)]));
  }
  return value;
}

function structuredCloneIfObject(value: unknown): unknown {
  return typeof value === "object" && value !== null ? structuredClone(value) : value;
}
