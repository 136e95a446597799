/**
 * What the graph tab lists beside the drawing: the selected node (kind,
 * contract, verdict, its visits), contract breaches per node (rule, detail,
 * turn), the chaos faults that fired and where, and every visit in order
 * (turn, node, from → to, duration, output excerpt, tools).
 */
import { duration } from "../../components/format";
import { type GraphRun, type PlacedNode, VERDICT_LABELS } from "./graph-layout";
import { RedactedText } from "./redacted-text";
import { excerpt } from "./timeline-model";

type Visit = GraphRun["visits"][number];

/** A verdict as a badge: mark and word, coloured by the theme. */
export function VerdictMark(props: { verdict: PlacedNode["verdict"] }) {
  const label = VERDICT_LABELS[props.verdict];
  return (
    <span className="graph-verdict" data-verdict={props.verdict}>
      <span aria-hidden="true">{label.mark}</span> {label.word}
    </span>
  );
}

export function NodeDetails(props: { node: PlacedNode; visits: readonly Visit[] }) {
  const { node } = props;
  const contract = node.contract ?? {};
  const rules = [
    ...(contract.input ? ["input schema"] : []),
    ...(contract.output ? ["output schema"] : []),
    ...(contract.tools ? [`tools: ${contract.tools.join(", ") || "none"}`] : []),
    ...(contract.handoffs ? [`hands off to: ${contract.handoffs.join(", ") || "none"}`] : []),
    ...(contract.must ?? []).map((rule) => `must: ${rule}`),
    ...(contract.mustNot ?? []).map((rule) => `must not: ${rule}`),
    ...(contract.latencyMs !== undefined ? [`latency ≤ ${duration(contract.latencyMs)}`] : []),
  ];
  return (
    <section className="graph-node-details" aria-labelledby="graph-node-title" data-node-details={node.name}>
      <h4 id="graph-node-title">
        Node {node.name} <VerdictMark verdict={node.verdict} />
      </h4>
      <dl className="facts">
        <div>
          <dt>Kind</dt>
          <dd>{node.kind}</dd>
        </div>
        <div>
          <dt>Visits</dt>
          <dd>{node.visits}</dd>
        </div>
        <div>
          <dt>Breaches</dt>
          <dd>{node.breaches}</dd>
        </div>
        <div>
          <dt>Errors</dt>
          <dd>{node.errors}</dd>
        </div>
      </dl>
      {node.description ? <p className="muted">{node.description}</p> : null}
      {rules.length > 0 ? (
        <p>
          Contract: <span className="graph-contract">{rules.join(" · ")}</span>
        </p>
      ) : (
        <p className="muted">No contract.</p>
      )}
      {props.visits.length === 0 ? <p className="muted">The run never reached this node.</p> : null}
    </section>
  );
}

/** Breaches grouped by node, in the order the nodes are drawn. */
export function BreachList(props: { nodes: readonly PlacedNode[]; visits: readonly Visit[] }) {
  const groups = props.nodes
    .map((node) => ({
      node: node.name,
      breaches: props.visits
        .filter((visit) => visit.node === node.name)
        .flatMap((visit) => visit.breaches.map((breach) => ({ ...breach, turn: visit.turn }))),
    }))
    .filter((group) => group.breaches.length > 0);
  if (groups.length === 0) return <p className="muted">No contract breaches.</p>;
  return (
    <ul className="graph-breaches">
      {groups.map((group) => (
        <li key={group.node} data-breaches-of={group.node}>
          <strong>{group.node}</strong>
          <ul>
            {group.breaches.map((breach, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: breaches of a stored run, in order; one rule may break twice in a turn
              <li key={`${breach.turn}:${breach.rule}:${index}`} className="graph-breach">
                <code>{breach.rule}</code> at turn {breach.turn}: <RedactedText text={breach.detail} />
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ul>
  );
}

export function ChaosList(props: { chaos: GraphRun["chaos"] }) {
  if (props.chaos.length === 0) return null;
  return (
    <ul className="graph-chaos-list">
      {props.chaos.map((fired, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: faults of a stored run, in order; one fault may fire twice
        <li key={`${fired.name}:${index}`} data-chaos-fault={fired.fault}>
          <span aria-hidden="true">⚡</span> <code>{fired.fault}</code> at{" "}
          {fired.node ? `node ${fired.node}` : fired.edge ? `edge ${fired.edge}` : "the graph"} ({fired.name})
          {fired.reason ? <span className="muted"> · {fired.reason}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function VisitTable(props: { visits: readonly Visit[]; selected: string }) {
  return (
    <div className="table-scroll">
      <table className="data-table graph-visits">
        <caption className="visually-hidden">Node visits in the order the run made them</caption>
        <thead>
          <tr>
            <th scope="col" className="number">
              Turn
            </th>
            <th scope="col">Node</th>
            <th scope="col">From → to</th>
            <th scope="col" className="number">
              Duration
            </th>
            <th scope="col">Output</th>
            <th scope="col">Tools</th>
          </tr>
        </thead>
        <tbody>
          {props.visits.map((visit, index) => (
            <tr
              // biome-ignore lint/suspicious/noArrayIndexKey: visits have no id; their order is their identity
              key={index}
              data-visit={visit.node}
              data-selected={visit.node === props.selected || undefined}
              data-outcome={visitOutcome(visit)}
            >
              <td className="number">{visit.turn}</td>
              <th scope="row">
                {visit.node}
                {visit.chaos.length > 0 ? <span className="graph-chaos-tag"> ⚡ {visit.chaos.join(", ")}</span> : null}
              </th>
              <td>
                {visit.from ?? "user"} → {visit.handoffTo ?? (visit.finished ? (visit.error ? "—" : "user") : "…")}
                {visit.by ? <span className="muted"> ({visit.by})</span> : null}
              </td>
              <td className="number">{visit.durationMs === undefined ? "—" : duration(visit.durationMs)}</td>
              <td className="graph-output">
                {visit.error ? (
                  <span className="graph-visit-error">
                    error: <RedactedText text={excerpt(visit.error)} />
                  </span>
                ) : visit.output ? (
                  <RedactedText text={excerpt(visit.output)} />
                ) : (
                  <span className="muted">{visit.finished ? "—" : "running…"}</span>
                )}
                {visit.breaches.length > 0 ? (
                  <span className="graph-visit-breach">
                    {" "}
                    · {visit.breaches.length} {visit.breaches.length === 1 ? "breach" : "breaches"}
                  </span>
                ) : null}
              </td>
              <td>{visit.tools.length > 0 ? visit.tools.join(", ") : <span className="muted">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function visitOutcome(visit: Visit): string {
  if (visit.error) return "error";
  if (visit.breaches.length > 0) return "fail";
  return visit.finished ? "pass" : "running";
}
