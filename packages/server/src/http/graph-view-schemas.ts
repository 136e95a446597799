/**
 * Response schema of a run's graph view (`GET /api/v1/runs/{runId}/graph`):
 * core's `GraphRunView` (domain/graph-outline.ts) described in zod so the
 * OpenAPI document, and the dashboard's typed client generated from it, know
 * the shape the dashboard draws. The route test checks real responses
 * against it.
 */
import { z } from "zod";

const nodeKind = z.enum(["agent", "model", "function"]);
const edgeKind = z.enum(["tool", "route", "fallback", "handoff"]);
const verdict = z.enum(["pass", "fail", "error", "unvisited", "running"]);

const contractSchema = z.object({
  input: z.boolean().optional(),
  output: z.boolean().optional(),
  tools: z.array(z.string()).optional(),
  handoffs: z.array(z.string()).optional(),
  must: z.array(z.string()).optional(),
  mustNot: z.array(z.string()).optional(),
  latencyMs: z.number().optional(),
});

/** A graph's outline: what `graph_started` streamed (nodes and edges in declaration order, limits). */
export const graphOutlineSchema = z
  .object({
    name: z.string(),
    version: z.string().optional(),
    entry: z.string(),
    nodes: z.array(
      z.object({
        name: z.string(),
        kind: nodeKind,
        description: z.string().optional(),
        contract: contractSchema.optional(),
      }),
    ),
    edges: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        kind: edgeKind,
        tool: z.string().optional().meta({ description: "The handoff tool's name (tool edges)" }),
        when: z.string().optional().meta({ description: "The route's condition, as text" }),
      }),
    ),
    limits: z.object({ maxHops: z.number().int(), nodeTimeoutMs: z.number().optional() }),
  })
  .meta({ id: "GraphOutline" });

const visitSchema = z.object({
  node: z.string(),
  turn: z.number().int(),
  from: z.string().optional(),
  input: z.unknown().optional(),
  output: z.string().optional(),
  tools: z.array(z.string()),
  handoffTo: z.string().optional(),
  by: z.enum(["route", "tool", "function", "error"]).optional(),
  error: z.string().optional(),
  breaches: z.array(z.object({ rule: z.string(), detail: z.string() })),
  durationMs: z.number().optional(),
  chaos: z.array(z.string()).meta({ description: "Faults that hit this visit or the handoff into it" }),
  finished: z.boolean().meta({ description: "False while the visit runs (a live run)" }),
});

/** One graph as a run's events show it. */
export const graphRunViewSchema = z
  .object({
    graph: z.string(),
    outline: graphOutlineSchema.nullable().meta({ description: "Null when the run never streamed graph_started" }),
    visits: z.array(visitSchema),
    edges: z.array(z.object({ from: z.string(), to: z.string(), count: z.number().int() })),
    nodes: z.record(
      z.string(),
      z.object({
        visits: z.number().int(),
        verdict,
        breaches: z.number().int(),
        errors: z.number().int(),
        chaos: z.number().int(),
      }),
    ),
    chaos: z.array(
      z.object({
        name: z.string(),
        fault: z.string(),
        node: z.string().optional(),
        edge: z.string().optional(),
        reason: z.string().optional(),
      }),
    ),
    answeredBy: z.string().nullable().meta({ description: "The node that answered the user last" }),
  })
  .meta({ id: "GraphRunView" });

/** The route's body: one view per graph the run streamed (none for a run without a graph). */
export const runGraphsSchema = z
  .object({
    graphs: z.array(graphRunViewSchema),
    truncated: z.boolean().meta({ description: "True when the run had more graph events than one read takes" }),
  })
  .meta({ id: "RunGraphs" });
