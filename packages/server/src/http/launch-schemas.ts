/** Request and response schemas of suites, launches, controls and workers (routes/launch-routes.ts, routes/worker-routes.ts). */
import { z } from "zod";

const scenarioRef = z.object({
  path: z.string().min(1).max(500),
  id: z.string().min(1).max(200),
  name: z.string().max(500),
});

export const suitePushSchema = z
  .object({
    name: z.string().min(1).max(100).meta({ description: "the suite's name: a-z, 0-9, `.`, `_`, `-`" }),
    files: z
      .array(z.object({ path: z.string().min(1).max(500), content: z.string() }))
      .min(1)
      .max(2_000)
      .meta({ description: "every file the suite needs, paths relative to its root (scenario files, agent modules, config)" }),
    scenarios: z
      .array(scenarioRef)
      .min(1)
      .max(5_000)
      .meta({ description: "the scenarios found in the files (rehearse push finds them)" }),
  })
  .meta({ id: "SuitePush" });

export const suitePushedSchema = z
  .object({ name: z.string(), version: z.string(), created: z.boolean(), scenarios: z.number().int() })
  .meta({ id: "SuitePushed" });

export const suiteListSchema = z
  .object({
    suites: z.array(
      z.object({
        name: z.string(),
        latestVersion: z.string(),
        updatedAt: z.string(),
        versions: z.number().int(),
        scenarios: z.number().int(),
      }),
    ),
  })
  .meta({ id: "SuiteList" });

export const suiteDetailSchema = z
  .object({
    name: z.string(),
    version: z.string(),
    createdAt: z.string(),
    createdBy: z.string().nullable(),
    scenarios: z.array(scenarioRef),
    files: z.array(z.object({ path: z.string(), bytes: z.number().int() })),
  })
  .meta({ id: "SuiteDetail" });

const label = z.string().min(1).max(100);

export const launchSchema = z
  .object({
    suite: z.string().min(1).max(100),
    version: z.string().max(100).optional().meta({ description: "a version (`sha256:…`); the newest when absent" }),
    scenarios: z
      .array(z.string().min(1).max(500))
      .max(5_000)
      .optional()
      .meta({ description: "scenario ids or file paths; all when absent" }),
    trials: z.number().int().min(1).max(100).default(1),
    seeds: z
      .array(
        z
          .number()
          .int()
          .min(0)
          .max(2 ** 31 - 1),
      )
      .max(100)
      .optional()
      .meta({ description: "one per trial; random (and recorded) when absent" }),
    models: z
      .object({
        default: z.string().min(1).max(300).optional().meta({ description: "the runs' defaultModel (an id, never a key)" }),
      })
      .strict()
      .optional(),
    note: z.string().max(2_000).optional(),
    labels: z.array(label).max(20).optional(),
    setId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .meta({ description: "the set the batch belongs to; the suite's name by default" }),
    cassette: z
      .enum(["off", "record"])
      .optional()
      .meta({ description: "`record`: keep each run's model calls, so it can be rerun with zero model calls (default off)" }),
  })
  .strict()
  .meta({ id: "LaunchRequest" });

export const launchedSchema = z
  .object({
    batchId: z.string(),
    setId: z.string(),
    suite: z.object({ name: z.string(), version: z.string() }),
    runIds: z.array(z.string()),
    url: z.string().meta({ description: "the batch in the dashboard" }),
    settled: z.boolean().meta({ description: "with ?wait=true: whether every run settled before the wait ended" }),
    counts: z
      .object({
        total: z.number().int(),
        pass: z.number().int(),
        fail: z.number().int(),
        error: z.number().int(),
        skipped: z.number().int(),
        pending: z.number().int(),
      })
      .optional(),
  })
  .meta({ id: "Launched" });

export const controlSchema = z
  .object({
    action: z.enum(["pause", "resume", "stop"]),
    reason: z.string().max(1_000).optional(),
  })
  .strict()
  .meta({ id: "ControlRequest" });

/** Seed 004's control body: its `replay` action reruns the run (as `POST /api/v1/runs/{runId}/rerun`). */
export const seedControlSchema = z
  .object({ action: z.enum(["pause", "resume", "stop", "replay"]), reason: z.string().max(1_000).optional() })
  .strict()
  .meta({ id: "SeedControlRequest" });

export const rerunSchema = z
  .object({
    agent: z.enum(["recorded", "live"]).optional().meta({
      description:
        "`recorded` (default): the suite version the run ran (a determinism check); `live`: the suite's newest version (a regression check)",
    }),
    cassette: z.enum(["replay", "auto"]).optional().meta({
      description: "`replay` (default): the run's recorded model calls, a miss is an error; `auto`: call the model on a miss",
    }),
  })
  .strict()
  .meta({ id: "RerunRequest" });

export const rerunLaunchedSchema = z
  .object({
    batchId: z.string(),
    runId: z.string(),
    replayOf: z.string(),
    suite: z.object({ name: z.string(), version: z.string() }),
    url: z.string().meta({ description: "the rerun in the dashboard" }),
    diffUrl: z.string().meta({ description: "the run diff of the original (base) and the rerun (head) once it finished" }),
  })
  .meta({ id: "RerunLaunched" });

export const controlledSchema = z
  .object({
    controlId: z.string(),
    desiredState: z.enum(["active", "paused", "stopped"]),
    cancelled: z.array(z.string()).meta({ description: "queued runs removed before they started" }),
  })
  .meta({ id: "ControlAccepted" });

export const attemptListSchema = z
  .object({
    attempts: z.array(
      z.object({
        attempt: z.number().int(),
        workerId: z.string(),
        startedAt: z.string(),
        endedAt: z.string().nullable(),
        outcome: z
          .string()
          .nullable()
          .meta({ description: "finished, cancelled, interrupted (the worker died or shut down), failed (could not start)" }),
      }),
    ),
  })
  .meta({ id: "RunAttempts" });

export const workerListSchema = z
  .object({
    workers: z.array(
      z.object({
        id: z.string(),
        host: z.string(),
        pid: z.number().int(),
        backend: z.string(),
        concurrency: z.number().int(),
        version: z.string(),
        startedAt: z.string(),
        lastHeartbeatAt: z.string(),
        state: z.enum(["alive", "stopped", "lost"]),
        active: z.number().int(),
        processed: z.number().int(),
        failed: z.number().int(),
      }),
    ),
    queue: z.object({ backend: z.string(), counts: z.record(z.string(), z.number()) }),
  })
  .meta({ id: "WorkerList" });
