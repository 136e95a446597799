import { MediaStreamsAgentAdapter } from "./media-streams-agent-adapter.js";

/** Options of `PipecatAgentAdapter` (`@langwatch/scenario`'s `PipecatAgentAdapterInit`). */
export interface PipecatAgentAdapterInit {
  /** The bot's WebSocket endpoint (`ws://` or `wss://`), where its Twilio serializer listens. */
  url?: string;
  /** `"websocket"` (default). For a bot behind WebRTC use `WebRTCAgentAdapter` with its signalling URL. */
  transport?: "websocket" | "webrtc";
  /** WebRTC signalling endpoint: not taken here (see `transport`). */
  signalingUrl?: string;
  /** The wire format: `"mulaw"` (default; Pipecat's `TwilioFrameSerializer`). */
  audioFormat?: string;
  /** The wire rate: 8000 (default). */
  sampleRate?: number;
  /** The stream SID sent in `start` (generated when omitted). */
  streamSid?: string;
  /** The call SID sent in `start` (generated when omitted). */
  callSid?: string;
  /** Send frames at the pace they would be heard, 20 ms each (default true). */
  realTimePacing?: boolean;
  /** Headers of the WebSocket upgrade (e.g. authorization; never shown). */
  headers?: Record<string, string>;
}

/**
 * A running Pipecat bot, over the Twilio Media Streams protocol its
 * `TwilioFrameSerializer` speaks (µ-law 8 kHz, 20 ms frames, marks, `clear`):
 * the Media Streams adapter under Pipecat's name and options. Anything the
 * adapter cannot really do is refused at construction, never faked.
 */
export class PipecatAgentAdapter extends MediaStreamsAgentAdapter {
  readonly transport: "websocket";
  readonly audioFormat = "mulaw";
  readonly sampleRate = 8000;

  constructor(init: PipecatAgentAdapterInit = {}) {
    if (init.transport === "webrtc" || (init.signalingUrl && !init.url))
      throw new TypeError(
        "PipecatAgentAdapter: transport 'webrtc' is not taken here; use WebRTCAgentAdapter({ signalingUrl }) for a bot behind WebRTC, or give the bot's WebSocket url",
      );
    if (!init.url) throw new TypeError("PipecatAgentAdapter: url (the bot's ws:// or wss:// endpoint) is required");
    if ((init.audioFormat ?? "mulaw") !== "mulaw" || (init.sampleRate ?? 8000) !== 8000)
      throw new TypeError(
        `PipecatAgentAdapter: the Twilio serializer carries mulaw/8000; ${init.audioFormat ?? "mulaw"}/${init.sampleRate ?? 8000} is not supported`,
      );
    super(
      {
        url: init.url,
        ...(init.streamSid ? { streamSid: init.streamSid } : {}),
        ...(init.callSid ? { callSid: init.callSid } : {}),
        ...(init.realTimePacing === undefined ? {} : { paced: init.realTimePacing }),
        ...(init.headers ? { headers: init.headers } : {}),
      },
      "PipecatAgentAdapter",
    );
    this.transport = "websocket";
  }
}
