/**
 * The graph as SVG: nodes in columns from the entry (graph-layout.ts), each
 * coloured by its verdict and labelled with it (mark and word, and a title),
 * chaos badges where a fault hit, edges as arrows named by their kind, the
 * edges the run took drawn heavier with how often. Nodes are one roving tab
 * stop: the arrow keys move between them, Enter or Space selects one (its
 * details show below the drawing).
 */
import { type KeyboardEvent, useId, useRef, useState } from "react";
import {
  describeNode,
  type GraphLayout,
  NODE_HEIGHT,
  NODE_WIDTH,
  neighbour,
  nodeStatus,
  type PlacedEdge,
  type PlacedNode,
  VERDICT_LABELS,
} from "./graph-layout";

export function GraphDrawing(props: { layout: GraphLayout; label: string; selected: string; onSelect: (node: string) => void }) {
  const { layout } = props;
  const markers = useId().replace(/:/g, "");
  const svg = useRef<SVGSVGElement>(null);
  const [focused, setFocused] = useState(props.selected || layout.nodes[0]?.name || "");
  const byName = new Map(layout.nodes.map((node) => [node.name, node]));
  const pairs = new Map<string, number>();
  const keyDown = (event: KeyboardEvent<SVGGElement>, node: PlacedNode) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      props.onSelect(node.name === props.selected ? "" : node.name);
      return;
    }
    const next = neighbour(layout.nodes, node.name, event.key);
    if (next === undefined) return;
    event.preventDefault();
    setFocused(next);
    svg.current?.querySelector<SVGGElement>(`[data-node="${CSS.escape(next)}"]`)?.focus();
  };
  return (
    <div className="graph-canvas">
      {/* biome-ignore lint/a11y/useSemanticElements: an SVG cannot be a <fieldset>; the group names its node buttons */}
      <svg
        ref={svg}
        className="graph-svg"
        role="group"
        aria-label={props.label}
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
      >
        <defs>
          {(["taken", "idle"] as const).map((state) => (
            <marker
              key={state}
              id={`${markers}-${state}`}
              className={`graph-arrow graph-arrow-${state}`}
              viewBox="0 0 10 10"
              refX="9"
              refY="5"
              markerUnits="userSpaceOnUse"
              markerWidth="11"
              markerHeight="11"
              orient="auto-start-reverse"
            >
              <path d="M0,0 L10,5 L0,10 z" />
            </marker>
          ))}
        </defs>
        <g className="graph-edges">
          {layout.edges.map((edge) => {
            const from = byName.get(edge.from);
            const to = byName.get(edge.to);
            if (!from || !to) return null;
            const pair = `${edge.from}→${edge.to}`;
            const lane = pairs.get(pair) ?? 0;
            pairs.set(pair, lane + 1);
            return <Edge key={edge.key} edge={edge} from={from} to={to} lane={lane} markers={markers} />;
          })}
        </g>
        {layout.nodes.map((node) => (
          <Node
            key={node.name}
            node={node}
            selected={node.name === props.selected}
            focusable={node.name === (byName.has(focused) ? focused : layout.nodes[0]?.name)}
            onSelect={() => props.onSelect(node.name === props.selected ? "" : node.name)}
            onFocus={() => setFocused(node.name)}
            onKeyDown={(event) => keyDown(event, node)}
          />
        ))}
      </svg>
    </div>
  );
}

