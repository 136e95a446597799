/**
 * WebSocket upgrades on the server's HTTP server: `GET /runs/stream/{runId}`
 * (seed 004) and `GET /api/v1/runs/{runId}/stream/ws` become a stream of the
 * run's events (services/run-socket-stream.ts). The caller authenticates as
 * on the HTTP API: an API key as `Authorization: Bearer`, or the dashboard's
 * session cookie (then the `Origin` must be this server's: a cookie is sent
 * by any page, and WebSockets are not bound by CORS). Browsers cannot set
 * headers on a WebSocket, so a key may also come as the subprotocol
 * `bearer.<key>` beside `rehearse.v1` (the protocol the server selects). A
 * refused upgrade is answered with a problem before any WebSocket exists.
 */
import { type IncomingMessage, type Server, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";
import { streamRun } from "../services/run-socket-stream.js";
import type { TenantScope } from "../services/tenant-scope.js";
import type { Services } from "./app-env.js";
import { SESSION_COOKIE } from "./session-cookies.js";

/** The subprotocol a browser offers (and the server selects) when it sends its key as `bearer.<key>`. */
export const RUN_SOCKET_PROTOCOL = "rehearse.v1";
const BEARER_PROTOCOL = "bearer.";

/** The upgrade paths and where their run id is. */
const SOCKET_PATHS = [/^\/runs\/stream\/([^/]+)$/, /^\/api\/v1\/runs\/([^/]+)\/stream\/ws$/];

/** The run sockets of one HTTP server. */
export interface RunSockets {
  /** Stops taking upgrades and closes every open socket (1001). */
  close(): void;
}

/** Answers WebSocket upgrades of `server` with run streams. */
export function attachRunSockets(server: Server, services: Services): RunSockets {
  const sockets = new WebSocketServer({
    noServer: true,
    // the server only sends: a client's messages are ignored, and kept small
    maxPayload: 4 * 1024,
    handleProtocols: (offered) => (offered.has(RUN_SOCKET_PROTOCOL) ? RUN_SOCKET_PROTOCOL : false),
  });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    upgrade(request, socket, head).catch((error: unknown) => {
      services.logger.error({ err: error }, "a WebSocket upgrade failed");
      refuse(socket, 500, "internal_error", "the server failed on this upgrade");
    });
  };
  async function upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(request.url ?? "/", "http://localhost");
    const runId = runIdOf(url.pathname);
    if (runId === undefined) return refuse(socket, 404, "not_found", `no WebSocket at ${url.pathname}`);
    if (runId.length === 0 || runId.length > 200 || runId.includes("\u0000"))
      return refuse(socket, 400, "validation_error", "path.runId: not a run id");
    const credential = credentialOf(request);
    if (credential.kind === "cross-origin")
      return refuse(socket, 403, "forbidden", "a session cookie opens run streams from this server's own pages only");
    const scope = await authenticate(services, credential);
    if (!scope)
      return refuse(
        socket,
        401,
        "unauthorized",
        "send an API key as `Authorization: Bearer <key>` (or the subprotocols rehearse.v1 and bearer.<key>), or sign in",
      );
    if (!scope.may("runs:read")) return refuse(socket, 403, "forbidden", "run streams need `runs:read`");
    const view = await services.reading.viewFor(scope);
    if (socket.destroyed) return;
    sockets.handleUpgrade(request, socket, head, (client: WebSocket) => {
      void streamRun(client, { hub: services.live, database: services.database, tenantId: scope.tenantId, runId, view });
    });
  }
  server.on("upgrade", onUpgrade);
  return {
    close() {
      server.off("upgrade", onUpgrade);
      for (const client of sockets.clients) {
        client.close(1001, "the server is shutting down");
        // a client that does not answer the close is not waited for
        setTimeout(() => client.terminate(), 1_000).unref();
      }
      sockets.close();
    },
  };
}

type Credential = { kind: "key"; key: string } | { kind: "session"; token: string } | { kind: "none" } | { kind: "cross-origin" };

/** The credential an upgrade request carries: a bearer header, a `bearer.<key>` subprotocol, or a same-origin session. */
function credentialOf(request: IncomingMessage): Credential {
  const header = request.headers.authorization;
  if (header?.toLowerCase().startsWith("bearer ")) return { kind: "key", key: header.slice(7) };
  const offered = (request.headers["sec-websocket-protocol"] ?? "").split(",").map((entry) => entry.trim());
  const protocolKey = offered.find((entry) => entry.startsWith(BEARER_PROTOCOL));
  if (protocolKey) return { kind: "key", key: protocolKey.slice(BEARER_PROTOCOL.length) };
  const token = cookieOf(request.headers.cookie, SESSION_COOKIE);
  if (token === undefined) return { kind: "none" };
  const origin = request.headers.origin;
  if (origin !== undefined && hostOf(origin) !== request.headers.host) return { kind: "cross-origin" };
  return { kind: "session", token };
}

async function authenticate(services: Services, credential: Credential): Promise<TenantScope | undefined> {
  if (credential.kind === "key") return services.authenticator.authenticate(credential.key);
  if (credential.kind === "session") return services.logins.authenticate(credential.token);
  return undefined;
}

function runIdOf(path: string): string | undefined {
  for (const pattern of SOCKET_PATHS) {
    const match = pattern.exec(path);
    if (!match?.[1]) continue;
    try {
      return decodeURIComponent(match[1]);
    } catch {
      return "";
    }
  }
  return undefined;
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return value.join("=");
  }
  return undefined;
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

/** Answers an upgrade request with a problem and drops the connection. */
function refuse(socket: Duplex, status: number, code: string, detail: string): void {
  if (socket.destroyed) return;
  const body = JSON.stringify({
    type: `https://rehearse.dev/problems/${code.replaceAll("_", "-")}`,
    title: STATUS_CODES[status],
    status,
    detail,
    code,
  });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n` +
      `${status === 401 ? 'WWW-Authenticate: Bearer realm="rehearse"\r\n' : ""}\r\n${body}`,
  );
}
