import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { formFields, isValidTwilioSignature, TWILIO_SIGNATURE_HEADER } from "./twilio-signature.js";

/** The paths Twilio reaches, under the public base URL. */
export const TWILIO_PATHS = { voice: "/twilio/voice", status: "/twilio/status", stream: "/twilio/stream" } as const;

/** What the server does with the requests that passed the signature check. */
export interface WebhookHandlers {
  /** A call's voice webhook: the TwiML to answer with. */
  voice(fields: Record<string, string | string[]>): string;
  /** A call's status callback. */
  status(fields: Record<string, string | string[]>): void;
  /** Twilio opened the media stream. */
  stream(socket: WebSocket): void;
}

/** Where and how the server listens, and whose signatures it accepts. */
export interface WebhookServerOptions {
  host: string;
  port: number;
  /** Whether requests must carry Twilio's signature (made with `authToken`). */
  validateSignature: boolean;
  authToken: string;
}

const BODY_LIMIT = 64 * 1024;

/**
 * The server Twilio calls: the voice webhook (TwiML), status callbacks and
 * the Media Streams WebSocket, on node:http. Every request is checked against
 * `X-Twilio-Signature`, computed over the public URL Twilio used (the public
 * base URL plus the request's path): a missing or wrong signature gets 403
 * and does nothing. Refusals are counted, so a call that never connects can
 * say why (a wrong auth token, a public URL that is not the one Twilio calls).
 */
export class TwilioWebhookServer {
  /** Why requests were refused, in order (for error messages; never the signature itself). */
  readonly refusals: string[] = [];
  private server: Server | undefined;
  private readonly sockets = new WebSocketServer({ noServer: true });
  private publicBase = "";

  constructor(
    private readonly options: WebhookServerOptions,
    private readonly handlers: WebhookHandlers,
  ) {}

  /** Starts listening; resolves with the local address (the port chosen when `port` is 0). */
  async listen(): Promise<{ host: string; port: number }> {
    const server = createServer((request, response) => void this.onRequest(request, response));
    server.on("upgrade", (request, socket, head) => this.onUpgrade(request, socket, head));
    await new Promise<void>((resolve, reject) => {
      server.once("error", (error) =>
        reject(new Error(`TwilioAgentAdapter: cannot listen on ${this.options.host}:${this.options.port}: ${error.message}`)),
      );
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.server = server;
    const { address, port } = server.address() as AddressInfo;
    return { host: address, port };
  }

  /** The URL Twilio reaches this server at (signatures are computed over it), without a trailing slash. */
  usePublicBase(url: string): void {
    this.publicBase = url.replace(/\/+$/, "");
  }

  /** Stops listening, closing open sockets. */
  async close(): Promise<void> {
    for (const client of this.sockets.clients) client.terminate();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async onRequest(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = (request.url ?? "").split("?")[0];
    if (request.method !== "POST" || (path !== TWILIO_PATHS.voice && path !== TWILIO_PATHS.status)) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    let body: string;
    try {
      body = await readBody(request);
    } catch (error) {
      response.writeHead(413, { "content-type": "text/plain" }).end(String((error as Error).message));
      return;
    }
    const fields = formFields(body);
    if (!this.signed(request, this.publicBase, fields)) {
      response.writeHead(403, { "content-type": "text/plain" }).end("invalid or missing X-Twilio-Signature");
      return;
    }
    if (path === TWILIO_PATHS.status) {
      this.handlers.status(fields);
      response.writeHead(204).end();
      return;
    }
    response.writeHead(200, { "content-type": "text/xml" }).end(this.handlers.voice(fields));
  }

  private onUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? "").split("?")[0];
    const refuse = (status: number, text: string) => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (path !== TWILIO_PATHS.stream) refuse(404, "Not Found");
    else if (!this.signed(request, this.publicBase.replace(/^http/i, "ws"), {})) refuse(403, "Forbidden");
    else this.sockets.handleUpgrade(request, socket, head, (client) => this.handlers.stream(client));
  }

  private signed(request: IncomingMessage, base: string, fields: Record<string, string | string[]>): boolean {
    if (!this.options.validateSignature) return true;
    const header = request.headers[TWILIO_SIGNATURE_HEADER];
    const signature = Array.isArray(header) ? header[0] : header;
    const url = `${base}${request.url ?? ""}`;
    if (isValidTwilioSignature(this.options.authToken, signature, url, fields)) return true;
    this.refusals.push(`${signature ? "a wrong" : "no"} X-Twilio-Signature on ${request.method} ${url}`);
    return false;
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const pieces: Buffer[] = [];
  let size = 0;
  for await (const piece of request) {
    size += (piece as Buffer).length;
    if (size > BODY_LIMIT) throw new Error(`request body over ${BODY_LIMIT} bytes`);
    pieces.push(piece as Buffer);
  }
  return Buffer.concat(pieces).toString("utf8");
}
