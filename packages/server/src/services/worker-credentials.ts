/**
 * The two credentials of server-launched runs (decision 0036):
 *
 * - the **worker token**, one per installation (`REHEARSE_WORKER_TOKEN`, or
 *   `<dataDir>/secrets/worker-token` made on first start): a `rehearse worker`
 *   presents it to claim jobs, fetch suites and send heartbeats. It opens the
 *   worker routes and nothing else.
 * - a **reporting key** per tenant, derived from the worker token
 *   (`rrw_<tenant in hex>_<HMAC in hex>`): the server hands it to a worker with each claimed
 *   job, and the worker's HTTP reporter sends that run's events with it
 *   through the normal ingest route, so launched runs and SDK runs take one
 *   path. It holds `events:write` for its tenant only. Job data never carries
 *   it (BullMQ keeps job data in clear text in Redis).
 */
import { createHmac, timingSafeEqual } from "node:crypto";

const reportingPrefix = "rrw_";

/** The worker token and the keys derived from it. */
export class WorkerCredentials {
  private readonly token: Buffer;

  constructor(token: Buffer) {
    this.token = Buffer.from(token);
  }

  /** Whether `presented` is the worker token (constant time). */
  matches(presented: string | undefined): boolean {
    if (presented === undefined) return false;
    const given = Buffer.from(presented.trim(), "utf8");
    return given.length === this.token.length && timingSafeEqual(given, this.token);
  }

  /** The reporting key of `tenantId`. */
  reportingKey(tenantId: string): string {
    return `${reportingPrefix}${Buffer.from(tenantId, "utf8").toString("hex")}_${this.mac(tenantId)}`;
  }

  /** The tenant a presented reporting key belongs to, or undefined when it is not one of ours. */
  tenantOf(presented: string): string | undefined {
    if (!presented.startsWith(reportingPrefix)) return undefined;
    const [encoded, mac] = presented.slice(reportingPrefix.length).split("_");
    if (!encoded || !mac) return undefined;
    if (!/^(?:[0-9a-f]{2})+$/.test(encoded)) return undefined;
    const tenantId = Buffer.from(encoded, "hex").toString("utf8");
    const expected = Buffer.from(this.mac(tenantId));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? tenantId : undefined;
  }

  private mac(tenantId: string): string {
    return createHmac("sha256", this.token).update(`rehearse-reporting:${tenantId}`).digest("hex");
  }
}
