import { RehearseError } from "../domain/errors.js";
import type { SchemaValidator, SchemaViolation } from "./json-schema-validator.js";

/** Checks one tool input: the problem the agent is told, or `undefined` when the input fits. */
export type InputCheck = (input: unknown) => Promise<string | undefined>;

/**
 * Compiled validators by schema object: a tool's `parameters` is compiled
 * once, however many runs and calls use it. A memo of a pure function (the
 * same schema object always compiles to the same validator), held weakly so a
 * schema that is no longer used is freed with its validator.
 */
const compiled = new WeakMap<object, Promise<SchemaValidator>>();

/**
 * The input check of a tool whose `parameters` is `schema`: a full JSON
 * Schema (draft 2020-12 with formats: `pattern`, `format`, `oneOf`/`anyOf`,
 * `$ref`/`$defs`, `minItems`, …) validated by Ajv. Ajv loads on the first
 * call, not before: a run whose tools are never called, or a plain `import`
 * of the package, never loads it. The problem names the JSON pointer and the
 * rule: `/items/0/sku: must match pattern "^[A-Z]{3}-\d+$" (pattern)`. A
 * schema that is not valid JSON Schema rejects with an `invalid_scenario`
 * error naming the tool.
 *
 * @example
 * const check = inputCheck("refund", { type: "object", required: ["order_id"] });
 * await check({}); // "(root): must have required property 'order_id' (required)"
 */
export function inputCheck(toolName: string, schema: object): InputCheck {
  return async (input) => {
    const validate = await compiledValidator(schema).catch((error: unknown) => {
      throw new RehearseError("invalid_scenario", `tool "${toolName}": parameters ${notValidSchema(error)}`, { cause: error });
    });
    const violations = validate(input);
    return violations.length === 0 ? undefined : describeViolations(violations);
  };
}

/**
 * Why `schema` cannot be used as a tool's `parameters` (`is not a valid JSON
 * Schema: …`, or `has an unknown format "emial" at /properties/email/format
 * (did you mean "email"?)`), or `undefined` when it compiles. Loading scenarios calls it so
 * a bad schema is reported with the file and field before anything runs; the
 * compiled validator is kept for the tool's calls.
 *
 * @example
 * await schemaProblem({ type: "strnig" }); // "is not a valid JSON Schema: schema is invalid: data/type must be …"
 */
export async function schemaProblem(schema: object): Promise<string | undefined> {
  return compiledValidator(schema).then(
    () => undefined,
    (error: unknown) => notValidSchema(error),
  );
}

function compiledValidator(schema: object): Promise<SchemaValidator> {
  let validator = compiled.get(schema);
  if (!validator) {
    validator = import("./json-schema-validator.js").then(({ compileJsonSchema }) => compileJsonSchema(schema));
    compiled.set(schema, validator);
  }
  return validator;
}

function notValidSchema(error: unknown): string {
  // an unknown `format` is valid JSON Schema, but would never be checked (UnknownFormatError, loaded with Ajv)
  if (error instanceof Error && error.name === "UnknownFormatError") return `has an ${error.message}`;
  return `is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * One line for the agent. Ajv reports a failed `oneOf`/`anyOf` after the
 * failures of its branches, so the last violation is the rule that decided;
 * the ones before it say why each branch failed.
 *
 * @example
 * describeViolations([{ pointer: "/email", keyword: "format", message: 'must match format "email"' }]);
 * // '/email: must match format "email" (format)'
 */
export function describeViolations(violations: readonly SchemaViolation[]): string {
  const decided = violations.at(-1);
  if (!decided) return "";
  const main = `${pointerText(decided.pointer)}: ${decided.message} (${decided.keyword})`;
  const branches = violations.slice(0, -1).slice(0, 4);
  if (branches.length === 0) return main;
  const reasons = branches.map((violation) => `${pointerText(violation.pointer)}: ${violation.message}`);
  const more = violations.length - 1 - branches.length;
  return `${main}; ${reasons.join("; ")}${more > 0 ? `; and ${more} more` : ""}`;
}

function pointerText(pointer: string): string {
  return pointer === "" ? "(root)" : pointer;
}
