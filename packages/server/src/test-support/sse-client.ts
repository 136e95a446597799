/**
 * A Server-Sent Events client for tests: `fetch` with a streaming body
 * reader (so it can send `Authorization` and `Last-Event-ID`, which
 * `EventSource` cannot), and a parser of the frames as the WHATWG event
 * stream format defines them, comments and `retry` included.
 */

/** One parsed block: an event, a `retry`, or a comment (heartbeat). */
export interface SseFrame {
  event?: string;
  data?: string;
  id?: string;
  retry?: number;
  comment?: string;
}

/** Incremental parser: feed text as it arrives, get the complete blocks. */
export class SseParser {
  private rest = "";
  private frame: SseFrame = {};
  private hasField = false;

  push(text: string): SseFrame[] {
    const done: SseFrame[] = [];
    const lines = (this.rest + text).split(/\r\n|\r|\n/);
    this.rest = lines.pop() ?? "";
    for (const line of lines) {
      if (line === "") {
        if (this.hasField) done.push(this.frame);
        this.frame = {};
        this.hasField = false;
        continue;
      }
      this.hasField = true;
      if (line.startsWith(":")) {
        this.frame.comment = line.slice(1).trim();
        continue;
      }
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "data") this.frame.data = this.frame.data === undefined ? value : `${this.frame.data}\n${value}`;
      else if (field === "event") this.frame.event = value;
      else if (field === "id") this.frame.id = value;
      else if (field === "retry" && /^\d+$/.test(value)) this.frame.retry = Number(value);
    }
    return done;
  }
}

export interface SseStream {
  status: number;
  headers: Headers;
  /** Every block received so far, in order. */
  frames: SseFrame[];
  /** The frames with an `event:` field (no comments, no `retry`). */
  events(): SseFrame[];
  /** Waits until some received frame satisfies `predicate`; rejects after `timeoutMs` or when the stream ends first. */
  until(predicate: (frame: SseFrame, frames: SseFrame[]) => boolean, timeoutMs?: number): Promise<SseFrame>;
  /** Settles when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

/** Opens `url` as an event stream; a non-2xx answer comes back with its status and no frames. */
export async function openSse(url: string, headers: Record<string, string>): Promise<SseStream & { body: string }> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  const frames: SseFrame[] = [];
  const waiters = new Set<() => void>();
  let finished = false;
  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const body = response.ok ? "" : await response.text();
  const ended = (async () => {
    if (!response.ok || !response.body) return;
    const parser = new SseParser();
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        frames.push(...parser.push(decoder.decode(chunk, { stream: true })));
        notify();
      }
    } catch {
      // aborted by close()
    } finally {
      finished = true;
      notify();
    }
  })();
  return {
    status: response.status,
    headers: response.headers,
    body,
    frames,
    events: () => frames.filter((frame) => frame.event !== undefined),
    until(predicate, timeoutMs = 10_000) {
      return new Promise<SseFrame>((resolve, reject) => {
        const check = () => {
          const found = frames.find((frame) => predicate(frame, frames));
          if (found) {
            cleanup();
            resolve(found);
          } else if (finished) {
            cleanup();
            reject(new Error(`the stream ended first; frames: ${JSON.stringify(frames).slice(0, 2000)}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`timed out after ${timeoutMs} ms; frames: ${JSON.stringify(frames).slice(0, 2000)}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    ended,
    close: () => controller.abort(),
  };
}
