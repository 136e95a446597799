import { closestMatch } from "../domain/did-you-mean.js";

/** The parts of a raw zod issue the messages read (structurally typed: zod's own types are wider than needed). */
interface RawIssue {
  readonly code?: string;
  readonly input?: unknown;
  readonly expected?: string;
  readonly values?: readonly unknown[];
  readonly origin?: string;
  readonly minimum?: number | bigint;
  readonly maximum?: number | bigint;
  readonly inclusive?: boolean;
  readonly format?: string;
  /** For `invalid_key`: the key schema's own issues. */
  readonly issues?: ReadonlyArray<{ readonly message?: string }>;
}

/**
 * Error map for scenario-file schemas: short messages that say what the
 * value must be and what it was (`must be at most 1, got 1.5`), with a "did
 * you mean" hint for enum values. Issues it does not know keep zod's wording.
 *
 * @example
 * schema.safeParse(value, { error: schemaMessage });
 */
export function schemaMessage(issue: RawIssue): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return `missing (${expectedName(issue.expected)} is required)`;
      return `must be ${expectedName(issue.expected)}, got ${describe(issue.input)}`;
    case "invalid_value":
      return enumMessage(issue.values ?? [], issue.input);
    case "too_small":
      return boundMessage(issue, "least", issue.minimum);
    case "too_big":
      return boundMessage(issue, "most", issue.maximum);
    case "invalid_union":
      return `does not match any accepted form, got ${describe(issue.input)}`;
    case "invalid_key":
      // The key schema says what a key must look like (e.g. tool names); zod's own "Invalid key in record" does not.
      return issue.issues?.find((inner) => inner.message)?.message;
    case "invalid_format":
      return issue.format === "regex" ? `must match the expected pattern, got ${describe(issue.input)}` : undefined;
    default:
      return undefined;
  }
}

/** `must be one of a, b, c, got "x" (did you mean "a"?)`, or `must be "a"` for a single value. */
export function enumMessage(values: readonly unknown[], input: unknown): string {
  const texts = values.map(String);
  const suggestion = typeof input === "string" ? closestMatch(input, texts) : undefined;
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
  const head = texts.length === 1 ? `must be ${JSON.stringify(values[0])}` : `must be one of ${texts.join(", ")}`;
  return `${head}, got ${describe(input)}${hint}`;
}

function boundMessage(issue: RawIssue, word: "least" | "most", bound: number | bigint | undefined): string | undefined {
  if (bound === undefined) return undefined;
  if (issue.origin === "number" || issue.origin === "int" || issue.origin === "bigint") {
    const relation = issue.inclusive === false ? (word === "least" ? "greater than" : "less than") : `at ${word}`;
    return `must be ${relation} ${bound}, got ${describe(issue.input)}`;
  }
  const unit = issue.origin === "string" ? "character" : issue.origin === "array" ? "item" : "entry";
  return `must have at ${word} ${bound} ${unit}${bound === 1 ? "" : "s"}`;
}

function expectedName(expected: string | undefined): string {
  switch (expected) {
    case "int":
      return "a whole number";
    case "object":
    case "record":
      return "a mapping (object)";
    case "array":
      return "a list";
    case "boolean":
      return "true or false";
    case "string":
    case "number":
      return `a ${expected}`;
    case undefined:
      return "a value";
    default:
      return expected;
  }
}

/** A short description of a value for messages: strings quoted, numbers as written, else its kind. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "function") return "a function";
  return typeof value === "object" ? "a mapping (object)" : typeof value;
}
