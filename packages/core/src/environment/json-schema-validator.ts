import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { closestMatch } from "../domain/did-you-mean.js";

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

/** Ajv's warnings (keywords it does not know and ignores) are not problems here: nothing is printed. */
const silent = { log: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * One Ajv (draft 2020-12, `ajv-formats`) for the process. `strictSchema:
 * "log"`: a tool schema may carry keywords Ajv does not know (annotations,
 * vendor `x-` keys), which only log to the silent logger, but an unknown
 * `format` throws, since it would otherwise never be checked (Ajv throws for
 * it unless `strictSchema` is `false`). The other strict checks (types,
 * tuples, required) stay off. The schema itself is still checked against the
 * meta-schema. Ajv is a compiler here: each schema is dropped from its
 * registry once compiled (see `compileJsonSchema`), so it keeps no state
 * between runs.
 */
const ajv = addFormats(new Ajv2020({ strict: false, strictSchema: "log", allErrors: false, logger: silent }));

/** Ajv's message for an unknown format: `unknown format "emial" ignored in schema at path "#/properties/email"`. */
const unknownFormatMessage = /^unknown format "(.*)" ignored in schema at path "#(.*)"$/;

/**
 * Compiles `schema` (draft 2020-12, formats such as `email` and `date-time`
 * checked) into a validator. Throws an `Error` saying what is wrong when the
 * schema is not a valid JSON Schema, and an `UnknownFormatError` for a
 * `format` that no validator checks (with the closest known format). Callers cache the result per schema
 * object (`input-check.ts`): compiling generates code and costs far more than
 * validating.
 *
 * @example
 * const validate = compileJsonSchema({ type: "string", format: "email" });
 * validate("nobody"); // [{ pointer: "", keyword: "format", message: 'must match format "email"' }]
 */
export function compileJsonSchema(schema: object): SchemaValidator {
  let validate: ReturnType<typeof ajv.compile>;
  try {
    validate = ajv.compile(schema);
  } catch (error) {
    ajv.removeSchema(schema);
    const unknown = error instanceof Error ? unknownFormatMessage.exec(error.message) : null;
    throw unknown ? new UnknownFormatError(unknown[1] ?? "", `${unknown[2] ?? ""}/format`, Object.keys(ajv.formats)) : error;
  }
  // two tools may declare the same `$id`; the compiled function no longer needs the registry entry
  ajv.removeSchema(schema);
  return (value) => (validate(value) ? [] : (validate.errors ?? []).map(violationOf));
}

/**
 * A schema's `format` that no validator checks (`emial`): Ajv would ignore it,
 * so every value would pass. The message names the schema path of the
 * keyword and the closest known format, or lists them all.
 */
export class UnknownFormatError extends Error {
  /** The format as written. */
  readonly format: string;
  /** JSON pointer of the `format` keyword in the schema (`/properties/email/format`). */
  readonly schemaPointer: string;
  /** The closest known format, when one is near. */
  readonly suggestion: string | undefined;

  constructor(format: string, schemaPointer: string, known: readonly string[]) {
    const suggestion = closestMatch(format, known);
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : `; known formats: ${known.join(", ")}`;
    super(`unknown format "${format}" at ${schemaPointer}${hint}`);
    this.name = "UnknownFormatError";
    this.format = format;
    this.schemaPointer = schemaPointer;
    this.suggestion = suggestion;
  }
}

function violationOf(error: ErrorObject): SchemaViolation {
  const params = error.params as Record<string, unknown>;
  let message = error.message ?? `breaks "${error.keyword}"`;
  if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
    message = `must NOT have the property '${params.additionalProperty}'`;
  }
  return { pointer: error.instancePath, keyword: error.keyword, message };
}
