// Small numeric helpers shared by the orchestrator and its workload modules.

/** Median of the finite numbers in `values`, or null when there are none. */
export function median(values) {
  const sorted = values.filter((value) => typeof value === "number" && Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** `value` rounded to `digits` decimals; null and undefined stay null. */
export const round = (value, digits = 2) => (value === null || value === undefined ? null : Number(value.toFixed(digits)));
