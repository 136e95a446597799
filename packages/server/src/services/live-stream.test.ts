import { describe, expect, it } from "vitest";
import type { Database } from "../store/database.js";
import { LiveHub } from "./live-hub.js";
import { serveLiveStream } from "./live-stream.js";
import { ServerMetrics } from "./server-metrics.js";

const request = (hub: LiveHub) => ({
  hub,
  database: {} as Database,
  metrics: new ServerMetrics({ processMetrics: false }),
  tenantId: "t",
  topics: new Set(["tenant"]),
  resumeFrom: undefined,
  now: Date.now,
});

describe("serveLiveStream", () => {
  it("ends at once when the server is already closing", async () => {
    const hub = new LiveHub();
    hub.close();
    await serveLiveStream({ write: async () => undefined, onAbort: () => undefined }, request(hub));
    expect(hub.size).toBe(0);
  });

  it("drops a client that stopped reading, and disconnects it", async () => {
    const hub = new LiveHub({ maxQueuedFrames: 3 });
    let disconnected = false;
    const served = serveLiveStream(
      { write: () => new Promise(() => undefined), onAbort: () => undefined },
      { ...request(hub), disconnect: () => (disconnected = true) },
    );
    for (let id = 1; id <= 10; id++) hub.publish({ id, tenantId: "t", topics: ["tenant"], event: "run.event", data: {} });
    await served;
    expect(disconnected).toBe(true);
    expect(hub.size).toBe(0);
  });
});
