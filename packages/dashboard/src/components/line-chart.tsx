/**
 * A small multi-series line chart in SVG: x is the batch (in order), y is
 * the series' value from 0 to `max` (or the largest value). A missing value
 * (`null`) breaks its line. The figure is labelled and followed by its data
 * as a table (collapsed by default), so the numbers are there without
 * seeing the picture.
 */
import { useId } from "react";
import "./line-chart.css";

export interface Series {
  name: string;
  /** A CSS colour (a theme variable). */
  color: string;
  values: ReadonlyArray<number | null>;
  /** How a value reads in the table and the tooltip. */
  format: (value: number) => string;
  /** Drawn dashed (a second measure of the same thing, e.g. p50 beside p95). */
  dashed?: boolean;
}

export function LineChart(props: {
  title: string;
  labels: readonly string[];
  series: readonly Series[];
  max?: number;
  height?: number;
}) {
  const id = useId();
  const width = 640;
  const height = props.height ?? 180;
  const pad = { left: 44, right: 12, top: 10, bottom: 22 };
  const all = props.series.flatMap((series) => series.values.filter((value): value is number => value !== null));
  const max = props.max ?? (all.length === 0 ? 1 : Math.max(...all) * 1.1 || 1);
  const count = props.labels.length;
  const x = (index: number) =>
    pad.left + (count > 1 ? (index / (count - 1)) * (width - pad.left - pad.right) : (width - pad.left - pad.right) / 2);
  const y = (value: number) => pad.top + (1 - value / max) * (height - pad.top - pad.bottom);
  const first = props.series[0];
  const ticks = [0, 0.5, 1].map((part) => part * max);
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart-title">
        {props.title}
      </figcaption>
      <div className="chart-legend" aria-hidden="true">
        {props.series.map((series) => (
          <span key={series.name}>
            <span className="swatch" style={{ background: series.color }} />
            {series.name}
          </span>
        ))}
      </div>
      <svg viewBox={`0 0 ${width} ${height}`} className="chart-svg" role="img" aria-label={`${props.title}: see the table below`}>
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={pad.left} x2={width - pad.right} y1={y(tick)} y2={y(tick)} className="chart-grid" />
            <text x={pad.left - 6} y={y(tick) + 4} textAnchor="end" className="chart-tick">
              {first ? first.format(tick) : tick}
            </text>
          </g>
        ))}
        {props.series.map((series) => (
          <g key={series.name} style={{ color: series.color }}>
            <path
              d={linePath(series.values, x, y)}
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              strokeDasharray={series.dashed ? "5 4" : undefined}
            />
            {series.values.map((value, index) =>
              value === null ? null : (
                // biome-ignore lint/suspicious/noArrayIndexKey: points are positional
                <circle key={index} cx={x(index)} cy={y(value)} r="2.5" fill="currentColor">
                  <title>{`${props.labels[index]}: ${series.name} ${series.format(value)}`}</title>
                </circle>
              ),
            )}
          </g>
        ))}
      </svg>
      <details className="chart-data">
        <summary>Data</summary>
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">Batch</th>
              {props.series.map((series) => (
                <th key={series.name} scope="col" className="number">
                  {series.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.labels.map((label, index) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                {props.series.map((series) => {
                  const value = series.values[index];
                  return (
                    <td key={series.name} className="number">
                      {value === null || value === undefined ? "—" : series.format(value)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

function linePath(values: ReadonlyArray<number | null>, x: (index: number) => number, y: (value: number) => number): string {
  let path = "";
  let open = false;
  values.forEach((value, index) => {
    if (value === null) {
      open = false;
      return;
    }
    path += `${open ? "L" : "M"}${x(index).toFixed(1)},${y(value).toFixed(1)}`;
    open = true;
  });
  return path;
}
