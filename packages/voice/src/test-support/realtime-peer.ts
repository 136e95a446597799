import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

/** How the fake Realtime server behaves. */
export type RealtimePeerBehaviour = "answer" | "error" | "drop" | "silent";

/** What the peer saw: events by type, and each connection's headers. */
export interface RealtimePeerLog {
  events: Record<string, unknown>[];
  headers: Record<string, string | string[] | undefined>[];
}

/**
 * A local stand-in for OpenAI's Realtime WebSocket API (beta events), for
 * tests only: it answers each `response.create` with `chunks` audio deltas
 * (20 ms apart, odd byte counts on purpose, each chunk's bytes holding its
 * sequence number so a missed or reordered chunk shows), transcript deltas,
 * `response.audio_transcript.done` and `response.done`; `response.cancel`
 * stops the deltas. It can also send an `error` event, drop the connection
 * mid-answer, or stay silent.
 */
export async function startRealtimePeer(behaviour: RealtimePeerBehaviour = "answer", chunks = 6) {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(server, "listening");
  const log: RealtimePeerLog = { events: [], headers: [] };
  server.on("connection", (socket, request) => {
    log.headers.push(request.headers);
    let timer: NodeJS.Timeout | undefined;
    let responses = 0;
    const send = (event: Record<string, unknown>) => socket.send(JSON.stringify(event));
    socket.on("message", (raw) => {
      const event = JSON.parse(String(raw));
      log.events.push(event);
      if (event.type === "session.update") send({ type: "session.updated", session: event.session });
      if (event.type === "input_audio_buffer.commit")
        send({ type: "conversation.item.input_audio_transcription.completed", transcript: "what the caller said" });
      if (event.type === "response.cancel" && timer) {
        clearInterval(timer);
        timer = undefined;
        send({ type: "response.done", response: { status: "cancelled" } });
      }
      if (event.type !== "response.create" || behaviour === "silent") return;
      if (behaviour === "error")
        return send({ type: "error", error: { type: "invalid_request_error", message: "rate limit reached" } });
      const response = ++responses;
      send({ type: "response.created" });
      let index = 0;
      timer = setInterval(() => {
        if (behaviour === "drop" && index === 2) {
          clearInterval(timer);
          socket.terminate();
          return;
        }
        if (index < chunks) {
          // 4801 bytes then 4799: every pair is whole samples, each delta alone is not
          const bytes = Buffer.alloc(index % 2 === 0 ? 4801 : 4799, (response * 16 + index) & 0xff);
          send({ type: "response.audio.delta", delta: bytes.toString("base64") });
          send({ type: "response.audio_transcript.delta", delta: `${index === 0 ? "" : " "}word${index}` });
          index++;
          return;
        }
        clearInterval(timer);
        timer = undefined;
        send({
          type: "response.audio_transcript.done",
          transcript: Array.from({ length: chunks }, (_, at) => `word${at}`).join(" "),
        });
        send({ type: "response.done", response: { status: "completed" } });
      }, 20);
    });
    socket.on("close", () => clearInterval(timer));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/v1/realtime?model=gpt-realtime-mini`,
    log,
    async close(): Promise<void> {
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