function Node(props: {
  node: PlacedNode;
  selected: boolean;
  focusable: boolean;
  onSelect: () => void;
  onFocus: () => void;
  onKeyDown: (event: KeyboardEvent<SVGGElement>) => void;
}) {
  const { node } = props;
  const description = describeNode(node);
  const chaos = node.chaos.join(", ");
  return (
    // biome-ignore lint/a11y/useSemanticElements: an SVG group cannot be a <button>; it takes the role and keys of one
    <g
      className="graph-node"
      data-node={node.name}
      data-verdict={node.verdict}
      data-selected={props.selected ? "true" : undefined}
      role="button"
      aria-pressed={props.selected}
      aria-label={description}
      tabIndex={props.focusable ? 0 : -1}
      transform={`translate(${node.x} ${node.y})`}
      onClick={props.onSelect}
      onFocus={props.onFocus}
      onKeyDown={props.onKeyDown}
    >
      <title>{description}</title>
      <rect className="graph-node-box" width={NODE_WIDTH} height={NODE_HEIGHT} rx="8" />
      {/* long names and fault lists are squeezed, never cut: the accessible name holds every word drawn */}
      <text
        className="graph-node-name"
        x={NODE_WIDTH / 2}
        y="22"
        textAnchor="middle"
        {...squeeze(node.name.length + (node.entry ? 2 : 0), 17, NODE_WIDTH - 16)}
      >
        {node.entry ? "▶ " : ""}
        {node.name}
      </text>
      <text className="graph-node-status" x={NODE_WIDTH / 2} y="42" textAnchor="middle">
        {/* the mark in a text node of its own: checkers drop icon-like glyphs with the text around them */}
        <tspan>{VERDICT_LABELS[node.verdict].mark}</tspan> {nodeStatus(node)}
      </text>
      {chaos ? (
        <g className="graph-chaos" data-chaos={node.chaos.join(" ")} transform={`translate(${NODE_WIDTH - 8} -12)`}>
          <rect x={-badgeWidth(chaos)} width={badgeWidth(chaos)} height="20" rx="10" />
          <text x={-badgeWidth(chaos) / 2} y="14" textAnchor="middle" {...squeeze(chaos.length, 26, badgeWidth(chaos) - 28)}>
            ⚡ {chaos}
          </text>
        </g>
      ) : null}
      {node.answered ? (
        // a mark first: checkers read the texts run together, and the mark keeps "pass" and "answered" apart
        <text className="graph-node-answered" x={NODE_WIDTH / 2} y={NODE_HEIGHT + 15} textAnchor="middle">
          {"↳ answered the user"}
        </text>
      ) : null}
    </g>
  );
}

function Edge(props: { edge: PlacedEdge; from: PlacedNode; to: PlacedNode; lane: number; markers: string }) {
  const { edge, from, to, lane } = props;
  const taken = edge.count > 0;
  const path = edgePath(from, to, lane);
  const name = edge.kind === "unexpected" ? "not in graph" : edge.kind;
  const detail = edge.tool ?? edge.when;
  const text = `${name}${detail ? `: ${clip(detail, 16)}` : ""}${taken ? ` ×${edge.count}` : ""}`;
  return (
    <g className="graph-edge" data-edge={`${edge.from}→${edge.to}`} data-kind={edge.kind} data-taken={taken ? "true" : "false"}>
      <title>
        {`${edge.from} → ${edge.to}: ${name}${detail ? ` (${detail})` : ""}, ${taken ? `taken ${edge.count} ${edge.count === 1 ? "time" : "times"}` : "not taken"}`}
      </title>
      <path d={path.d} markerEnd={`url(#${props.markers}-${taken ? "taken" : "idle"})`} />
      <text x={path.labelX} y={path.labelY - 4} textAnchor="middle">
        {text}
      </text>
    </g>
  );
}

/** A cubic curve from `from` to `to`: forward edges side to side, others below the nodes, a loop above. */
function edgePath(from: PlacedNode, to: PlacedNode, lane: number): { d: string; labelX: number; labelY: number } {
  const shift = lane * 16;
  if (from.name === to.name) {
    const x = from.x + NODE_WIDTH - 24;
    const y = from.y;
    return { d: `M${x},${y} C${x - 10},${y - 46} ${x + 46},${y - 30} ${x + 24},${y + 8}`, labelX: x + 18, labelY: y - 34 };
  }
  if (to.column > from.column) {
    const start = { x: from.x + NODE_WIDTH, y: from.y + NODE_HEIGHT / 2 + shift };
    const end = { x: to.x, y: to.y + NODE_HEIGHT / 2 + shift };
    const bend = (end.x - start.x) / 2;
    return {
      d: `M${start.x},${start.y} C${start.x + bend},${start.y} ${end.x - bend},${end.y} ${end.x},${end.y}`,
      labelX: (start.x + end.x) / 2,
      labelY: (start.y + end.y) / 2,
    };
  }
  const start = { x: from.x + NODE_WIDTH / 2 - 20 + shift, y: from.y + NODE_HEIGHT };
  const end = { x: to.x + NODE_WIDTH / 2 + 20 + shift, y: to.y + NODE_HEIGHT };
  const low = Math.max(start.y, end.y) + 36 + shift;
  return {
    d: `M${start.x},${start.y} C${start.x},${low} ${end.x},${low} ${end.x},${end.y}`,
    labelX: (start.x + end.x) / 2,
    labelY: low - 4,
  };
}

function badgeWidth(chaos: string): number {
  return Math.min(26, chaos.length) * 7 + 28;
}

/** SVG attributes fitting a text of `length` characters into `width` when it is longer than `fits` characters. */
function squeeze(length: number, fits: number, width: number) {
  return length > fits ? { textLength: width, lengthAdjust: "spacingAndGlyphs" as const } : {};
}

function clip(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
