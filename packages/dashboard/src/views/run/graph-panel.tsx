/**
 * The run view's Graph tab: for each behavioral graph the run streamed
 * (`GET /api/v1/runs/{runId}/graph`), the graph drawn with the path the run
 * took, per-node verdicts, chaos badges, a legend, the selected node's
 * details (`?node=`), contract breaches per node, the faults that fired and
 * the visits in order. The run view reloads the graph on graph events of a
 * live run (`GRAPH_EVENT_TYPES`); the key sits under the run's, so a resync
 * reloads it too.
 */
import { useMemo } from "react";
import { unwrap } from "../../api/client";
import { useQuery } from "../../api/query";
import { useApi } from "../../app/api-context";
import { useSearchParam } from "../../app/router";
import { Failure, Loading } from "../../components/states";
import { BreachList, ChaosList, NodeDetails, VerdictMark, VisitTable } from "./graph-details";
import { GraphDrawing } from "./graph-drawing";
import { type GraphRun, layoutGraph } from "./graph-layout";
import "./graph.css";

/** Stored event types that change a run's graph view (a live run reloads it on these). */
export const GRAPH_EVENT_TYPES: readonly string[] = ["graph_started", "node_started", "node_finished", "handoff", "injection"];

/** The query key of a run's graphs (under the run's key: invalidating the run reloads them). */
export const graphKey = (runId: string): string => `/api/v1/runs/${runId}/graph`;

/** The run's graphs (an empty list for a run without one; `undefined` while loading or when refused). */
export function useRunGraphs(runId: string) {
  const client = useApi();
  return useQuery<GraphRun[]>(
    graphKey(runId),
    async () => unwrap(await client.GET("/api/v1/runs/{runId}/graph", { params: { path: { runId } } })).graphs,
  );
}

export function GraphPanel(props: { graphs: GraphRun[] | undefined; error: Error | undefined; reload: () => void }) {
  if (props.error) return <Failure error={props.error} retry={props.reload} />;
  if (!props.graphs) return <Loading what="the graph" />;
  return (
    <div className="graph-tab">
      {props.graphs.map((graph) => (
        <GraphSection key={graph.graph} graph={graph} />
      ))}
    </div>
  );
}

function GraphSection(props: { graph: GraphRun }) {
  const { graph } = props;
  const layout = useMemo(() => layoutGraph(graph), [graph]);
  const [selected, setSelected] = useSearchParam("node", "");
  const node = layout.nodes.find((candidate) => candidate.name === selected);
  const titleId = `graph-${graph.graph.replace(/[^\w-]/g, "_")}`;
  const taken = graph.edges.reduce((sum, edge) => sum + edge.count, 0);
  const running = graph.visits.some((visit) => !visit.finished);
  return (
    <section className="panel graph-section" aria-labelledby={titleId} data-graph={graph.graph}>
      <h3 id={titleId}>
        Graph {graph.graph}
        {graph.outline?.version ? <span className="muted"> · version {graph.outline.version}</span> : null}
      </h3>
      <p className="graph-summary">
        {graph.visits.length} {graph.visits.length === 1 ? "visit" : "visits"}, {taken} {taken === 1 ? "handoff" : "handoffs"}
        {graph.answeredBy ? (
          <>
            {" "}
            · answered by <strong data-answered-by={graph.answeredBy}>{graph.answeredBy}</strong>
          </>
        ) : null}
        {running ? <span className="graph-running"> · running</span> : null}
        {graph.outline ? null : <span className="muted"> · the run streamed no outline: only visited nodes are drawn</span>}
      </p>
      <GraphDrawing
        layout={layout}
        label={`Graph ${graph.graph}: ${layout.nodes.length} nodes; arrow keys move between nodes, Enter shows one`}
        selected={node ? node.name : ""}
        onSelect={setSelected}
      />
      <Legend />
      {node ? (
        <NodeDetails node={node} visits={graph.visits.filter((visit) => visit.node === node.name)} />
      ) : (
        <p className="muted graph-hint">
          Select a node (click, or Tab to the drawing, arrow keys and Enter) to see its contract.
        </p>
      )}
      <div className="graph-lists">
        <section aria-labelledby={`${titleId}-breaches`}>
          <h4 id={`${titleId}-breaches`}>Contract breaches</h4>
          <BreachList nodes={layout.nodes} visits={graph.visits} />
        </section>
        {graph.chaos.length > 0 ? (
          <section aria-labelledby={`${titleId}-chaos`}>
            <h4 id={`${titleId}-chaos`}>Chaos</h4>
            <ChaosList chaos={graph.chaos} />
          </section>
        ) : null}
        <section aria-labelledby={`${titleId}-nodes`}>
          <h4 id={`${titleId}-nodes`}>Nodes</h4>
          <ul className="graph-node-list">
            {layout.nodes.map((placed) => (
              <li key={placed.name} data-node-verdict={placed.name}>
                <VerdictMark verdict={placed.verdict} /> {placed.name}
                <span className="muted">
                  {" "}
                  · {placed.visits} {placed.visits === 1 ? "visit" : "visits"}
                </span>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <h4>Visits</h4>
      <VisitTable visits={graph.visits} selected={node?.name ?? ""} />
    </section>
  );
}

function Legend() {
  return (
    <p className="graph-legend muted">
      Nodes: <VerdictMark verdict="pass" /> <VerdictMark verdict="fail" /> (contract breach) <VerdictMark verdict="error" />{" "}
      <VerdictMark verdict="running" /> <VerdictMark verdict="unvisited" /> · ▶ entry · ⚡ chaos fault. Edges: heavy = taken
      (×count), thin dashed = not taken; labels name the kind (tool, route, fallback, handoff).
    </p>
  );
}
