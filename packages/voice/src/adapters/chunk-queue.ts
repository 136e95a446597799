import type { AudioChunk } from "../audio/audio-chunk.js";

/** `recvAudio` waited longer than its timeout: the end of a drain, or (for the first chunk) an agent that never answered. */
export class VoiceTimeoutError extends Error {
  override readonly name = "VoiceTimeoutError";

  constructor(
    readonly adapterName: string,
    readonly seconds: number,
  ) {
    super(`${adapterName}: no audio from the agent within ${seconds} s`);
  }
}

/**
 * The chunks a transport received and `recvAudio` has not taken yet, in
 * arrival order. `take` waits up to a timeout; `fail` makes every waiting and
 * later `take` reject with the transport's error (a dropped connection, an
 * `error` event), so a run ends `error` with the reason instead of hanging.
 */
export class ChunkQueue {
  private readonly chunks: AudioChunk[] = [];
  private readonly waiting: { resolve: (chunk: AudioChunk) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }[] =
    [];
  private failure: Error | undefined;

  constructor(private readonly adapterName: string) {}

  /** Chunks waiting to be taken. */
  get size(): number {
    return this.chunks.length;
  }

  push(chunk: AudioChunk): void {
    const waiter = this.waiting.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      waiter.resolve(chunk);
    } else this.chunks.push(chunk);
  }

  /** From now on, `take` rejects with `error` once the queued chunks are taken. */
  fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const waiter of this.waiting.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(error);
    }
  }

  /** Drops queued chunks (an interrupt clears what the agent had not said yet). */
  clear(): void {
    this.chunks.length = 0;
  }

  /**
   * The next chunk, waiting at most `timeoutSeconds`. Aborting `signal` stops
   * the wait (rejecting with the signal's reason) without losing a chunk that
   * arrives later: it stays queued for the next `take`.
   */
  take(timeoutSeconds: number, signal?: AbortSignal): Promise<AudioChunk> {
    const next = this.chunks.shift();
    if (next) return Promise.resolve(next);
    if (this.failure) return Promise.reject(this.failure);
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const remove = (): void => {
        const index = this.waiting.findIndex((waiter) => waiter.timer === timer);
        if (index >= 0) this.waiting.splice(index, 1);
        signal?.removeEventListener("abort", onAbort);
      };
      const onAbort = (): void => {
        clearTimeout(timer);
        remove();
        reject(signal?.reason);
      };
      const timer = setTimeout(
        () => {
          remove();
          reject(new VoiceTimeoutError(this.adapterName, timeoutSeconds));
        },
        Math.max(0, timeoutSeconds * 1000),
      );
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting.push({
        resolve: (chunk) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(chunk);
        },
        reject,
        timer,
      });
    });
  }
}
