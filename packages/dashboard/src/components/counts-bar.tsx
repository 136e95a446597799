/**
 * A batch's counts as one stacked bar plus the words. Widths come from the
 * counts the server derived from the runs; the bar is decoration (the text
 * says the same), so it is hidden from assistive technology.
 */
const PARTS = ["pass", "fail", "error", "skipped", "stalled", "running"] as const;

/** The counts the bar shows: a batch's (`Schemas["Batch"]["counts"]`) or a set's last batch's. */
export type Counts = Record<(typeof PARTS)[number] | "total", number>;

export function CountsBar(props: { counts: Counts; expected?: number | null }) {
  const total = Math.max(props.counts.total, props.expected ?? 0, 1);
  return (
    <div className="counts-bar-wrap">
      <div className="counts-bar" aria-hidden="true">
        {PARTS.map((part) =>
          props.counts[part] > 0 ? (
            <span key={part} data-status={part} style={{ width: `${(props.counts[part] / total) * 100}%` }} />
          ) : null,
        )}
      </div>
      <span className="counts-text">
        {PARTS.filter((part) => props.counts[part] > 0)
          .map((part) => `${props.counts[part]} ${part}`)
          .join(" · ") || "no runs"}
      </span>
    </div>
  );
}
