import { RehearseError } from "../domain/errors.js";
import { payloadLibrary } from "./library.js";
import type { AttackType, Payload, Severity, Technique } from "./payload.js";

/** Which payloads to choose from: always one attack type, optionally narrowed. */
export interface PayloadFilter {
  readonly attackType: AttackType;
  readonly severity?: Severity;
  readonly technique?: Technique;
}

/**
 * The payloads matching `filter`, in library order (so picks by index are reproducible).
 *
 * @param library defaults to the built-in {@link payloadLibrary}; pass your own to extend or replace it.
 * @example
 * payloadsFor({ attackType: "jailbreak", severity: "high" }); // [jb-006, jb-007, jb-008]
 */
export function payloadsFor(filter: PayloadFilter, library: readonly Payload[] = payloadLibrary): Payload[] {
  return library.filter(
    (payload) =>
      payload.attackType === filter.attackType &&
      (filter.severity === undefined || payload.severity === filter.severity) &&
      (filter.technique === undefined || payload.technique === filter.technique),
  );
}

/**
 * One payload matching `filter`, chosen with `random` (a number in [0, 1), e.g. the run's seeded
 * `() => random.next()`), so the same seed always sends the same text.
 *
 * @throws RehearseError `invalid_config` when nothing matches the filter.
 * @throws RangeError when `random` returns a value outside [0, 1).
 * @example
 * const payload = pickPayload({ attackType: "prompt_injection", severity: "critical" }, () => random.next());
 */
export function pickPayload(filter: PayloadFilter, random: () => number, library: readonly Payload[] = payloadLibrary): Payload {
  const candidates = payloadsFor(filter, library);
  const chosen = candidates[Math.floor(unitInterval(random()) * candidates.length)];
  if (chosen === undefined) {
    throw new RehearseError("invalid_config", `No adversarial payload matches ${describe(filter)}`);
  }
  return chosen;
}

function unitInterval(value: number): number {
  // Checked rather than clamped: a generator returning 1 or NaN is a bug that would skew picks silently.
  if (!(value >= 0 && value < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${value}`);
  return value;
}

function describe(filter: PayloadFilter): string {
  const parts = Object.entries(filter).filter(([, value]) => value !== undefined);
  return parts.map(([key, value]) => `${key}=${String(value)}`).join(", ");
}
