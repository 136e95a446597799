import type WebSocket from "ws";
import type { AudioChunk } from "../audio/audio-chunk.js";
import { ChunkQueue } from "./chunk-queue.js";
import { closeSocket, failQueueOnLoss, frameBytes, openSocket, type SocketTarget, sendFrame } from "./socket-connection.js";
import { VoiceAgentAdapter } from "./voice-agent-adapter.js";

/**
 * The base of the adapters whose agent is behind a WebSocket: one socket
 * per connection, the received chunks queued for `recvAudio`, a lost socket
 * (an error, a close nobody asked for) failing the queue so the run ends
 * `error` with the reason. Subclasses decode the frames (`onFrame`) and
 * encode what they send.
 */
export abstract class SocketVoiceAgentAdapter extends VoiceAgentAdapter {
  protected socket: WebSocket | undefined;
  protected queue: ChunkQueue;
  private closing = false;

  constructor(protected readonly adapterName: string) {
    super();
    this.name = adapterName;
    this.queue = new ChunkQueue(adapterName);
  }

  /** What one frame from the agent means; called for every frame received. */
  protected abstract onFrame(data: Buffer, binary: boolean): void;

  /** Opens the socket to `target` with a fresh queue, and starts delivering frames to `onFrame`. */
  protected async openTo(target: Omit<SocketTarget, "adapter">): Promise<WebSocket> {
    this.queue = new ChunkQueue(this.adapterName);
    this.closing = false;
    const full = { ...target, adapter: this.adapterName };
    const socket = await openSocket(full);
    this.socket = socket;
    socket.on("message", (data, binary) => this.onFrame(frameBytes(data), binary));
    failQueueOnLoss(
      socket,
      () => this.queue,
      full,
      () => this.closing,
    );
    return socket;
  }

  async disconnect(): Promise<void> {
    this.closing = true;
    const socket = this.socket;
    this.socket = undefined;
    await closeSocket(socket);
  }

  override recvAudio(timeoutSeconds: number, signal?: AbortSignal): Promise<AudioChunk> {
    if (!this.socket) throw new Error(`${this.adapterName}: not connected (call connect() first, or run it with runVoice)`);
    return this.queue.take(timeoutSeconds, signal);
  }

  /** Sends one frame (text or binary). */
  protected sendRaw(frame: string | Uint8Array): Promise<void> {
    return sendFrame(this.socket, frame, this.adapterName);
  }

  /** Sends one JSON message. */
  protected sendJson(message: Record<string, unknown>): Promise<void> {
    return this.sendRaw(JSON.stringify(message));
  }
}
