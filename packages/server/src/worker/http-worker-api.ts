/**
 * The worker API over HTTP, for `rehearse worker` processes on any host:
 * the routes under `/api/v1/worker/` with the worker token as the bearer.
 * A refused or failed call throws with the server's problem detail.
 */
import type { Claim } from "../services/launches.js";
import type { SuiteFile } from "../services/suites.js";
import type { WorkerApi } from "./worker-api.js";

/** How long one call may take. */
const REQUEST_TIMEOUT_MILLISECONDS = 30_000;

export function httpWorkerApi(endpoint: string, token: string): WorkerApi {
  const base = endpoint.replace(/\/+$/, "");
  const call = async <Result>(path: string, body: unknown): Promise<Result> => {
    const response = await fetch(`${base}/api/v1/worker/${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MILLISECONDS),
    });
    if (response.status === 204) return undefined as Result;
    const text = await response.text();
    if (!response.ok) {
      let detail = text.slice(0, 500);
      try {
        detail = (JSON.parse(text) as { detail?: string }).detail ?? detail;
      } catch {
        // not problem JSON: the text as it came
      }
      throw Object.assign(new Error(`${base}/api/v1/worker/${path} answered ${response.status}: ${detail}`), {
        status: response.status,
      });
    }
    return JSON.parse(text) as Result;
  };
  return {
    endpoint: base,
    claim: (job, attempt, workerId) => call<Claim>("claims", { tenantId: job.tenantId, runId: job.runId, attempt, workerId }),
    async suiteFiles(tenantId, name, version) {
      return (await call<{ files: SuiteFile[] }>("suite-files", { tenantId, name, version })).files;
    },
    async poll(status, held) {
      const answer = await call<{ controls: Record<string, string> }>("poll", {
        status,
        runIds: Object.keys(held),
        attempts: held,
      });
      return new Map(Object.entries(answer.controls));
    },
    async attemptProgress(tenantId, runId, attempt) {
      return (await call<{ progress: "settled" | "superseded" | "pending" }>("attempts/progress", { tenantId, runId, attempt }))
        .progress;
    },
    async cassette(tenantId, runId) {
      return (await call<{ content: string | null }>("cassettes/read", { tenantId, runId })).content ?? undefined;
    },
    async storeCassette(tenantId, runId, content) {
      await call<void>("cassettes", { tenantId, runId, content });
    },
    async endAttempt(tenantId, runId, attempt, outcome, reason) {
      await call<void>("attempts", { tenantId, runId, attempt, outcome, ...(reason ? { reason } : {}) });
    },
  };
}
