import type { ScenarioResult } from "../domain/result.js";
import { describeResult } from "./format-failure.js";

/** What the matcher stores on the vitest task for the summary reporter. */
export interface ScenarioSummaryEntry {
  name: string;
  status: ScenarioResult["status"];
  reasoning: string;
  unmetCriteria: string[];
  seed: number;
}

interface MatcherContext {
  isNot: boolean;
  task?: { readonly meta?: object; readonly name?: string };
}

function isResult(value: unknown): value is ScenarioResult {
  return typeof value === "object" && value !== null && "status" in value && "success" in value && "messages" in value;
}

/** Options of `expect(result).toPass(options)`. */
export interface ToPassOptions {
  /**
   * Accept a `skipped` result as passing (default `false`). A skip means
   * nothing was tested — typically no model for a simulated user or judge —
   * so by default it fails the assertion, with the reason saying what to set,
   * as `rehearse run` does when every run was skipped (exit 3). Set it where
   * a test may legitimately run without a model (e.g. offline in a fork's CI).
   */
  readonly allowSkipped?: boolean;
}

/**
 * `expect(result).toPass()`: passes when the status is `pass` (or `skipped`
 * with `{ allowSkipped: true }`); otherwise the message shows status,
 * reasoning, unmet criteria and the transcript tail — for a skip, that
 * nothing was tested and why. It also records the outcome on the test for
 * `RehearseSummaryReporter`.
 *
 * @example
 * ```ts
 * expect(await run(scenario)).toPass();
 * expect(await run(needsAModel)).toPass({ allowSkipped: true }); // offline runs skip, and that is fine here
 * ```
 */
export function toPass(this: MatcherContext, received: unknown, options: ToPassOptions = {}) {
  if (!isResult(received)) {
    return { pass: false, message: () => `expected a Rehearse ScenarioResult, got ${typeof received}` };
  }
  const entries = (this.task?.meta ?? {}) as { rehearse?: ScenarioSummaryEntry[] };
  if (this.task?.meta) {
    entries.rehearse = [
      ...(entries.rehearse ?? []),
      {
        name: received.scenarioId,
        status: received.status,
        reasoning: received.reasoning ?? "",
        unmetCriteria: received.unmetCriteria,
        seed: received.seed,
      },
    ];
  }
  const skipped = received.status === "skipped";
  const pass = received.status === "pass" || (skipped && options.allowSkipped === true);
  const name = received.scenarioId;
  return {
    pass,
    message: () => {
      if (pass) return `expected scenario "${name}" not to pass, but it ${skipped ? "was skipped (allowSkipped)" : "passed"}`;
      if (skipped) {
        return `expected scenario "${name}" to pass, but it was skipped: nothing was tested (toPass({ allowSkipped: true }) accepts a skip)\n${describeResult(received)}`;
      }
      return `expected scenario "${name}" to pass\n${describeResult(received)}`;
    },
  };
}

/**
 * The matchers Rehearse adds to vitest's `expect`. Any of
 * `import "@rehearse/core/vitest"`, the setup file
 * `@rehearse/core/integrations/vitest/setup` or the config helper
 * `@rehearse/core/integrations/vitest/config` in the compilation brings
 * these types in.
 */
export interface RehearseMatchers<Result = unknown> {
  /**
   * Passes when the Rehearse result's status is `pass`; otherwise fails with
   * status, reasoning, unmet criteria and the transcript tail. A `skipped`
   * result (nothing was tested, e.g. no model) fails unless
   * `{ allowSkipped: true }`.
   */
  toPass(options?: ToPassOptions): Result;
}

// vitest >= 3.2 merges custom matchers through `Matchers` (an augmentation of
// the re-exported `Assertion` is silently ignored); the type parameter must
// be declared exactly as vitest declares it.
declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's `Matchers<T = any>`
  interface Matchers<T = any> extends RehearseMatchers<T> {}
}
