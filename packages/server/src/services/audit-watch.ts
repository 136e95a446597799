/**
 * The audit chain's scheduled work on a running server: every hour the head
 * of each tenant's chain is signed (when it moved since its last anchor), and
 * every day each chain is verified in full; a failure is logged as an error
 * and counted in `rehearse_audit_verify_failures_total`. Anchors are exported
 * where the database's writers cannot reach them: the log always, and a
 * webhook when `REHEARSE_AUDIT_WEBHOOK_URL` is set (never otherwise).
 */
import type { Logger } from "pino";
import type { AuditAnchor, AuditLog } from "./audit-log.js";
import type { ServerMetrics } from "./server-metrics.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEBHOOK_TIMEOUT = 5_000;

/** Logs an anchor and posts it to `webhookUrl` when one is configured; never throws. */
export function exportAnchor(logger: Logger, anchor: AuditAnchor, publicKey: string, webhookUrl: string | undefined): void {
  logger.info({ auditAnchor: { ...anchor, publicKey } }, "audit anchor");
  if (!webhookUrl) return;
  fetch(webhookUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ kind: "rehearse.audit.anchor", ...anchor, publicKey }),
    signal: AbortSignal.timeout(WEBHOOK_TIMEOUT),
  })
    .then((response) => {
      if (!response.ok) logger.warn({ status: response.status, seq: anchor.seq }, "audit anchor webhook refused the anchor");
    })
    .catch((error: unknown) => logger.warn({ err: error, seq: anchor.seq }, "audit anchor webhook unreachable"));
}

export class AuditWatch {
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly audit: AuditLog,
    private readonly metrics: ServerMetrics,
    private readonly logger: Logger,
  ) {}

  /** Starts the hourly anchoring and the daily verification (timers that do not keep the process alive). */
  start(intervals: { anchorMs?: number; verifyMs?: number } = {}): void {
    this.timers.push(setInterval(() => void this.anchorAll(), intervals.anchorMs ?? HOUR).unref());
    this.timers.push(setInterval(() => void this.verifyAll(), intervals.verifyMs ?? DAY).unref());
  }

  stop(): void {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
  }

  /** Signs every tenant's head that moved since its last anchor. */
  async anchorAll(): Promise<void> {
    try {
      for (const tenantId of await this.audit.tenants()) await this.audit.anchor(tenantId);
    } catch (error) {
      this.logger.error({ err: error }, "audit anchoring failed");
    }
  }

  /** Verifies every tenant's chain; returns the tenants whose chain failed. */
  async verifyAll(): Promise<string[]> {
    const failed: string[] = [];
    try {
      for (const tenantId of await this.audit.tenants()) {
        const result = await this.audit.verify(tenantId);
        this.metrics.auditVerified(result.ok);
        if (!result.ok) {
          failed.push(tenantId);
          this.logger.error({ tenantId, verification: result }, "audit chain verification failed");
        }
      }
    } catch (error) {
      this.logger.error({ err: error }, "audit self-check could not run");
    }
    return failed;
  }
}
