/** The worker API of the embedded runner: the server's own services, called in-process. */
import type { Launches } from "../services/launches.js";
import type { Reruns } from "../services/reruns.js";
import type { Suites } from "../services/suites.js";
import type { WorkerRegistry } from "../services/worker-registry.js";
import type { WorkerApi } from "./worker-api.js";

export function localWorkerApi(
  services: { launches: Launches; reruns: Reruns; suites: Suites; workers: WorkerRegistry },
  endpoint: () => string,
): WorkerApi {
  return {
    get endpoint() {
      return endpoint();
    },
    claim: (job, attempt, workerId) => services.launches.claim(job, attempt, workerId),
    async suiteFiles(tenantId, name, version) {
      const suite = await services.suites.read(tenantId, name, version);
      if (!suite) throw new Error(`suite ${name} has no version ${version}`);
      return suite.files;
    },
    async poll(status, held) {
      await services.workers.beat({ ...status, startedAt: new Date(status.startedAt), stopping: status.stopping === true });
      return services.launches.controls(Object.keys(held), held);
    },
    attemptProgress: (tenantId, runId, attempt) => services.launches.attemptProgress(tenantId, runId, attempt),
    cassette: (tenantId, runId) => services.reruns.cassette(tenantId, runId),
    storeCassette: (tenantId, runId, content) => services.reruns.storeCassette(tenantId, runId, content),
    endAttempt: (tenantId, runId, attempt, outcome, reason) =>
      services.launches.endAttempt(tenantId, runId, attempt, outcome, reason),
  };
}
