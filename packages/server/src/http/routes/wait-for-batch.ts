/** `?wait=true` of a launch: polls the batch's runs until all settled or the bound passed. */
import type { Services } from "../app-env.js";

/** How often a waiting launch looks at its runs. */
const POLL_MILLISECONDS = 200;

export async function waitForBatch(services: Services, tenantId: string, batchId: string, timeoutMs: number) {
  const deadline = services.now() + timeoutMs;
  for (;;) {
    const runs = await services.launching.launches.runsOf(tenantId, batchId);
    const count = (status: string) => runs.filter((run) => run.status === status).length;
    const pending = runs.filter((run) => run.state !== "finished" && run.state !== "cancelled").length;
    const counts = {
      total: runs.length,
      pass: count("pass"),
      fail: count("fail"),
      error: count("error"),
      skipped: count("skipped"),
      pending,
    };
    if (pending === 0 || services.now() >= deadline) return { settled: pending === 0, counts };
    await new Promise((done) => setTimeout(done, POLL_MILLISECONDS));
  }
}
