/**
 * The graph file (`*.graph.yaml` / `.json`; issue 19): a behavioral graph of
 * cooperating agents, checked like a scenario file (every problem as
 * `file:line:column: field: problem`). Keys are snake_case.
 *
 * ```yaml
 * name: support                      # required
 * version: "3"                       # optional: shown in reports and diffs
 * entry: router                      # the node that takes the user's turn
 * limits: { max_hops: 6, node_timeout_ms: 20000 }
 * nodes:
 *   router:
 *     description: sends the customer to the right desk
 *     agent: { module: ./agents.ts, export: router }       # or http: {…} / openai_compatible: {…}, as a scenario's agent
 *     contract: { handoffs: [refunds, orders], tools: [lookup_order] }
 *   refunds:
 *     agent: { openai_compatible: { base_url: http://127.0.0.1:8080/v1, model: refunds } }
 *     contract:
 *       must_not: [card number]
 *       latency_ms: 3000
 *       tokens: 4000                                        # budgets per visit: tokens, cost_usd
 *       criteria: [never promises a refund before the order is found]   # graded by the run's judge model
 *       output: { type: object, required: [order_id] }       # JSON Schema
 *   orders:
 *     function: { module: ./nodes.ts, export: lookUpOrder } # a deterministic node: (context) => reply or { reply, handoff, payload }
 *   triage:
 *     model: { system_prompt: "Sort the request…", model: "openai:gpt-4.1-mini", temperature: 0 }  # a model with a prompt
 * edges:
 *   - { from: router, to: refunds, tool: true }             # a handoff tool (handoff_to_refunds), or tool: transfer_refunds
 *   - { from: router, to: orders, when: { contains: order } } # a route: contains / matches on the node's reply
 *   - { from: refunds, to: escalation, on_error: true }      # a fallback when refunds fails
 * chaos:                                                     # faults the graph runs with (seeded triggers)
 *   - { node: refunds, fault: error, message: database down, trigger: { kind: random, probability: 0.2 } }
 *   - { edge: { from: router, to: orders }, fault: corrupt_payload }
 *   - { node: orders, fault: adversarial, replacement: { function: { module: ./leaky.ts } } }
 * ```
 *
 * @module
 */
import { z } from "zod";
import { GRAPH_FAULTS } from "../domain/graph.js";
import { agentSchema } from "./schema.js";
import { moduleReferenceSchema } from "./schema-environment.js";
import { triggerSchema } from "./schema-injections.js";

const text = z.string().min(1);
const nodeName = z.string().regex(/^[A-Za-z_][\w-]*$/, "a node name is letters, digits, _ and - (starting with a letter or _)");
const jsonSchema = z.record(z.string(), z.unknown());

const contractSchema = z.strictObject({
  input: jsonSchema.optional(),
  output: jsonSchema.optional(),
  tools: z.array(text).optional(),
  handoffs: z.array(nodeName).optional(),
  must: z.array(text).optional(),
  must_not: z.array(text).optional(),
  latency_ms: z.number().positive().optional(),
  tokens: z.int().min(1).optional(),
  cost_usd: z.number().positive().optional(),
  criteria: z.array(text).optional(),
});

/** A model-backed node: a prompt, the model (default: the run's `defaultModel`), and its settings. */
const modelNodeSchema = z.strictObject({
  system_prompt: text,
  model: z
    .string()
    .regex(/^[a-z-]+:.+/, 'a model id is provider:model, e.g. "openai:gpt-4.1-mini"')
    .optional(),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.int().min(1).optional(),
  max_steps: z.int().min(1).max(50).optional(),
});

const nodeSchema = z.union(
  [
    z.strictObject({ description: text.optional(), agent: agentSchema, contract: contractSchema.optional() }),
    z.strictObject({ description: text.optional(), function: moduleReferenceSchema, contract: contractSchema.optional() }),
    z.strictObject({ description: text.optional(), model: modelNodeSchema, contract: contractSchema.optional() }),
  ],
  { error: "a node needs exactly one of agent (module, http, openai_compatible or a2a), function (module) or model (a prompt)" },
);

const conditionSchema = z.union([z.strictObject({ contains: text }), z.strictObject({ matches: text })], {
  error: "when: is { contains: text } or { matches: regular expression }",
});

const edgeSchema = z.strictObject({
  from: nodeName,
  to: nodeName,
  when: conditionSchema.optional(),
  tool: z.union([z.boolean(), text]).optional(),
  on_error: z.boolean().optional(),
});

/**
 * A chaos mode (`GraphChaos`): a fault at a node or on an edge, when its
 * trigger fires (default: every time; `{ kind: random, probability }` draws
 * from the run's seed). `replacement` is the adversarial node.
 */
export const chaosEntrySchema = z.strictObject({
  name: text.optional(),
  node: nodeName.optional(),
  edge: z.strictObject({ from: nodeName, to: nodeName }).optional(),
  fault: z.enum(GRAPH_FAULTS),
  trigger: triggerSchema.optional(),
  message: text.optional(),
  delay_ms: z.int().min(1).optional(),
  replacement: nodeSchema.optional(),
});

/** A graph file's schema (snake_case keys). */
export const graphFileSchema = z.strictObject({
  name: text,
  version: z.union([text, z.number()]).optional(),
  description: text.optional(),
  entry: nodeName,
  limits: z
    .strictObject({ max_hops: z.int().min(1).max(1000).optional(), node_timeout_ms: z.int().min(1).optional() })
    .optional(),
  nodes: z.record(nodeName, nodeSchema),
  edges: z.array(edgeSchema).default([]),
  /** Chaos the graph runs with (unless the scenario gives its own). */
  chaos: z.array(chaosEntrySchema).optional(),
});

/** A graph file as checked by its schema. */
export type GraphFileData = z.output<typeof graphFileSchema>;
/** One node of a graph file. */
export type GraphFileNode = z.output<typeof nodeSchema>;
/** One chaos entry of a graph or scenario file. */
export type GraphFileChaos = z.output<typeof chaosEntrySchema>;

/** The JSON Schema of graph files, for editors (`# yaml-language-server: $schema=…`). */
export function graphFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(graphFileSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return { $schema: "https://json-schema.org/draft/2020-12/schema", title: "Rehearse graph file", ...schema };
}
