import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

/** How the fake Live server behaves. */
export type GeminiPeerBehaviour = "answer" | "goAway" | "refuseSetup" | "silent";

/**
 * A local stand-in for the Gemini Live API WebSocket, for tests only: it
 * answers `setup` with `setupComplete`, and after each `activityEnd` sends
 * the input transcription, `parts` model-turn parts of 100 ms inline audio at
 * 24 kHz (odd byte counts on purpose), output transcriptions and
 * `turnComplete`. It can also send `goAway`, close during setup, or stay silent.
 */
export async function startGeminiLivePeer(behaviour: GeminiPeerBehaviour = "answer", parts = 4) {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(server, "listening");
  const log = { messages: [] as Record<string, unknown>[], urls: [] as string[] };
  server.on("connection", (socket, request) => {
    log.urls.push(request.url ?? "");
    const send = (message: Record<string, unknown>) => socket.send(JSON.stringify(message));
    socket.on("message", (raw) => {
      const message = JSON.parse(String(raw));
      log.messages.push(message);
      if (message.setup) {
        if (behaviour === "refuseSetup") return socket.close(1008, "invalid model");
        return send({ setupComplete: {} });
      }
      if (!message.realtimeInput?.activityEnd || behaviour === "silent") return;
      if (behaviour === "goAway") return send({ goAway: { timeLeft: "0s" } });
      send({ serverContent: { inputTranscription: { text: "hello there" } } });
      for (let index = 0; index < parts; index++) {
        const bytes = Buffer.alloc(index % 2 === 0 ? 4801 : 4799, index + 1);
        send({
          serverContent: {
            modelTurn: { parts: [{ inlineData: { mimeType: "audio/pcm;rate=24000", data: bytes.toString("base64") } }] },
          },
        });
        send({ serverContent: { outputTranscription: { text: index === 0 ? "Hi" : " there" } } });
      }
      send({ serverContent: { turnComplete: true } });
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/ws/live`,
    log,
    async close(): Promise<void> {
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
