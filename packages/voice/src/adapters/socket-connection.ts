import WebSocket from "ws";
import type { ChunkQueue } from "./chunk-queue.js";

/** How a socket adapter connects: the URL shown in messages (credentials redacted), headers, the wait. */
export interface SocketTarget {
  /** The adapter's name, which starts every message. */
  adapter: string;
  url: string;
  /** The URL as messages show it (no credentials). */
  shown: string;
  headers?: Record<string, string>;
  /** Seconds to wait for the connection (default 10). */
  connectTimeout?: number;
}

/** Opens a WebSocket, or rejects with why not (refused, HTTP status of the upgrade, timeout), naming the URL. */
export async function openSocket(target: SocketTarget): Promise<WebSocket> {
  const socket = new WebSocket(target.url, {
    headers: target.headers ?? {},
    handshakeTimeout: (target.connectTimeout ?? 10) * 1000,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", (error) => reject(new Error(`${target.adapter}: cannot connect to ${target.shown}: ${error.message}`)));
    socket.once("unexpected-response", (_request, response) => {
      socket.terminate();
      reject(new Error(`${target.adapter}: ${target.shown} refused the connection (HTTP ${response.statusCode})`));
    });
  });
  return socket;
}

/**
 * Turns the socket's failures into the queue's: an error, or a close the
 * adapter did not ask for (`closing()` false), makes every waiting and later
 * `recvAudio` reject with the reason — the run ends `error`, never hangs.
 */
export function failQueueOnLoss(socket: WebSocket, queue: () => ChunkQueue, target: SocketTarget, closing: () => boolean): void {
  socket.on("error", (error) => queue().fail(new Error(`${target.adapter}: ${target.shown}: ${error.message}`)));
  socket.on("close", (code, reason) => {
    if (!closing())
      queue().fail(
        new Error(
          `${target.adapter}: ${target.shown} closed the connection (${code}${reason.length ? ` ${reason.toString()}` : ""})`,
        ),
      );
  });
}

/** Sends one frame, resolving once it is written. */
export function sendFrame(socket: WebSocket | undefined, frame: string | Uint8Array, adapter: string): Promise<void> {
  if (!socket || socket.readyState !== WebSocket.OPEN)
    return Promise.reject(new Error(`${adapter}: not connected (call connect() first, or run it with runVoice)`));
  return new Promise((resolve, reject) => socket.send(frame, (error) => (error ? reject(error) : resolve())));
}

/** Closes the socket (code 1000), terminating it if the peer does not answer within a second. */
export async function closeSocket(socket: WebSocket | undefined): Promise<void> {
  if (!socket || socket.readyState === WebSocket.CLOSED) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      socket.terminate();
      resolve();
    }, 1000);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
    socket.close(1000);
  });
}

/** The bytes of a received frame. */
export function frameBytes(data: WebSocket.RawData): Buffer {
  return Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
}
