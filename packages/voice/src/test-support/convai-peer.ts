import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

/** How the fake ElevenLabs agent behaves. */
export type ConvaiPeerBehaviour = "answer" | "drop" | "silent";

/**
 * A local stand-in for an ElevenLabs conversational agent's WebSocket, for
 * tests only: it announces its formats (PCM at 16 kHz both ways), pings and
 * expects a pong with the ping's id, and after a user utterance (audio
 * followed by the silence tail) sends the user transcript, the agent's
 * response text and `frames` audio events of 100 ms at 16 kHz.
 */
export async function startConvaiPeer(behaviour: ConvaiPeerBehaviour = "answer", frames = 5) {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(server, "listening");
  const log = {
    messages: [] as Record<string, unknown>[],
    headers: [] as Record<string, unknown>[],
    pongs: [] as unknown[],
    userBytes: [] as number[],
  };
  server.on("connection", (socket, request) => {
    log.headers.push(request.headers);
    const send = (event: Record<string, unknown>) => socket.send(JSON.stringify(event));
    socket.on("message", (raw) => {
      const message = JSON.parse(String(raw));
      log.messages.push(message);
      if (message.type === "conversation_initiation_client_data") {
        send({
          type: "conversation_initiation_metadata",
          conversation_initiation_metadata_event: {
            conversation_id: "conv_1",
            agent_output_audio_format: "pcm_16000",
            user_input_audio_format: "pcm_16000",
          },
        });
        send({ type: "ping", ping_event: { event_id: 7, ping_ms: 20 } });
      }
      if (message.type === "pong") log.pongs.push(message.event_id);
      if (typeof message.user_audio_chunk !== "string") return;
      const bytes = Buffer.from(message.user_audio_chunk, "base64");
      log.userBytes.push(bytes.length);
      // the utterance ends with the all-zero silence tail
      if (bytes.some((byte) => byte !== 0) || behaviour === "silent") return;
      if (behaviour === "drop") return socket.terminate();
      send({ type: "user_transcript", user_transcription_event: { user_transcript: "i need help" } });
      send({ type: "agent_response", agent_response_event: { agent_response: "How can I help?" } });
      for (let index = 0; index < frames; index++)
        send({
          type: "audio",
          audio_event: { audio_base_64: Buffer.alloc(3200, index + 1).toString("base64"), event_id: index },
        });
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/v1/convai/conversation?agent_id=agent_1`,
    log,
    async close(): Promise<void> {
      for (const client of server.clients) client.terminate();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
