import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type RTCDataChannel, type RTCPeerConnection, type RTCRtpTransceiver, RtpHeader, RtpPacket } from "werift";
import { createPrivatePeerConnection, gatheringComplete, sealIce } from "../adapters/webrtc/private-peer-connection.js";
import { AudioChunk } from "../audio/audio-chunk.js";
import { detectDtmf } from "../audio/dtmf.js";
import { decodeMulaw, encodeMulaw } from "../audio/mulaw.js";
import { concatPcm, fromSamples, toSamples } from "../audio/pcm.js";
import { resample } from "../audio/resample.js";

/** How the local WebRTC peer misbehaves (or not). */
export type WebRTCPeerBehaviour = "answer" | "reject" | "drop" | "silent" | "malformed" | "odd" | "opus";

/** Options of `startWebRTCPeer`. */
export interface WebRTCPeerOptions {
  behaviour?: WebRTCPeerBehaviour;
  /** What the bot says to what it heard (PCM16 24 kHz); default: a 440 Hz tone `frames` × 20 ms long. */
  bot?: (heard: AudioChunk) => AudioChunk | Promise<AudioChunk>;
  frames?: number;
  /** Send `{"type":"end_of_turn"}` on the data channel after each answer. */
  endOfTurn?: boolean;
  /** A bearer token the endpoint requires (401 without it). */
  token?: string;
}

/** What the peer saw: signalling requests, the caller's RTP headers, and what it heard. */
export interface WebRTCPeerLog {
  offers: string[];
  authorizations: (string | undefined)[];
  deleted: string[];
  packets: { sequenceNumber: number; timestamp: number; marker: boolean; bytes: number; payloadType: number }[];
  /** Each utterance heard (a pause of 150 ms ends one), as PCM16 24 kHz. */
  utterances: AudioChunk[];
  /** DTMF keys heard in band. */
  digits: string;
  /** Control messages received on the data channel. */
  controls: string[];
}

/** The pause that ends the caller's utterance. */
const UTTERANCE_GAP_MS = 150;

/**
 * A local WHIP endpoint on 127.0.0.1 for tests: a POSTed offer gets a werift
 * peer connection (ICE on 127.0.0.1 only) whose answer comes back `201` with a
 * `Location`; `DELETE` there closes it. The peer hears the caller's PCMU
 * audio and, after each utterance, answers with the bot's audio in paced
 * 20 ms PCMU packets of its own (then, with `endOfTurn`, an `end_of_turn`
 * control message on the data channel). Misbehaviours: `reject` (403), `drop`
 * (closes the connection after 3 packets of its answer), `silent`,
 * `malformed` (RTP with payload type 111), `odd` (161-byte payloads), `opus`
 * (an endpoint that speaks Opus only, answering with Opus whatever was offered).
 */
