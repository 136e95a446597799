/**
 * Checks a tool input against the JSON Schema subset tools declare:
 * `type` (one or a list), `properties`, `required`, `additionalProperties: false`,
 * `enum`, `items`, `minimum`/`maximum`, `minLength`/`maxLength`. Other keywords
 * are ignored (documented: the schema is mainly for the agent's benefit).
 * Returns the first problem as `input.amount: expected number, got "ten"`, or
 * `undefined` when the input fits.
 *
 * @example
 * checkInput({ amount: "ten" }, { type: "object", properties: { amount: { type: "number" } } });
 */
export function checkInput(value: unknown, schema: unknown, path = "input"): string | undefined {
  if (typeof schema !== "object" || schema === null) return undefined;
  const rule = schema as Record<string, unknown>;
  const types = typeof rule.type === "string" ? [rule.type] : Array.isArray(rule.type) ? (rule.type as string[]) : undefined;
  if (types && !types.some((type) => hasType(value, type))) {
    return `${path}: expected ${types.join(" or ")}, got ${describe(value)}`;
  }
  if (Array.isArray(rule.enum) && !rule.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) {
    return `${path}: expected one of ${rule.enum.map((option) => JSON.stringify(option)).join(", ")}, got ${describe(value)}`;
  }
  if (typeof value === "number") {
    if (typeof rule.minimum === "number" && value < rule.minimum) return `${path}: must be ≥ ${rule.minimum}, got ${value}`;
    if (typeof rule.maximum === "number" && value > rule.maximum) return `${path}: must be ≤ ${rule.maximum}, got ${value}`;
  }
  if (typeof value === "string") {
    if (typeof rule.minLength === "number" && value.length < rule.minLength)
      return `${path}: must have at least ${rule.minLength} characters`;
    if (typeof rule.maxLength === "number" && value.length > rule.maxLength)
      return `${path}: must have at most ${rule.maxLength} characters`;
  }
  if (Array.isArray(value) && rule.items !== undefined) {
    for (const [index, element] of value.entries()) {
      const problem = checkInput(element, rule.items, `${path}[${index}]`);
      if (problem) return problem;
    }
  }
  if (typeof value === "object" && value !== null && !Array.isArray(value)) return checkObject(value, rule, path);
  return undefined;
}

function checkObject(value: object, rule: Record<string, unknown>, path: string): string | undefined {
  const properties = (typeof rule.properties === "object" && rule.properties !== null ? rule.properties : {}) as Record<
    string,
    unknown
  >;
  for (const name of Array.isArray(rule.required) ? (rule.required as string[]) : []) {
    if (!Object.hasOwn(value, name)) return `${path}.${name}: is required`;
  }
  for (const [name, entry] of Object.entries(value)) {
    if (Object.hasOwn(properties, name)) {
      const problem = checkInput(entry, properties[name], `${path}.${name}`);
      if (problem) return problem;
    } else if (rule.additionalProperties === false) {
      return `${path}.${name}: is not a known parameter (known: ${Object.keys(properties).join(", ") || "none"})`;
    }
  }
  return undefined;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number" && Number.isFinite(value);
    case "null":
      return value === null;
    default:
      return typeof value === type;
  }
}

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
