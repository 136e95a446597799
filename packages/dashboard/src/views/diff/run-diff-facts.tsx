/**
 * The run diff's facts: metric deltas (turns, messages, duration, tokens,
 * cost), criterion transitions (met → unmet is a regression, unmet → met a
 * fix; `data-transition` carries it), the tool-call sequence diff and
 * domain-event count deltas. "Show only changed" hides what did not change.
 */
import type { Schemas } from "../../api/client";
import { count } from "../../components/format";
import { type Better, type DeltaUnit, formatValue } from "./delta";
import { DeltaHead, DeltaText } from "./delta-text";
import { toolRows } from "./tool-rows";

type RunDiff = Schemas["RunDiff"];
type MetricName = keyof RunDiff["metrics"];

const METRICS: Array<{ name: MetricName; label: string; unit: DeltaUnit; better: Better }> = [
  { name: "turns", label: "Turns", unit: "count", better: "lower" },
  { name: "messageCount", label: "Messages", unit: "count", better: "neutral" },
  { name: "durationMs", label: "Duration", unit: "duration", better: "lower" },
  { name: "inputTokens", label: "Input tokens", unit: "count", better: "lower" },
  { name: "outputTokens", label: "Output tokens", unit: "count", better: "lower" },
  { name: "costUsd", label: "Cost", unit: "cost", better: "lower" },
];

export function MetricDeltas(props: { diff: RunDiff }) {
  return (
    <section className="diff-section" aria-labelledby="metrics-heading">
      <h2 id="metrics-heading">Metrics</h2>
      <table className="data-table delta-table">
        <DeltaHead label="Metric" />
        <tbody>
          {METRICS.map((metric) => {
            const value = props.diff.metrics[metric.name];
            return (
              <tr key={metric.name} data-metric={metric.name}>
                <th scope="row">{metric.label}</th>
                <td className="number">{formatValue(value.base, metric.unit)}</td>
                <td className="number">{formatValue(value.head, metric.unit)}</td>
                <td className="number">
                  <DeltaText delta={value.delta} unit={metric.unit} better={metric.better} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

const TRANSITION_WORDS: Record<RunDiff["criteria"][number]["transition"], string> = {
  regressed: "regression",
  fixed: "fixed",
  added: "new criterion",
  removed: "criterion removed",
  unchanged: "unchanged",
};

function Verdict(props: { verdict: string | null }) {
  return props.verdict === null ? (
    <span className="muted">—</span>
  ) : (
    <span className="verdict" data-verdict={props.verdict}>
      {props.verdict}
    </span>
  );
}

export function CriteriaTransitions(props: { diff: RunDiff; onlyChanged: boolean }) {
  const all = props.diff.criteria;
  const shown = props.onlyChanged ? all.filter((row) => row.transition !== "unchanged") : all;
  return (
    <section className="diff-section" aria-labelledby="criteria-heading">
      <h2 id="criteria-heading">Criteria</h2>
      {all.length === 0 ? (
        <p className="muted">Neither run was judged on criteria.</p>
      ) : shown.length === 0 ? (
        <p className="muted">All {all.length} criteria have the same verdict in both runs.</p>
      ) : (
        <table className="data-table criteria-table">
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">Base</th>
              <th scope="col">Head</th>
              <th scope="col">Change</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.criterion} data-transition={row.transition}>
                <th scope="row">{row.criterion}</th>
                <td>
                  <Verdict verdict={row.base} />
                </td>
                <td>
                  <Verdict verdict={row.head} />
                </td>
                <td>
                  <span className="transition" data-transition={row.transition}>
                    {TRANSITION_WORDS[row.transition]}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

const OP_WORDS = { added: "only in head", removed: "only in base", equal: "in both" } as const;
const OP_MARKS = { added: "+", removed: "\u2212", equal: "\u00a0" } as const;

export function ToolCallDiff(props: { diff: RunDiff; onlyChanged: boolean }) {
  const tools = props.diff.toolCalls;
  return (
    <section className="diff-section" aria-labelledby="tools-heading">
      <h2 id="tools-heading">Tool calls</h2>
      {tools.baseCount + tools.headCount === 0 ? (
        <p className="muted">Neither run called a tool.</p>
      ) : tools.equal ? (
        <p className="muted">
          {tools.baseCount === 1
            ? "The same tool call in both runs."
            : `The same ${count(tools.baseCount)} tool calls, in the same order, in both runs.`}
        </p>
      ) : (
        <>
          <p className="muted">
            Base made {count(tools.baseCount)} tool calls, head {count(tools.headCount)}.
          </p>
          <ol className="tool-diff">
            {toolRows(tools.changes, props.onlyChanged).map((row) =>
              row.kind === "folded" ? (
                <li key={row.key} data-op="equal" className="muted">
                  {row.size} {row.size === 1 ? "call" : "calls"} in both
                </li>
              ) : (
                <li key={row.key} data-op={row.op}>
                  <span className="op-mark" aria-hidden="true">
                    {OP_MARKS[row.op]}
                  </span>
                  <span className="visually-hidden">{OP_WORDS[row.op]}: </span>
                  <code className="tool-name">{row.call.name}</code> <code className="tool-args">{row.call.arguments}</code>
                </li>
              ),
            )}
          </ol>
        </>
      )}
    </section>
  );
}

export function EventDeltas(props: { diff: RunDiff; onlyChanged: boolean }) {
  const all = props.diff.events;
  const shown = props.onlyChanged ? all.filter((row) => row.delta !== 0) : all;
  return (
    <section className="diff-section" aria-labelledby="events-heading">
      <h2 id="events-heading">Events</h2>
      {all.length === 0 ? (
        <p className="muted">No events stored for either run.</p>
      ) : shown.length === 0 ? (
        <p className="muted">The same count of each of the {all.length} event types in both runs.</p>
      ) : (
        <table className="data-table delta-table">
          <DeltaHead label="Event type" />
          <tbody>
            {shown.map((row) => (
              <tr key={row.type} data-event-type={row.type}>
                <th scope="row">
                  <code>{row.type}</code>
                </th>
                <td className="number">{count(row.base)}</td>
                <td className="number">{count(row.head)}</td>
                <td className="number">
                  <DeltaText delta={row.delta} unit="count" better="neutral" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
