import type * as Zod from "zod";
import type { Timeouts } from "../domain/timeouts.js";

/** A day: no single limit is longer. */
const longestMs = 86_400_000;

/** The schema of `timeouts` (config, `configure()`, `run()` options): whole milliseconds, 0 for no limit. */
export function timeoutsSchema(zod: typeof Zod): Zod.ZodType<Timeouts> {
  const z = zod.z;
  const limit = z
    .number()
    .int()
    .min(0)
    .max(longestMs, { error: `must be at most ${longestMs} (a day); use 0 for no limit` });
  return z.strictObject({ agentCallMs: limit.optional(), modelCallMs: limit.optional(), scenarioMs: limit.optional() });
}
