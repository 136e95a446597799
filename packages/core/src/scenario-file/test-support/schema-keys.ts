/**
 * The keys a JSON Schema accepts, grouped by where they may appear. A place
 * ("context") is written like a data path:
 *
 * - `$` is the top level, `agent.http` an object under it;
 * - `script[]` is an item of a list, `environment.tools.*` a value of a mapping
 *   whose keys are free (tool names);
 * - a branch of a union told apart by a constant `type` or `kind` is written
 *   as a filter: `script[type=user_message]`, `injections[type=tool_error].trigger[kind=random]`
 *   (an enum of several values joins them with `|`).
 *
 * Branches without such a constant (the three agent forms, an inline or a
 * module environment) share their place, so its keys are the union of theirs.
 *
 * @module
 */

/** What the schema says about one key at one place. */
export interface SchemaKey {
  /** Object schemas at this place that have the key. */
  branches: number;
  /** Of those, how many require it. */
  required: number;
  /** The constant or enum values the key (or each item of its list) takes, if it is an enumeration. */
  values: Set<string>;
}

/** Keys by place. */
export type SchemaKeys = Map<string, Map<string, SchemaKey>>;

type Node = Record<string, unknown>;

const discriminators = ["type", "kind"] as const;

/**
 * Walks a JSON Schema (as `z.toJSONSchema` writes it: no `$ref`s) and
 * returns its keys by place. `rename` maps a place to another (aliases that
 * share one documentation); it is applied to every place before it is used.
 *
 * @example
 * const keys = schemaKeys(scenarioFileJsonSchema());
 * keys.get("agent.http")?.has("response_path"); // true
 */
export function schemaKeys(schema: unknown, rename: (place: string) => string = (place) => place): SchemaKeys {
  const keys: SchemaKeys = new Map();
  walk(schema, "$", keys, rename);
  return keys;
}

function walk(node: unknown, place: string, keys: SchemaKeys, rename: (place: string) => string): void {
  if (!isNode(node)) return;
  for (const union of ["anyOf", "oneOf", "allOf"]) {
    const branches = node[union];
    if (Array.isArray(branches)) for (const branch of branches) walk(branch, labelled(place, branch), keys, rename);
  }
  const properties = node.properties;
  if (isNode(properties)) {
    const name = rename(place);
    const here = keys.get(name) ?? new Map<string, SchemaKey>();
    keys.set(name, here);
    const required = Array.isArray(node.required) ? (node.required as string[]) : [];
    for (const [key, property] of Object.entries(properties)) {
      const entry = here.get(key) ?? { branches: 0, required: 0, values: new Set<string>() };
      entry.branches++;
      if (required.includes(key)) entry.required++;
      for (const value of enumValues(property)) entry.values.add(value);
      here.set(key, entry);
      walk(property, child(place, key), keys, rename);
    }
  }
  if (node.items !== undefined) walk(node.items, `${place}[]`, keys, rename);
  if (isNode(node.additionalProperties)) walk(node.additionalProperties, `${place}.*`, keys, rename);
}

function child(place: string, key: string): string {
  return place === "$" ? key : `${place}.${key}`;
}

/** The place of a union branch: filtered by its constant `type`/`kind` when it has one. */
function labelled(place: string, branch: unknown): string {
  if (!isNode(branch) || !isNode(branch.properties)) return place;
  for (const key of discriminators) {
    const values = enumValues(branch.properties[key]);
    if (values.length === 0) continue;
    const filter = `[${key}=${values.join("|")}]`;
    return place.endsWith("[]") ? `${place.slice(0, -2)}${filter}` : `${place}${filter}`;
  }
  return place;
}

function enumValues(property: unknown): string[] {
  if (!isNode(property)) return [];
  if (Array.isArray(property.enum)) return property.enum.filter((value): value is string => typeof value === "string");
  if (typeof property.const === "string") return [property.const];
  if (isNode(property.items)) return enumValues(property.items);
  const nested = [property.anyOf, property.oneOf].find(Array.isArray) as unknown[] | undefined;
  return nested ? nested.flatMap(enumValues) : [];
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
