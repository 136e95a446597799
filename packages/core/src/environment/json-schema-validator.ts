import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";

/** One way a value breaks a JSON Schema. */
export interface SchemaViolation {
  /** JSON pointer of the offending value (`/items/0/sku`; `""` is the whole value). */
  readonly pointer: string;
  /** The schema keyword that failed (`pattern`, `format`, `required`, `oneOf`, …). */
  readonly keyword: string;
  /** What the keyword asks for (`must match pattern "^[A-Z]{3}-\d+$"`). */
  readonly message: string;
}

/** A compiled schema: the violations of a value, an empty list when it fits. */
export type SchemaValidator = (value: unknown) => readonly SchemaViolation[];

// ajv-formats is CommonJS: under NodeNext its default import is the module object
const addFormats = ((addFormatsModule as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

/**
 * One Ajv (draft 2020-12, `ajv-formats`) for the process. `strict: false`: a
 * tool schema may carry keywords Ajv does not know (annotations, vendor
 * `x-` keys); the schema itself is still checked against the meta-schema.
 * Ajv is a compiler here: each schema is dropped from its registry once
 * compiled (see `compileJsonSchema`), so it keeps no state between runs.
 */
const ajv = addFormats(new Ajv2020({ strict: false, allErrors: false }));

/**
 * Compiles `schema` (draft 2020-12, formats such as `email` and `date-time`
 * checked) into a validator. Throws an `Error` saying what is wrong when the
 * schema is not a valid JSON Schema. Callers cache the result per schema
 * object (`input-check.ts`): compiling generates code and costs far more than
 * validating.
 *
 * @example
 * const validate = compileJsonSchema({ type: "string", format: "email" });
 * validate("nobody"); // [{ pointer: "", keyword: "format", message: 'must match format "email"' }]
 */
export function compileJsonSchema(schema: object): SchemaValidator {
  const validate = ajv.compile(schema);
  // two tools may declare the same `$id`; the compiled function no longer needs the registry entry
  ajv.removeSchema(schema);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map(violationOf));
}

function violationOf(error: ErrorObject): SchemaViolation {
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? `breaks "${error.keyword}"`;
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    message = `must NOT have the property '${params.additionalProperty}'`;
  }
  return { pointer: error.instancePath, keyword: error.keyword, message };
}
