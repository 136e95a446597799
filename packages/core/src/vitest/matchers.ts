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

/**
 * `expect(result).toPass()`: passes when the status is `pass`; otherwise the
 * message shows status, reasoning, unmet criteria and the transcript tail.
 * It also records the outcome on the test for `RehearseSummaryReporter`.
 */
export function toPass(this: MatcherContext, received: unknown) {
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
  const pass = received.status === "pass";
  return {
    pass,
    message: () =>
      pass
        ? `expected scenario "${received.scenarioId}" not to pass, but it passed`
        : `expected scenario "${received.scenarioId}" to pass\n${describeResult(received)}`,
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
  /** Passes when the Rehearse result's status is `pass`; otherwise fails with status, reasoning, unmet criteria and the transcript tail. */
  toPass(): Result;
}

// vitest >= 3.2 merges custom matchers through `Matchers` (an augmentation of
// the re-exported `Assertion` is silently ignored); the type parameter must
// be declared exactly as vitest declares it.
declare module "vitest" {
  // biome-ignore lint/suspicious/noExplicitAny: must match vitest's `Matchers<T = any>`
  interface Matchers<T = any> extends RehearseMatchers<T> {}
}
