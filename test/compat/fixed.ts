import { it } from "vitest";

/** Which implementation this project runs against (set per project in vitest.config.ts). */
export const target: "rehearse" | "reference" = process.env.COMPAT_TARGET === "reference" ? "reference" : "rehearse";

/**
 * A test of a deliberate fix: behaviour where Rehearse departs from the
 * reference on purpose, as decided in `docs/decisions/<decision>.md`
 * (`item` names the entry in that record). Both are put in the test title.
 * It runs on both sides: on Rehearse it must pass; on the reference it must
 * fail (`it.fails`), so the difference stays proven rather than assumed.
 *
 * @example
 * ```ts
 * itFixed("0003-executor-semantics", "difference 4", "times are in seconds", async () => { … });
 * ```
 */
export function itFixed(decision: string, item: string, name: string, fn: () => Promise<void> | void, timeout?: number): void {
  const title = `${name} [fix: docs/decisions/${decision}.md, ${item}]`;
  if (target === "reference") it.fails(title, fn, timeout);
  else it(title, fn, timeout);
}
