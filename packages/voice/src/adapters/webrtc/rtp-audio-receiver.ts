import { AudioChunk } from "../../audio/audio-chunk.js";
import { concatPcm } from "../../audio/pcm.js";
import { fromTelephone } from "../telephone-audio.js";
import { PCMU_PAYLOAD_TYPE } from "./private-peer-connection.js";

/** What the receiver needs of one RTP packet. */
export interface ReceivedRtp {
  sequenceNumber: number;
  payloadType: number;
  payload: Uint8Array;
}

/** Comfort noise (RFC 3389): a peer may send it between talkspurts; it carries no speech and is skipped. */
const COMFORT_NOISE = 13;
/** Decoded audio is handed on every 100 ms worth (800 µ-law samples). */
const FLUSH_BYTES = 800;
/** Packets held while waiting for a missing one (60 ms): past that, the gap is skipped. */
const REORDER_WINDOW = 3;
/** With no packet for this long, what is held goes out (the end of a talkspurt). */
const IDLE_FLUSH_MS = 60;

/**
 * Turns the peer's PCMU RTP packets into PCM16 24 kHz chunks. Jitter: packets
 * are put back in sequence order within a window of 3 packets (60 ms): a
 * missing packet is skipped (no concealment) once more than 3 later ones
 * wait, and dropped if it arrives after that. A payload type other than
 * PCMU (0) or comfort noise is malformed for this session: `fail` gets the
 * reason once, and the rest is ignored. Any payload length is fine: µ-law
 * has one byte per sample, so an odd count is never half a sample.
 */
export class RtpAudioReceiver {
  #expected: number | undefined;
  readonly #held = new Map<number, Uint8Array>();
  #pending: Uint8Array[] = [];
  #pendingBytes = 0;
  #idle: NodeJS.Timeout | undefined;
  #failed = false;

  constructor(
    private readonly deliver: (chunk: AudioChunk) => void,
    private readonly fail: (error: Error) => void,
    private readonly adapter: string,
  ) {}

  push(packet: ReceivedRtp): void {
    if (this.#failed || packet.payloadType === COMFORT_NOISE) return;
    if (packet.payloadType !== PCMU_PAYLOAD_TYPE) {
      this.#failed = true;
      this.fail(
        new Error(
          `${this.adapter}: the peer sent RTP payload type ${packet.payloadType} (${packet.payload.length} bytes), ` +
            `not PCMU (${PCMU_PAYLOAD_TYPE}) as negotiated; the peer must send the codec its answer accepted`,
        ),
      );
      return;
    }
    this.#expected ??= packet.sequenceNumber;
    // a packet from before the one expected came too late: its place in the audio has passed
    if (distance(this.#expected, packet.sequenceNumber) >= 0x8000) return;
    this.#held.set(packet.sequenceNumber, packet.payload);
    this.#release();
    if (this.#held.size > REORDER_WINDOW) this.#skipGap();
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.flush(), IDLE_FLUSH_MS);
  }

  /** Hands on everything held and pending (the talkspurt ended, or the connection is closing). */
  flush(): void {
    clearTimeout(this.#idle);
    while (this.#held.size > 0) this.#skipGap();
    this.#deliverPending();
  }

  #release(): void {
    for (let payload = this.#held.get(this.#expected ?? 0); payload; payload = this.#held.get(this.#expected ?? 0)) {
      this.#held.delete(this.#expected ?? 0);
      this.#expected = ((this.#expected ?? 0) + 1) & 0xffff;
      this.#pending.push(payload);
      this.#pendingBytes += payload.length;
      if (this.#pendingBytes >= FLUSH_BYTES) this.#deliverPending();
    }
  }

  /** Gives up on the missing packet: the next one held is where the audio continues. */
  #skipGap(): void {
    const expected = this.#expected ?? 0;
    let nearest: number | undefined;
    for (const sequence of this.#held.keys())
      if (nearest === undefined || distance(expected, sequence) < distance(expected, nearest)) nearest = sequence;
    if (nearest === undefined) return;
    this.#expected = nearest;
    this.#release();
  }

  #deliverPending(): void {
    if (this.#pendingBytes === 0) return;
    const mulaw = concatPcm(this.#pending);
    this.#pending = [];
    this.#pendingBytes = 0;
    this.deliver(new AudioChunk({ data: fromTelephone(mulaw) }));
  }
}

/** How far `sequence` is ahead of `from`, modulo 2^16. */
function distance(from: number, sequence: number): number {
  return (sequence - from) & 0xffff;
}
