import { z } from "zod";
import { ConfigError } from "../domain/errors.js";
import { type AssertionSpec, assertionOperators, validateAssertion } from "../environment/assertion.js";
import { endStatePath } from "../outcomes/expected-outcomes.js";

const record = z.record(z.string(), z.unknown());
const numbers = z.record(z.string(), z.number());

/** Module file extensions a scenario file may reference. */
export const moduleExtensions = [".ts", ".mts", ".mjs", ".js", ".cjs"] as const;

/**
 * `{ module: "./path.ts", export?: "name" }`: code a scenario file points at.
 * The path is relative to the scenario file (or absolute); `export` defaults
 * to the default export.
 */
export const moduleReferenceSchema = z.strictObject({
  module: z
    .string()
    .min(1)
    .refine((path) => moduleExtensions.some((extension) => path.endsWith(extension)), {
      message: `must name a ${moduleExtensions.join(", ")} file`,
    }),
  export: z.string().min(1).optional(),
});

/** A variable a step or tool writes: a plain top-level name, as the run's variables store requires. */
export const variableName = z
  .string()
  .regex(/^[^.[\]"'\s]+$/, "variable names are plain names (no dots, brackets, quotes or spaces); set a whole object to nest");

/** A tool's declarative answer (`DeclarativeToolResponse`). */
const toolResponseSchema = z.strictObject({
  result: z.unknown().optional(),
  set: record.optional(),
  increment: numbers.optional(),
  append: record.optional(),
  variables: z
    .strictObject({
      set: z.record(variableName, z.unknown()).optional(),
      increment: z.record(variableName, z.number()).optional(),
    })
    .optional(),
});

/** Tool names as model providers accept them. */
const toolName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "tool names are 1–64 letters, digits, _ or -");

/**
 * A scenario file's `simulate:` mapping: the tool is answered by a model
 * (`simulatedTool`, docs/simulated-tools.md). `model` is checked by `model`
 * (a `provider:model` id).
 */
export function simulateSchema<Model extends z.ZodType>(model: Model) {
  return z.strictObject({
    model: model.optional(),
    output_schema: record.optional(),
    instructions: z.string().min(1).optional(),
    examples: z
      .array(z.strictObject({ input: record, output: z.unknown() }))
      .min(1)
      .optional(),
    stateful: z.boolean().optional(),
  });
}

/**
 * `EnvironmentSpec` with `handler` checked by `handler`: a module reference in
 * a scenario file, a function in a TypeScript config. `simulate`, when given,
 * checks a tool's `simulate:` key (scenario files only: TypeScript uses
 * `simulatedTool()`, which makes a handler).
 */
export function environmentSchema<Handler extends z.ZodType, Simulate extends z.ZodType = z.ZodNever>(
  handler: Handler,
  simulate?: Simulate,
) {
  const tool = z
    .strictObject({
      description: z.string().optional(),
      parameters: record.optional(),
      latency: z.number().min(0).optional(),
      handler: handler.optional(),
      response: toolResponseSchema.optional(),
      simulate: (
        simulate ?? z.never({ error: "`simulate` is for scenario files; in TypeScript use simulatedTool()" })
      ).optional(),
    })
    .superRefine((value, context) => {
      const simulated = value.simulate !== undefined;
      const answers = [value.handler, value.response].filter((answer) => answer !== undefined).length + (simulated ? 1 : 0);
      if (answers !== 1) {
        context.addIssue({
          code: "custom",
          path: answers === 0 ? [] : [value.handler === undefined ? "simulate" : "response"],
          message: simulate
            ? "a tool needs exactly one of handler and response (or `simulate:`, answered by a model)"
            : "a tool needs exactly one of handler and response",
        });
      }
      if (!simulated) return;
      for (const key of ["description", "parameters"] as const) {
        if (value[key] === undefined) {
          context.addIssue({ code: "custom", path: [], message: `a simulated tool needs \`${key}\` (the model reads it)` });
        }
      }
    });
  return z.strictObject({
    state: record.optional(),
    tools: z.record(toolName, tool).optional(),
    latency: z.strictObject({ agent: z.number().min(0).optional(), tool: z.number().min(0).optional() }).optional(),
    clock: z.enum(["virtual", "real"]).optional(),
    max_tool_rounds: z.int().min(1).optional(),
  });
}

/**
 * A path check of the end state, checked with the engine's own
 * `validateAssertion` (a missing value, a value of the wrong kind, a bad
 * regex or path), so the run cannot reject what validation accepted.
 */
const statePathCheckSchema = z
  .strictObject({
    path: z.string().min(1),
    operator: z.enum(assertionOperators),
    value: z.unknown().optional(),
    message: z.string().optional(),
  })
  .superRefine((check, context) => {
    // The same rule as the outcome check: a path not written from `state` is read under it.
    const path = endStatePath(check.path);
    try {
      validateAssertion({ ...check, path } as AssertionSpec, { source: "expected_outcomes" });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      const key = (error.path ?? "operator").split(".")[0] ?? "operator";
      context.addIssue({ code: "custom", path: [key], message: error.message.replace(/^assertion: `[^`]*` /, "") });
    }
  });

/** One `expected_outcomes.state` check. */
const stateAssertionSchema = z.union([z.strictObject({ equals: record }), statePathCheckSchema], {
  error: "a state check is { equals: {…} } or { path, operator, value?, message? }",
});

/** `ExpectedOutcomes` (seed §1.6 plus end-state checks). */
export const expectedOutcomesSchema = z.strictObject({
  min_events: z.int().min(0).optional(),
  required_events: z.array(z.string().min(1)).optional(),
  forbidden_events: z.array(z.string().min(1)).optional(),
  state: z.array(stateAssertionSchema).optional(),
});
