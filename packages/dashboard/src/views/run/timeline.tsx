/**
 * The timeline tab: every event on a time axis (ms from the run's start), one
 * lane per actor, injections, tool faults and detector findings marked; and
 * the same events as a table in seq order (the chart's text alternative and
 * the keyboard path). Selecting a row (`?seq=`, j/k) marks its event on the
 * chart, so a deep link points at one event.
 */
import { useEffect, useMemo } from "react";
import { useKey } from "../../app/keyboard";
import { useSearchParam } from "../../app/router";
import { count, duration } from "../../components/format";
import type { RunEvent } from "./run-data";
import { buildTimeline, LANE_LABELS, LANE_NAMES, LANES, type TimelineEntry } from "./timeline-model";

const TICKS = [0, 0.25, 0.5, 0.75, 1];

export function TimelineTab(props: { events: readonly RunEvent[]; more?: { loading: boolean; load: () => void } }) {
  const timeline = useMemo(() => buildTimeline(props.events), [props.events]);
  const [selectedParam, setSelected] = useSearchParam("seq", "");
  const selected = selectedParam === "" ? undefined : Number(selectedParam);
  const { entries, span } = timeline;

  const move = (step: number) => {
    if (entries.length === 0) return;
    const at = entries.findIndex((entry) => entry.seq === selected);
    const next = entries[Math.min(entries.length - 1, Math.max(0, at === -1 ? 0 : at + step))];
    if (next) setSelected(String(next.seq));
  };
  useKey("j", () => move(1));
  useKey("k", () => move(-1));
  useEffect(() => {
    if (selected === undefined) return;
    document.querySelector(`[data-timeline-row="${selected}"]`)?.scrollIntoView({ block: "nearest" });
  }, [selected]);

  if (entries.length === 0) return <p className="muted">No events yet.</p>;
  return (
    <div className="timeline">
      <div className="timeline-chart" aria-hidden="true">
        {LANES.map((lane) => (
          <div key={lane} className="timeline-lane" data-lane={lane}>
            <span className="timeline-lane-label">{LANE_LABELS[lane]}</span>
            <span className="timeline-track">
              {entries
                .filter((entry) => entry.lane === lane)
                .map((entry) => (
                  <span
                    key={entry.key}
                    className="timeline-marker"
                    data-tone={entry.tone}
                    data-selected={entry.seq === selected || undefined}
                    style={{ left: `${(entry.at / span) * 100}%` }}
                    title={`${duration(entry.at)} · ${entry.type}: ${entry.summary}`}
                  />
                ))}
            </span>
          </div>
        ))}
        <div className="timeline-axis">
          <span className="timeline-lane-label" />
          <span className="timeline-track">
            {TICKS.map((tick) => (
              <span key={tick} className="timeline-tick" style={{ left: `${tick * 100}%` }}>
                {duration(Math.round(tick * span))}
              </span>
            ))}
          </span>
        </div>
      </div>
      <p className="timeline-legend muted">
        Markers: <span className="legend-swatch" data-tone="injection" /> injection ·{" "}
        <span className="legend-swatch" data-tone="fault" /> tool fault or error ·{" "}
        <span className="legend-swatch" data-tone="detector" /> detector finding ·{" "}
        <span className="legend-swatch" data-tone="fail" /> failed check. Select a row (or press j / k) to mark its event.
      </p>
      <div className="table-scroll">
        <table className="data-table timeline-table">
          <caption className="visually-hidden">Events of the run in seq order, with their time from the start</caption>
          <thead>
            <tr>
              <th scope="col" className="number">
                Seq
              </th>
              <th scope="col" className="number">
                Time
              </th>
              <th scope="col">Lane</th>
              <th scope="col">Event</th>
              <th scope="col">What</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <Row
                key={entry.key}
                entry={entry}
                selected={entry.seq === selected}
                select={() => setSelected(entry.seq === selected ? "" : String(entry.seq))}
              />
            ))}
          </tbody>
        </table>
      </div>
      {props.more ? (
        <p className="load-more">
          <button type="button" onClick={props.more.load} disabled={props.more.loading}>
            {props.more.loading ? "Loading…" : "Load more events"}
          </button>{" "}
          <span className="muted">{count(entries.length)} shown</span>
        </p>
      ) : null}
    </div>
  );
}

function Row(props: { entry: TimelineEntry; selected: boolean; select: () => void }) {
  const { entry } = props;
  return (
    <tr data-timeline-row={entry.seq} data-tone={entry.tone} data-lane={entry.lane} data-selected={props.selected || undefined}>
      <th scope="row" className="number">
        <button
          type="button"
          className="link-button"
          aria-pressed={props.selected}
          onClick={props.select}
          aria-label={`Event ${entry.seq}: mark on the chart`}
        >
          {entry.seq}
        </button>
      </th>
      <td className="number timeline-time">+{duration(entry.at)}</td>
      <td>{LANE_NAMES[entry.lane]}</td>
      <td>
        <code>{entry.type}</code>
      </td>
      <td className="timeline-summary">{entry.summary}</td>
    </tr>
  );
}
