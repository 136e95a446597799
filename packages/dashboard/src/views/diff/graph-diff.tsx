/**
 * The run diff's graph section (runs of behavioral graphs, issue 19): per
 * graph, whether the runs are identical or where they first part (turn,
 * visit, what, with the base and head values), each turn's path in both
 * runs, and the contract breaches that came or went. Absent for runs of no
 * graph.
 */
import type { Schemas } from "../../api/client";

type RunDiff = Schemas["RunDiff"];
type GraphDiff = NonNullable<RunDiff["graphs"]>["graphs"][number];

const WHAT_WORDS: Record<GraphDiff["changes"][number]["what"], string> = {
  node: "another node",
  handoff: "another handoff",
  reply: "another reply",
  payload: "another payload",
  error: "another error",
  missing: "a visit only the base made",
  extra: "a visit only the head made",
};

function Value(props: { value: string | null }) {
  return props.value === null ? <span className="muted">none</span> : <q>{props.value}</q>;
}

function Divergence(props: { graph: GraphDiff }) {
  const first = props.graph.firstDivergence;
  if (props.graph.identical || !first)
    return (
      <p data-graph-divergence="none">
        <strong>Identical:</strong> every visit matches (nodes, handoffs, payloads, replies, errors).
      </p>
    );
  return (
    <p data-graph-divergence={`${first.turn}.${first.visit}`}>
      <strong>First divergence:</strong> turn {first.turn + 1}, visit {first.visit + 1}: {WHAT_WORDS[first.what]} (base{" "}
      <Value value={first.base} />, head <Value value={first.head} />
      ). {props.graph.changeCount} {props.graph.changeCount === 1 ? "change" : "changes"} in all
      {props.graph.truncated ? ", the first 200 listed" : ""}.
    </p>
  );
}

function Breaches(props: { graph: GraphDiff }) {
  const { added, removed } = props.graph.breaches;
  if (added.length === 0 && removed.length === 0) return null;
  const line = (sign: string, breach: GraphDiff["breaches"]["added"][number]) =>
    `${sign} ${breach.node}, turn ${breach.turn + 1} (${breach.rule}): ${breach.detail}`;
  return (
    <ul className="graph-diff-breaches">
      {added.map((breach) => (
        <li key={`added ${breach.turn} ${breach.node} ${breach.rule} ${breach.detail}`} data-breach="added">
          {line("New breach:", breach)}
        </li>
      ))}
      {removed.map((breach) => (
        <li key={`removed ${breach.turn} ${breach.node} ${breach.rule} ${breach.detail}`} data-breach="removed">
          {line("Breach gone:", breach)}
        </li>
      ))}
    </ul>
  );
}

/** The graph section of a run diff; nothing for runs of no graph. */
export function GraphDiffSection(props: { diff: RunDiff }) {
  const graphs = props.diff.graphs?.graphs ?? [];
  if (graphs.length === 0) return null;
  return (
    <section className="diff-section graph-diff" aria-labelledby="graph-diff-heading">
      <h2 id="graph-diff-heading">Graphs</h2>
      {graphs.map((graph) => (
        <div key={graph.graph} data-graph={graph.graph} data-identical={graph.identical}>
          <h3>
            {graph.graph}
            {graph.versions.base !== graph.versions.head
              ? ` (version ${graph.versions.base ?? "—"} → ${graph.versions.head ?? "—"})`
              : ""}
          </h3>
          <Divergence graph={graph} />
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Turn</th>
                <th scope="col">Base path</th>
                <th scope="col">Head path</th>
              </tr>
            </thead>
            <tbody>
              {graph.paths.map((path) => (
                <tr key={path.turn} data-turn={path.turn}>
                  <th scope="row">{path.turn + 1}</th>
                  <td>{path.base.join(" → ") || "—"}</td>
                  <td>{path.head.join(" → ") || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Breaches graph={graph} />
        </div>
      ))}
    </section>
  );
}
