import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the fake server received, body included. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. "/v1/text-to-speech/abc?output_format=pcm_24000". */
  url: string;
  headers: IncomingHttpHeaders;
  body: Uint8Array;
}

/** What the fake server answers. */
export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
}

/** A running fake provider server on 127.0.0.1. */
export interface FakeHttpServer {
  /** "http://127.0.0.1:<port>". */
  origin: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 (a free port) that records every
 * request and answers with `reply(request)`: a stand-in for a provider's API
 * that lets a test check exactly what was sent.
 */
export async function startFakeHttpServer(
  reply: (request: RecordedRequest) => FakeReply | Promise<FakeReply>,
): Promise<FakeHttpServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, outgoing) => {
    const pieces: Buffer[] = [];
    incoming.on("data", (piece: Buffer) => pieces.push(piece));
    incoming.on("end", async () => {
      const request: RecordedRequest = {
        method: incoming.method ?? "",
        url: incoming.url ?? "",
        headers: incoming.headers,
        body: new Uint8Array(Buffer.concat(pieces)),
      };
      requests.push(request);
      try {
        const answer = await reply(request);
        outgoing.writeHead(answer.status ?? 200, answer.headers ?? {});
        outgoing.end(answer.body ?? "");
      } catch (error) {
        outgoing.writeHead(500, { "content-type": "text/plain" });
        outgoing.end(String(error));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The multipart form of a recorded request, parsed by the platform's own parser. */
export function formOf(request: RecordedRequest): Promise<FormData> {
  const contentType = String(request.headers["content-type"] ?? "");
  return new Response(request.body, { headers: { "content-type": contentType } }).formData();
}
