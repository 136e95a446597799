/**
 * How a difference between two numbers reads: a sign (+ or a true minus
 * sign, "±0" for none), the magnitude in the metric's own unit, and a tone
 * saying whether the change is better or worse for that metric. The tone
 * is shown as a word beside the colour, never by colour alone.
 */
import { cost, count, duration, percent } from "../../components/format";

export type DeltaUnit = "count" | "duration" | "cost" | "rate";
/** Which direction is good for a metric; `neutral` when neither is (event counts). */
export type Better = "lower" | "higher" | "neutral";
export type Tone = "better" | "worse" | "same" | "neutral" | "unknown";

const MINUS = "\u2212";

function magnitude(value: number, unit: DeltaUnit): string {
  switch (unit) {
    case "count":
      return count(value);
    case "duration":
      return duration(value);
    case "cost":
      return cost(value);
    case "rate":
      return `${(Math.round(value * 1000) / 10).toFixed(1)} pp`;
    default:
      return unit satisfies never;
  }
}

/** A value in its unit: `1.50 s`, `$0.0040`, `66.7%` (a rate with nothing settled is "no data", never 0 %). */
export function formatValue(value: number | null, unit: DeltaUnit): string {
  if (unit === "rate") return value === null ? "no data" : percent(value);
  return value === null ? "—" : magnitude(value, unit);
}

/** `+1.20 s`, `−$0.0040`, `+12.5 pp` (percentage points), `±0`; `—` when either side is missing. */
export function signedDelta(delta: number | null | undefined, unit: DeltaUnit): string {
  if (delta === null || delta === undefined || Number.isNaN(delta)) return "—";
  const shown = magnitude(Math.abs(delta), unit);
  if (delta === 0 || /^\$?0(\.0+)?( pp| ms)?$/.test(shown)) return "±0";
  return `${delta > 0 ? "+" : MINUS}${shown}`;
}

/** Whether `delta` is an improvement for a metric where `better` is the good direction. */
export function deltaTone(delta: number | null | undefined, better: Better): Tone {
  if (delta === null || delta === undefined || Number.isNaN(delta)) return "unknown";
  if (delta === 0) return "same";
  if (better === "neutral") return "neutral";
  return delta < 0 === (better === "lower") ? "better" : "worse";
}

/** The word written beside a tone's colour (empty where the sign says it all). */
export const TONE_WORDS: Record<Tone, string> = {
  better: "better",
  worse: "worse",
  same: "same",
  neutral: "",
  unknown: "",
};