export async function startWebRTCPeer(options: WebRTCPeerOptions = {}) {
  const behaviour = options.behaviour ?? "answer";
  const log: WebRTCPeerLog = {
    offers: [],
    authorizations: [],
    deleted: [],
    packets: [],
    utterances: [],
    digits: "",
    controls: [],
  };
  const sessions = new Map<string, RTCPeerConnection>();
  const channels = new Map<RTCPeerConnection, RTCDataChannel>();
  const bot = options.bot ?? ((_heard: AudioChunk) => toneChunk(options.frames ?? 25));

  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await text(request);
    log.offers.push(body);
    log.authorizations.push(request.headers.authorization);
    if (options.token && request.headers.authorization !== `Bearer ${options.token}`)
      return void response.writeHead(401).end("missing or wrong bearer token");
    if (behaviour === "reject") return void response.writeHead(403).end("offer refused: no calls accepted today");
    const peer = createPrivatePeerConnection({ hostAddresses: ["127.0.0.1"] });
    peer.onTransceiverAdded.subscribe((transceiver) => listen(peer, transceiver));
    peer.onDataChannel.subscribe((channel) => {
      channels.set(peer, channel);
      channel.onMessage.subscribe((data) => log.controls.push(String(data)));
    });
    await peer.setRemoteDescription({ type: "offer", sdp: body });
    const reply = await peer.createAnswer();
    sealIce(peer);
    await peer.setLocalDescription(reply);
    await gatheringComplete(peer);
    const id = randomUUID();
    sessions.set(id, peer);
    response.writeHead(201, { "content-type": "application/sdp", location: `/whip/session/${id}` });
    const sdp = peer.localDescription?.sdp ?? "";
    response.end(behaviour === "opus" ? opusOnly(sdp) : sdp);
  };

  const listen = (peer: RTCPeerConnection, transceiver: RTCRtpTransceiver): void => {
    let heard: Uint8Array[] = [];
    let gap: NodeJS.Timeout | undefined;
    transceiver.onTrack.subscribe((track) =>
      track.onReceiveRtp.subscribe((rtp) => {
        const { sequenceNumber, timestamp, marker, payloadType } = rtp.header;
        log.packets.push({ sequenceNumber, timestamp, marker, payloadType, bytes: rtp.payload.length });
        heard.push(new Uint8Array(rtp.payload));
        clearTimeout(gap);
        gap = setTimeout(async () => {
          const utterance = new AudioChunk({ data: fromSamples(resample(decodeMulaw(concatPcm(heard)), 8000, 24_000)) });
          heard = [];
          log.utterances.push(utterance);
          log.digits += detectDtmf(toSamples(utterance.data));
          if (behaviour !== "silent") await speak(peer, transceiver, await bot(utterance));
        }, UTTERANCE_GAP_MS);
      }),
    );
  };

  let sequence = 4000;
  let timestamp = 90_000;
  const speak = async (peer: RTCPeerConnection, transceiver: RTCRtpTransceiver, chunk: AudioChunk): Promise<void> => {
    const mulaw = encodeMulaw(resample(toSamples(chunk.data), 24_000, 8000));
    const size = behaviour === "odd" ? 161 : 160;
    const started = performance.now();
    for (let offset = 0, index = 0; offset < mulaw.length; offset += size, index++) {
      if (behaviour === "drop" && index === 3) return void (await hangUp(peer, channels.get(peer)));
      const payload = Buffer.from(mulaw.subarray(offset, offset + size));
      const header = new RtpHeader({ sequenceNumber: sequence, timestamp, marker: index === 0, payloadType: 0 });
      sequence = (sequence + 1) & 0xffff;
      timestamp += payload.length;
      if (behaviour === "malformed") {
        // straight onto the transport: the sender would rewrite the payload type to the negotiated one
        header.payloadType = 111;
        header.ssrc = transceiver.sender.ssrc;
        await transceiver.sender.dtlsTransport.sendRtp(payload, header);
      } else await transceiver.sender.sendRtp(new RtpPacket(header, payload));
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, started + (index + 1) * 20 - performance.now())));
    }
    if (options.endOfTurn) channels.get(peer)?.send(JSON.stringify({ type: "end_of_turn" }));
  };

  const server = createServer((request, response) => {
    const path = request.url ?? "";
    if (request.method === "POST" && path.startsWith("/whip")) {
      answer(request, response).catch((error: Error) => response.writeHead(500).end(error.message));
      return;
    }
    const id = /^\/whip\/session\/([\w-]+)$/.exec(path)?.[1];
    if (request.method === "DELETE" && id) {
      log.deleted.push(path);
      const session = sessions.get(id);
      if (session) void hangUp(session, channels.get(session));
      sessions.delete(id);
      return void response.writeHead(200).end();
    }
    response.writeHead(404).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/whip`,
    log,
    async close(): Promise<void> {
      for (const peer of sessions.values()) await hangUp(peer, channels.get(peer));
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/**
 * Hangs up so the caller can tell: its data channels closed first (a stream
 * reset the caller sees at once), then the connection (werift sends no DTLS
 * close_notify, and its SCTP abort goes out after DTLS is gone).
 */
async function hangUp(peer: RTCPeerConnection, channel: RTCDataChannel | undefined): Promise<void> {
  if (channel?.readyState === "open") {
    channel.close();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await peer.close();
}

/** `frames` × 20 ms of a 440 Hz tone, PCM16 24 kHz. */
export function toneChunk(frames: number, frequency = 440): AudioChunk {
  const samples = Int16Array.from({ length: frames * 480 }, (_, index) =>
    Math.round(8000 * Math.sin((2 * Math.PI * frequency * index) / 24_000)),
  );
  return new AudioChunk({ data: fromSamples(samples) });
}

/** The answer as an Opus-only endpoint writes it: its audio section lists opus/48000/2 instead of PCMU. */
function opusOnly(sdp: string): string {
  return sdp.replace(/^(m=audio \S+ \S+) 0$/m, "$1 111").replace(/^a=rtpmap:0 PCMU\/8000$/m, "a=rtpmap:111 opus/48000/2");
}

function text(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    request.on("data", (part: Buffer) => parts.push(part));
    request.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    request.on("error", reject);
  });
}
