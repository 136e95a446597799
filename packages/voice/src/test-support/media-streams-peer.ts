import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { encodeMulaw } from "../audio/mulaw.js";

/** How the fake bot behaves. */
export type MediaStreamsPeerBehaviour = "answer" | "binary" | "drop" | "stop" | "silent";

/**
 * A local bot speaking Twilio Media Streams (the server side: what a Pipecat
 * telephony bot is), for tests only. After the caller's `utterance_end` mark
 * it answers with `frames` 20 ms µ-law frames of a 440 Hz tone, 20 ms apart
 * (JSON `media`, or raw binary frames), then a mark; `clear` stops it; DTMF
 * digits are collected. It can also drop the socket mid-answer, send `stop`,
 * or stay silent.
 */
export async function startMediaStreamsPeer(behaviour: MediaStreamsPeerBehaviour = "answer", frames = 25) {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(server, "listening");
  const log = { events: [] as Record<string, unknown>[], callerBytes: 0, digits: "" };
  const tone = encodeMulaw(
    Int16Array.from({ length: 160 }, (_, index) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * index) / 8000))),
  );
  server.on("connection", (socket) => {
    let timer: NodeJS.Timeout | undefined;
    let streamSid = "";
    const answer = (count: number) => {
      let sent = 0;
      clearInterval(timer);
      timer = setInterval(() => {
        if (behaviour === "drop" && sent === 3) return socket.terminate();
        if (sent < count) {
          if (behaviour === "binary") socket.send(Buffer.from(tone), { binary: true });
          else
            socket.send(JSON.stringify({ event: "media", streamSid, media: { payload: Buffer.from(tone).toString("base64") } }));
          sent++;
          return;
        }
        clearInterval(timer);
        timer = undefined;
        socket.send(JSON.stringify({ event: "mark", streamSid, mark: { name: "bot_done" } }));
      }, 20);
    };
    socket.on("message", (raw) => {
      const message = JSON.parse(String(raw));
      log.events.push(message);
      if (message.event === "start") streamSid = message.start.streamSid;
      if (message.event === "media") log.callerBytes += Buffer.from(message.media.payload, "base64").length;
      if (message.event === "dtmf") {
        log.digits += message.dtmf.digit;
        if (message.dtmf.digit === "#") answer(5);
      }
      if (message.event === "clear") {
        clearInterval(timer);
        timer = undefined;
      }
      if (message.event !== "mark" || message.mark?.name !== "utterance_end" || behaviour === "silent") return;
      if (behaviour === "stop") return socket.send(JSON.stringify({ event: "stop", streamSid }));
      answer(frames);
    });
    socket.on("close", () => clearInterval(timer));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/media`,
    log,
    async close(): Promise<void> {
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
