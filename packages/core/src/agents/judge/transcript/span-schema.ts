import { z } from "zod";
import { ConfigError } from "../../../domain/errors.js";
import type { JudgeSpan } from "./spans.js";

const time = z.union([z.string(), z.number()]);
const attributes = z.record(z.string(), z.unknown());

/** Validates one {@link JudgeSpan} (unknown keys are dropped). */
export const judgeSpanSchema = z.object({
  spanId: z.string().min(1),
  parentSpanId: z.string().min(1).optional(),
  name: z.string(),
  startTime: time.optional(),
  endTime: time.optional(),
  durationMs: z.number().nonnegative().optional(),
  status: z.enum(["ok", "error"]).optional(),
  errorMessage: z.string().optional(),
  attributes: attributes.optional(),
  events: z.array(z.object({ name: z.string(), time: time.optional(), attributes: attributes.optional() })).optional(),
});

/** Validates the span list a user hands to the judge. */
export const judgeSpansSchema = z.array(judgeSpanSchema);

// Compile-time proof that the schema and the documented type describe the same shape.
type Parsed = z.infer<typeof judgeSpanSchema>;
const sameShape: [Parsed extends JudgeSpan ? true : false, JudgeSpan extends Parsed ? true : false] = [true, true];
void sameShape;

/**
 * `input` as spans, or a {@link ConfigError} naming the first bad field's path
 * (`spans[2].status`) and what was wrong with it.
 *
 * @example
 * ```ts
 * const spans = parseJudgeSpans(JSON.parse(await readFile("trace.json", "utf8")), "trace.json");
 * ```
 */
export function parseJudgeSpans(input: unknown, source = "judge spans"): JudgeSpan[] {
  const result = judgeSpansSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = ["spans", ...(issue?.path ?? [])]
    .map((key, position) => (typeof key === "number" ? `[${key}]` : position === 0 ? String(key) : `.${String(key)}`))
    .join("");
  throw new ConfigError(`Invalid span at ${path}: ${issue?.message ?? "invalid input"}`, { source, path, cause: result.error });
}
