/**
 * An HTTP proxy on 127.0.0.1 that fails a share of requests on purpose, for
 * delivery tests: a 500, a 503 with `Retry-After: 1`, a connection reset, or
 * a timeout (the request is read and never answered). The rest go to the
 * target, which can change while the proxy runs (a restarted server gets a
 * new port); while there is no target, requests get connection resets.
 * Failures are drawn from a seeded generator, so a failing run repeats.
 */
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export type Fault = "500" | "503" | "reset" | "timeout";

export interface FaultProxy {
  url: string;
  /** Where good requests go; `undefined` while the server is down. */
  setTarget(url: string | undefined): void;
  /** Requests seen, and how many got each fault. */
  counts(): Record<Fault | "forwarded" | "requests", number>;
  close(): Promise<void>;
}

export async function startFaultProxy(options: { failureRate: number; seed: number }): Promise<FaultProxy> {
  let state = options.seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const faults: Fault[] = ["500", "503", "reset", "timeout"];
  const counts = { requests: 0, forwarded: 0, "500": 0, "503": 0, reset: 0, timeout: 0 };
  let target: URL | undefined;
  const sockets = new Set<Socket>();

  const handle = (incoming: IncomingMessage, outgoing: ServerResponse) => {
    counts.requests += 1;
    const fault = random() < options.failureRate ? faults[Math.floor(random() * faults.length)] : undefined;
    const body: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => body.push(chunk));
    incoming.on("end", () => {
      if (fault) counts[fault] += 1;
      if (fault === "500") return outgoing.writeHead(500, { "content-type": "text/plain" }).end("injected failure");
      if (fault === "503") return outgoing.writeHead(503, { "retry-after": "1" }).end();
      if (fault === "reset" || !target) return incoming.socket.destroy();
      if (fault === "timeout") return; // read, never answered: the client's timeout must end it
      counts.forwarded += 1;
      const upstream = forward(
        { host: target.hostname, port: target.port, path: incoming.url, method: incoming.method, headers: incoming.headers },
        (response) => {
          outgoing.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(outgoing);
        },
      );
      upstream.on("error", () => incoming.socket.destroy());
      upstream.end(Buffer.concat(body));
    });
  };

  const server: Server = createServer(handle);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    setTarget(url) {
      target = url ? new URL(url) : undefined;
    },
    counts: () => ({ ...counts }),
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
