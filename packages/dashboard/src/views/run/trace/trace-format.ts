/** How a span's times and attribute values read in the trace panel. */
import { duration } from "../../../components/format";

/** A span's duration: below a millisecond with two decimals (model and tool spans are rarely that short; HTTP spans are). */
export function spanDuration(milliseconds: number): string {
  if (milliseconds > 0 && milliseconds < 1) return `${milliseconds.toFixed(2)} ms`;
  return duration(milliseconds);
}

/** The time from the trace's (or a span's) start: `+1.40 s`. */
export function offsetText(milliseconds: number): string {
  return `+${spanDuration(milliseconds)}`;
}

/**
 * An attribute's value as text: strings as they are (pretty-printed when they
 * hold JSON, like the opt-in `gen_ai.input.messages`), numbers and booleans
 * as written, arrays and objects as JSON.
 */
export function attributeText(value: unknown): string {
  if (typeof value === "string") {
    const trimmed = value.trim();
    if ((trimmed.startsWith("{") && trimmed.endsWith("}")) || (trimmed.startsWith("[") && trimmed.endsWith("]"))) {
      try {
        return JSON.stringify(JSON.parse(trimmed), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  if (value === null || value === undefined) return String(value);
  if (typeof value === "object") return JSON.stringify(value, null, 2);
  return String(value);
}

/** Attribute entries in key order, `gen_ai.*` first (what a reader of a model call looks for). */
export function sortedAttributes(attributes: Readonly<Record<string, unknown>>): Array<[string, unknown]> {
  const rank = (key: string) => (key.startsWith("gen_ai.") ? 0 : 1);
  return Object.entries(attributes).sort(([left], [right]) => rank(left) - rank(right) || left.localeCompare(right));
}
