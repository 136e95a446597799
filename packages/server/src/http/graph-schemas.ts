/**
 * Request and response schemas of the graph routes: uploading a graph
 * (`POST /api/v1/graphs`, `POST /graphs/upload`), reading graphs and their
 * versions, and executing one (`POST /api/v1/runs/{graphId}/execute[/async]`).
 */
import { z } from "zod";
import { graphOutlineSchema, graphRunViewSchema } from "./graph-view-schemas.js";

const fileSchema = z.object({
  path: z.string().min(1).max(500).meta({ description: "relative to the upload's root, forward slashes" }),
  content: z.string().max(1_000_000),
});

export const graphUploadSchema = z
  .object({
    file: fileSchema.meta({ description: "the graph file (YAML, or JSON when its path ends in .json)" }),
    files: z.array(fileSchema).max(1_999).optional().meta({
      description:
        "the modules the graph's nodes import (relative to the graph file's folder) and scenario files targeting the graph (`agent: { graph: ./x.graph.yaml }`)",
    }),
  })
  .meta({ id: "GraphUpload" });

const scenarioSchema = z.object({ path: z.string(), id: z.string(), name: z.string() });

export const graphUploadedSchema = z
  .object({
    graph_id: z.string().meta({ description: "the graph's name: its id in the API" }),
    name: z.string(),
    version: z.string().meta({ description: "`sha256:` over the uploaded files; the same files give the same version" }),
    outline: graphOutlineSchema,
    modules: z.array(z.string()),
    scenarios: z.array(scenarioSchema),
    suite: z.object({ name: z.string(), version: z.string() }),
    created: z.boolean(),
  })
  .meta({ id: "GraphUploaded" });

export const graphListSchema = z
  .object({
    graphs: z.array(
      z.object({
        graph_id: z.string(),
        name: z.string(),
        latest_version: z.string(),
        versions: z.number().int(),
        nodes: z.number().int(),
        updated_at: z.string(),
      }),
    ),
  })
  .meta({ id: "GraphList" });

const versionSummary = z.object({
  version: z.string(),
  created_at: z.string(),
  created_by: z.string().nullable(),
  nodes: z.number().int(),
  scenarios: z.number().int(),
});

export const graphVersionSchema = z
  .object({
    graph_id: z.string(),
    name: z.string(),
    version: z.string(),
    graph_path: z.string(),
    outline: graphOutlineSchema,
    modules: z.array(z.string()),
    scenarios: z.array(scenarioSchema),
    suite: z.object({ name: z.string(), version: z.string() }),
    created_at: z.string(),
    created_by: z.string().nullable(),
  })
  .meta({ id: "GraphVersion" });

export const graphDetailSchema = graphVersionSchema
  .extend({ versions: z.array(versionSummary).meta({ description: "every version, newest first" }) })
  .meta({ id: "GraphDetail" });

const seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 31 - 1);

const nodeName = z.string().min(1).max(200);

/** Checks over a graph run's path (a scenario file's `agent.checks`, snake_case). */
export const graphPathChecksSchema = z
  .object({
    visited: z.array(nodeName).max(100).optional(),
    not_visited: z.array(nodeName).max(100).optional(),
    visited_in_order: z.array(nodeName).min(2).max(100).optional(),
    handed_off: z
      .array(z.object({ from: nodeName, to: nodeName }).strict())
      .max(100)
      .optional(),
    answered_by: nodeName.optional(),
    handoffs: z
      .object({
        at_most: z.number().int().min(0).optional(),
        at_least: z.number().int().min(0).optional(),
        exactly: z.number().int().min(0).optional(),
      })
      .strict()
      .optional(),
    no_loops: z.boolean().optional(),
    contracts_held: z.boolean().optional(),
  })
  .strict()
  .meta({ id: "GraphPathChecks" });

export const graphExecuteSchema = z
  .object({
    version: z.string().max(100).optional().meta({ description: "a version (`sha256:…`); the newest upload when absent" }),
    scenario: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .meta({ description: "the path (or id) of an uploaded scenario file targeting the graph" }),
    script: z
      .array(z.string().min(1).max(20_000))
      .min(1)
      .max(100)
      .optional()
      .meta({ description: "user turns: the server writes a scenario sending them to the graph (no model needed)" }),
    checks: graphPathChecksSchema.optional().meta({
      description:
        "with `script`: checks over the path, as a scenario file's `agent.checks` (default `{ contracts_held: true, no_loops: true }`)",
    }),
    trials: z.number().int().min(1).max(100).default(1),
    seeds: z.array(seed).max(100).optional().meta({ description: "one per trial; random (and recorded) when absent" }),
    timeout_ms: z
      .number()
      .int()
      .min(1)
      .max(300_000)
      .optional()
      .meta({ description: "sync only: how long to wait for the runs (default 60000, at most 300000)" }),
  })
  .strict()
  .meta({ id: "GraphExecute" });

const streamUrls = z.object({
  sse: z.array(z.string()).meta({ description: "`GET /api/v1/stream?topics=run:<id>` per run (Server-Sent Events)" }),
  websocket: z.array(z.string()).meta({ description: "`/runs/stream/<id>` per run (WebSocket)" }),
});

const launchedFields = {
  graph_id: z.string(),
  version: z.string(),
  scenario: z.string().meta({ description: "the scenario file the runs play" }),
  suite: z.object({ name: z.string(), version: z.string() }),
  batch_id: z.string(),
  run_ids: z.array(z.string()),
  stream: streamUrls,
};

export const graphLaunchedSchema = z
  .object({ ...launchedFields, timed_out: z.boolean().optional().meta({ description: "sync execute: the wait ended first" }) })
  .meta({ id: "GraphLaunched" });

export const graphExecutedSchema = z
  .object({
    ...launchedFields,
    status: z.string().meta({ description: "pass, fail, error or skipped when every run has it; else mixed" }),
    runs: z.array(
      z.object({
        run_id: z.string(),
        scenario_id: z.string(),
        state: z.string(),
        status: z.string().nullable(),
        verdict: z.string().nullable(),
        reasoning: z.string().nullable(),
        error: z.string().nullable(),
        error_code: z.string().nullable(),
        graph_status: z.enum(["pass", "fail", "error", "running"]).nullable().meta({
          description:
            "the nodes' verdicts together: error when a visit failed, fail when a contract broke, else pass (null: no graph events)",
        }),
        graphs: z.array(graphRunViewSchema).meta({ description: "the run's graph view (as GET /api/v1/runs/{runId}/graph)" }),
      }),
    ),
  })
  .meta({ id: "GraphExecuted" });
