/**
 * One HTTP reporter per tenant a worker runs for: events go to the server's
 * normal ingest route with the tenant's reporting key, through a durable
 * outbox of the tenant's own (`<workDir>/outbox/<tenant>`, so a later worker
 * that adopts what a dead one left sends it with the right key). A run's
 * attempt number goes on its events (and moves its `seq` range).
 */
import { createHash } from "node:crypto";
import { resolve } from "node:path";
import { HttpReporter } from "@rehearse/core/platform";

export class TenantReporters {
  private readonly reporters = new Map<string, HttpReporter>();
  private readonly attempts = new Map<string, number>();

  constructor(private readonly options: { endpoint: string; workDir: string; warn: (message: string) => void }) {}

  /** Where events go (the embedded runner learns its server's URL once it listens). */
  setEndpoint(endpoint: string): void {
    this.options.endpoint = endpoint;
  }

  /** The reporter of `tenantId` (made with `reportingKey` on first use). */
  of(tenantId: string, reportingKey: string): HttpReporter {
    let reporter = this.reporters.get(tenantId);
    if (!reporter) {
      const directory = createHash("sha256").update(tenantId).digest("hex").slice(0, 16);
      reporter = new HttpReporter({
        endpoint: this.options.endpoint,
        apiKey: reportingKey,
        outboxDir: resolve(this.options.workDir, "outbox", directory),
        warn: this.options.warn,
        attemptOf: (runId) => this.attempts.get(runId),
      });
      this.reporters.set(tenantId, reporter);
    }
    return reporter;
  }

  /** Marks the events of `runId` as attempt `attempt` from now on. */
  attempt(runId: string, attempt: number): void {
    this.attempts.set(runId, attempt);
  }

  forget(runId: string): void {
    this.attempts.delete(runId);
  }

  /** Sends what is pending (within `timeoutMs`) and closes every reporter. */
  async close(timeoutMs: number): Promise<void> {
    await Promise.all([...this.reporters.values()].map((reporter) => reporter.close({ timeoutMs })));
    this.reporters.clear();
  }
}
