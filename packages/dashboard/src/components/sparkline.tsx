/**
 * A pass-rate trend as a small SVG line, 0–100 % on the y axis. Points with
 * no settled run (`null`) break the line rather than drawing a 0 %. The
 * figure has a text alternative listing the values.
 */
export function Sparkline(props: { values: ReadonlyArray<number | null>; width?: number; height?: number; label: string }) {
  const width = props.width ?? 96;
  const height = props.height ?? 24;
  const count = props.values.length;
  if (count === 0) return <span className="muted">no batches</span>;
  const step = count > 1 ? (width - 4) / (count - 1) : 0;
  const y = (value: number) => 2 + (1 - value) * (height - 4);
  const segments: string[] = [];
  let current = "";
  props.values.forEach((value, index) => {
    if (value === null) {
      if (current) segments.push(current);
      current = "";
      return;
    }
    const x = 2 + index * step;
    current += `${current ? "L" : "M"}${x.toFixed(1)},${y(value).toFixed(1)}`;
  });
  if (current) segments.push(current);
  let lastIndex = count - 1;
  while (lastIndex >= 0 && props.values[lastIndex] === null) lastIndex -= 1;
  const last = lastIndex >= 0 ? props.values[lastIndex] : undefined;
  const description = props.values.map((value) => (value === null ? "no data" : `${Math.round(value * 100)}%`)).join(", ");
  return (
    <svg
      className="sparkline"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={`${props.label}: ${description}`}
    >
      {segments.map((path) => (
        <path key={path} d={path} fill="none" stroke="currentColor" strokeWidth="1.5" />
      ))}
      {last !== undefined && last !== null ? <circle cx={2 + lastIndex * step} cy={y(last)} r="2" fill="currentColor" /> : null}
    </svg>
  );
}
