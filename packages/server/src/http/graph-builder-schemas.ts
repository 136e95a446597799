/** Request and response schemas of the graph builder (routes/graph-builder-routes.ts). */
import { z } from "zod";
import { problemSchema } from "./problem.js";

const nodeName = z
  .string()
  .regex(/^[A-Za-z_][\w-]*$/, "a node name is letters, digits, _ and - (starting with a letter or _)")
  .max(100);
const modulePath = z
  .string()
  .min(1)
  .max(500)
  .regex(/\.(ts|mts|mjs|js|cjs)$/, "must name a .ts, .mts, .mjs, .js or .cjs file")
  .meta({ description: "relative to the graph file's folder, e.g. ./nodes.mjs" });

export const graphBuilderRequestSchema = z
  .object({
    description: z.string().min(1).max(20_000).meta({ description: "what the system of agents should do" }),
    agents: z
      .array(
        z.object({
          name: nodeName.meta({ description: "the node the graph uses for this agent" }),
          description: z.string().max(2_000).optional(),
          kind: z.enum(["agent", "function", "model"]).optional(),
          module: modulePath.optional(),
          export: z.string().min(1).max(200).optional(),
        }),
      )
      .max(100)
      .optional()
      .meta({ description: "agents the user has; a graph may import only their modules" }),
    tools: z
      .array(z.object({ name: z.string().min(1).max(200), description: z.string().max(2_000).optional() }))
      .max(200)
      .optional()
      .meta({ description: "tools the agents can call; contracts may allow only these" }),
    name: z.string().min(1).max(100).optional().meta({ description: "the graph's name" }),
    model: z
      .string()
      .regex(/^[a-z-]+:.+/, 'a model id is provider:model, e.g. "openai:gpt-4.1-mini"')
      .max(300)
      .optional()
      .meta({ description: "a model id for this request instead of the server's REHEARSE_BUILDER_MODEL" }),
  })
  .meta({ id: "GraphBuilderRequest" });

const outlineSchema = z.object({
  name: z.string(),
  version: z.string().optional(),
  entry: z.string(),
  nodes: z.array(
    z.object({
      name: z.string(),
      kind: z.enum(["agent", "model", "function"]),
      description: z.string().optional(),
      contract: z.record(z.string(), z.unknown()).optional(),
    }),
  ),
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      kind: z.enum(["tool", "route", "fallback", "handoff"]),
      tool: z.string().optional(),
      when: z.string().optional(),
    }),
  ),
  limits: z.object({ maxHops: z.number().int(), nodeTimeoutMs: z.number().optional() }),
});

export const graphProposalSchema = z
  .object({
    graph: z.string().meta({ description: "the graph file (YAML), checked; upload it with POST /api/v1/graphs" }),
    outline: outlineSchema,
    modules: z.array(z.string()).meta({ description: "modules its nodes import, relative to the graph file's folder" }),
    attempts: z.number().int().meta({ description: "model calls it took (1 + repairs)" }),
    model: z.string(),
  })
  .meta({ id: "GraphProposal" });

/** The 422 problem's extension members: the last proposal and why it failed. */
export const invalidProposalSchema = problemSchema
  .extend({
    graph: z.string().meta({ description: "the last proposal (not valid)" }),
    problems: z.array(z.string()).meta({ description: "file:line:column: field: problem" }),
    attempts: z.number().int(),
    model: z.string(),
  })
  .meta({ id: "InvalidGraphProposal" });
