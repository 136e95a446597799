/** What an adapter's agent can do beyond taking and giving audio. */
export interface AdapterCapabilitiesInit {
  /** Emits the agent's transcript while it speaks (`interrupt({ afterWords })` needs it). */
  streamingTranscripts?: boolean;
  /** Detects speech boundaries itself (voice activity detection). */
  nativeVad?: boolean;
  /** Sends DTMF tones (`dtmf()` needs it). */
  dtmf?: boolean;
  /** Takes a first-class interrupt signal (barge-in without relying on audio timing). */
  interruption?: boolean;
  /** Audio formats it takes, e.g. `"pcm16/24000"`, `"mulaw/8000"`. */
  inputFormats?: string[];
  /** Audio formats it gives. */
  outputFormats?: string[];
}

/** An adapter's capabilities (frozen; the defaults are "none", PCM16 24 kHz in and out). */
export class AdapterCapabilities {
  readonly streamingTranscripts: boolean;
  readonly nativeVad: boolean;
  readonly dtmf: boolean;
  readonly interruption: boolean;
  readonly inputFormats: readonly string[];
  readonly outputFormats: readonly string[];

  constructor(init: AdapterCapabilitiesInit = {}) {
    this.streamingTranscripts = init.streamingTranscripts ?? false;
    this.nativeVad = init.nativeVad ?? false;
    this.dtmf = init.dtmf ?? false;
    this.interruption = init.interruption ?? false;
    this.inputFormats = Object.freeze([...(init.inputFormats ?? ["pcm16/24000"])]);
    this.outputFormats = Object.freeze([...(init.outputFormats ?? ["pcm16/24000"])]);
    Object.freeze(this);
  }
}

/** A capability name, as `UnsupportedCapabilityError.capability` reports it. */
export type CapabilityName = "streaming_transcripts" | "native_vad" | "dtmf" | "interruption";

/**
 * A step needed something the adapter cannot do (DTMF on a WebSocket bot,
 * `interrupt({ afterWords })` without streaming transcripts). The message
 * names the adapter and the capability, and says what to do instead.
 */
export class UnsupportedCapabilityError extends Error {
  override readonly name = "UnsupportedCapabilityError";

  constructor(
    readonly adapterName: string,
    readonly capability: CapabilityName,
    hint = "",
  ) {
    super(`${adapterName} does not support ${capability} (see docs/voice.md, "Capabilities")${hint ? `. ${hint}` : ""}`);
  }
}
