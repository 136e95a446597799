import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** One event as the fake server received it. */
export type ReceivedEvent = Record<string, unknown> & { eventId: string; seq: number; scenarioRunId: string; type: string };

/** What a handler may answer instead of the default (store, dedupe, 200). */
export type FakeAnswer =
  | { status: number; body?: string; headers?: Record<string, string> }
  /** Accept the connection and never answer. */
  | "hang"
  /** Drop the connection. */
  | "reset"
  /** The default behaviour. */
  | "ingest";

/**
 * A loopback stand-in for the run-history server's ingest route
 * (`POST /api/v1/events`): it checks the bearer key, keeps every event it
 * stores by `eventId` (duplicates are answered as such, as the real server
 * does) and answers the ingest response. `answer` can replace any request's
 * answer: a status, a hang or a reset.
 */
export class FakeIngestServer {
  /** Stored events by id, in arrival order. */
  readonly events = new Map<string, ReceivedEvent>();
  /** Every request body, parsed. */
  readonly requests: Array<{ headers: IncomingHttpHeaders; body: { batchId?: string; events: ReceivedEvent[] } }> = [];
  answer: (request: { index: number; events: ReceivedEvent[] }) => FakeAnswer = () => "ingest";
  private readonly sockets = new Set<Socket>();
  private constructor(
    private readonly server: Server,
    readonly apiKey: string,
  ) {}

  /** Starts on 127.0.0.1 on a free port. */
  static async start(apiKey = "test-key"): Promise<FakeIngestServer> {
    let fake: FakeIngestServer | undefined;
    const server = createServer((request, response) => fake!.handle(request, response));
    fake = new FakeIngestServer(server, apiKey);
    server.on("connection", (socket) => {
      fake!.sockets.add(socket);
      socket.on("close", () => fake!.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The stored events of one run, by `seq`. */
  eventsOf(scenarioRunId: string): ReceivedEvent[] {
    return [...this.events.values()].filter((event) => event.scenarioRunId === scenarioRunId).sort((a, b) => a.seq - b.seq);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse): void {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      text += chunk;
    });
    request.on("end", () => {
      if (request.url !== "/api/v1/events" || request.method !== "POST") {
        response.writeHead(404).end();
        return;
      }
      if (request.headers.authorization !== `Bearer ${this.apiKey}`) {
        response.writeHead(401, { "content-type": "application/json" }).end('{"error":"bad key"}');
        return;
      }
      const body = JSON.parse(text) as { batchId?: string; events: ReceivedEvent[] };
      this.requests.push({ headers: request.headers, body });
      const answer = this.answer({ index: this.requests.length - 1, events: body.events });
      if (answer === "hang") return;
      if (answer === "reset") {
        request.socket.destroy();
        return;
      }
      if (answer !== "ingest") {
        response.writeHead(answer.status, answer.headers).end(answer.body ?? "");
        return;
      }
      const duplicates: string[] = [];
      for (const event of body.events) {
        if (this.events.has(event.eventId)) duplicates.push(event.eventId);
        else this.events.set(event.eventId, event);
      }
      const accepted = body.events.length - duplicates.length;
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ accepted, duplicates, rejected: [] }));
    });
  }
}
