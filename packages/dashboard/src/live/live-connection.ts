/**
 * One Server-Sent Events connection per tab, its topics multiplexed
 * (`/api/v1/stream?topics=…`). Views subscribe to topics with a handler;
 * when the set of topics changes the connection is reopened from the last
 * id seen (`?lastEventId=`), so nothing between the two is lost. After a
 * drop the browser's EventSource reconnects by itself and sends
 * `Last-Event-ID`; the server replays what was missed, or says `resync`
 * (then every subscriber refetches). While the stream is down, `status` is
 * `down` and views fall back to polling; while it is open, nothing polls.
 */

/** What a frame carries (docs/server.md, "Live stream"). */
export interface LiveFrame {
  /** `run.state`, `run.messages`, `run.event`, `batch.counts` or `resync`. */
  kind: string;
  id: string;
  data: {
    runId?: string;
    batchId?: string;
    setId?: string;
    seq?: number;
    type?: string;
    offset?: number;
    messages?: Array<Record<string, unknown>>;
    event?: Record<string, unknown>;
    reason?: string;
  };
}

export type LiveStatus = "idle" | "connecting" | "open" | "down";

type Handler = (frame: LiveFrame) => void;

/** The parts of `EventSource` this uses (tests give a fake). */
export interface EventSourceLike {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onerror: ((event: Event) => void) | null;
  addEventListener(type: string, listener: (event: MessageEvent) => void): void;
  close(): void;
}

const KINDS = ["run.state", "run.messages", "run.event", "batch.counts", "resync"];
const CLOSED = 2;

export class LiveConnection {
  private readonly subscriptions = new Map<number, { topics: readonly string[]; handler: Handler }>();
  private readonly statusListeners = new Set<() => void>();
  private next = 0;
  private source: EventSourceLike | undefined;
  private openTopics = "";
  private lastEventId: string | undefined;
  private reopenTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  status: LiveStatus = "idle";

  constructor(private readonly open: (url: string) => EventSourceLike) {}

  /** Calls `handler` for every frame of `topics` until the returned function is called. */
  subscribe(topics: readonly string[], handler: Handler): () => void {
    const id = this.next++;
    this.subscriptions.set(id, { topics, handler });
    this.schedule();
    return () => {
      this.subscriptions.delete(id);
      this.schedule();
    };
  }

  onStatus(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  close(): void {
    clearTimeout(this.reopenTimer);
    clearTimeout(this.retryTimer);
    this.source?.close();
    this.source = undefined;
    this.setStatus("idle");
  }

  private schedule(): void {
    clearTimeout(this.reopenTimer);
    // coalesce the unsubscribe/subscribe pair of a navigation into one reconnect
    this.reopenTimer = setTimeout(() => this.reconcile(), 30);
  }

  private wanted(): string {
    const topics = new Set<string>();
    for (const { topics: names } of this.subscriptions.values()) for (const name of names) topics.add(name);
    return [...topics].sort().slice(0, 50).join(",");
  }

  private reconcile(): void {
    const topics = this.wanted();
    if (topics === this.openTopics && this.source && this.source.readyState !== CLOSED) return;
    this.source?.close();
    this.source = undefined;
    this.openTopics = topics;
    if (topics === "") {
      this.setStatus("idle");
      return;
    }
    const query = new URLSearchParams({ topics });
    if (this.lastEventId !== undefined) query.set("lastEventId", this.lastEventId);
    const source = this.open(`/api/v1/stream?${query.toString()}`);
    this.source = source;
    this.setStatus("connecting");
    source.onopen = () => {
      if (this.source === source) this.setStatus("open");
    };
    source.onerror = () => {
      if (this.source !== source) return;
      this.setStatus("down");
      // EventSource retries by itself unless the server refused the request (then it is CLOSED)
      if (source.readyState === CLOSED) {
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => {
          if (this.source === source) {
            this.openTopics = "";
            this.reconcile();
          }
        }, 5_000);
      }
    };
    for (const kind of KINDS) {
      source.addEventListener(kind, (event) => {
        if (this.source !== source) return;
        this.deliver(kind, event);
      });
    }
  }

  private deliver(kind: string, event: MessageEvent): void {
    if (event.lastEventId) this.lastEventId = event.lastEventId;
    let data: LiveFrame["data"];
    try {
      data = JSON.parse(String(event.data)) as LiveFrame["data"];
    } catch {
      return;
    }
    const frame: LiveFrame = { kind, id: event.lastEventId, data };
    const names = frameTopics(data);
    for (const { topics, handler } of [...this.subscriptions.values()]) {
      if (kind === "resync" || topics.some((name) => names.has(name))) handler(frame);
    }
  }

  private setStatus(status: LiveStatus): void {
    if (this.status === status) return;
    this.status = status;
    for (const listener of this.statusListeners) listener();
  }
}

function frameTopics(data: LiveFrame["data"]): Set<string> {
  const names = new Set<string>(["tenant"]);
  if (data.setId) names.add(`set:${data.setId}`);
  if (data.batchId) names.add(`batch:${data.batchId}`);
  if (data.runId) names.add(`run:${data.runId}`);
  return names;
}
