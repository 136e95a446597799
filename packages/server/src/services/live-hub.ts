/**
 * Live notifications inside one server: after each committed ingest write,
 * subscribers of the topics it touched (tenant, set, batch, run) get a
 * delta. Ids are the global ingest ids of the events, so a client that
 * reconnects with `Last-Event-ID` resumes from the `events` table.
 */
import type { WriteResult } from "../store/event-writer.js";

/** One live message. */
export interface LiveMessage {
  /** The highest ingest id it covers (the SSE id). */
  id: number;
  tenantId: string;
  /** `tenant`, `set:<id>`, `batch:<id>`, `run:<id>`. */
  topics: string[];
  event: "run.event" | "run.state" | "run.messages" | "batch.counts";
  data: Record<string, unknown>;
}

export type LiveListener = (message: LiveMessage) => void;

/** Topic names. */
export const topic = {
  tenant: () => "tenant",
  set: (id: string) => `set:${id}`,
  batch: (id: string) => `batch:${id}`,
  run: (id: string) => `run:${id}`,
};

export class LiveHub {
  private readonly listeners = new Set<LiveListener>();

  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Sends a message to every listener (each decides whether the tenant and topics are its own). */
  publish(message: LiveMessage): void {
    for (const listener of this.listeners) {
      try {
        listener(message);
      } catch {
        // one broken connection must not stop the others
      }
    }
  }

  /** The messages of one committed write: each new event on its run's topics. */
  committed(result: WriteResult): void {
    if (this.listeners.size === 0) return;
    const ingestIds = new Map(result.inserted.map((row) => [`${row.tenantId}\u0000${row.eventId}`, row.ingestId]));
    for (const { tenantId, event } of result.stored) {
      const id = ingestIds.get(`${tenantId}\u0000${event.eventId.toLowerCase()}`);
      if (id === undefined) continue;
      const topics = [
        topic.tenant(),
        topic.set(event.scenarioSetId),
        topic.batch(event.batchRunId),
        topic.run(event.scenarioRunId),
      ];
      const kind =
        event.type === "SCENARIO_MESSAGE_SNAPSHOT"
          ? "run.messages"
          : event.type.startsWith("SCENARIO_RUN_")
            ? "run.state"
            : "run.event";
      this.publish({
        id,
        tenantId,
        topics,
        event: kind,
        data: { runId: event.scenarioRunId, batchId: event.batchRunId, setId: event.scenarioSetId, seq: event.seq, event },
      });
    }
  }
}
