/**
 * A batch's counts as one stacked bar plus the words. Widths come from the
 * counts the server derived from the runs; the bar is decoration (the text
 * says the same), so it is hidden from assistive technology.
 */
const PARTS = ["pass", "fail", "error", "skipped", "stalled", "running", "queued"] as const;

/**
 * The counts the bar shows: a batch's (`Schemas["Batch"]["counts"]`) or a set's last batch's
 * (which has no `queued`: launched runs waiting for a worker).
 */
export type Counts = Record<Exclude<(typeof PARTS)[number], "queued"> | "total", number> & { queued?: number };

export function CountsBar(props: { counts: Counts; expected?: number | null }) {
  const total = Math.max(props.counts.total, props.expected ?? 0, 1);
  return (
    <div className="counts-bar-wrap">
      <div className="counts-bar" aria-hidden="true">
        {PARTS.map((part) => {
          const value = props.counts[part] ?? 0;
          return value > 0 ? <span key={part} data-status={part} style={{ width: `${(value / total) * 100}%` }} /> : null;
        })}
      </div>
      <span className="counts-text">
        {PARTS.filter((part) => (props.counts[part] ?? 0) > 0)
          .map((part) => `${props.counts[part]} ${part}`)
          .join(" · ") || "no runs"}
      </span>
    </div>
  );
}
