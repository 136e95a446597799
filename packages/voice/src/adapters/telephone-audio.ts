import { decodeMulaw, encodeMulaw } from "../audio/mulaw.js";
import { fromSamples, PCM16_SAMPLE_RATE, toSamples } from "../audio/pcm.js";
import { resample } from "../audio/resample.js";

/**
 * Telephone audio as Media Streams carries it (Twilio's, and the bots that
 * speak it): G.711 µ-law, 8 kHz, mono, one byte per sample; 20 ms (160
 * bytes) per `media` frame. Shared by the adapters that speak the protocol.
 */
export const TELEPHONE_RATE = 8000;
/** Bytes of one 20 ms µ-law frame. */
export const TELEPHONE_FRAME_BYTES = 160;
/** Milliseconds of one frame. */
export const TELEPHONE_FRAME_MS = 20;

/** PCM16 24 kHz bytes to µ-law 8 kHz bytes (what goes on the line). */
export function toTelephone(pcm: Uint8Array): Uint8Array {
  return encodeMulaw(resample(toSamples(pcm), PCM16_SAMPLE_RATE, TELEPHONE_RATE));
}

/** µ-law 8 kHz bytes to PCM16 24 kHz bytes (what the run records). Any byte count is whole samples. */
export function fromTelephone(mulaw: Uint8Array): Uint8Array {
  return fromSamples(resample(decodeMulaw(mulaw), TELEPHONE_RATE, PCM16_SAMPLE_RATE));
}

/**
 * Sends `mulaw` as 20 ms frames through `send`, paced in real time when
 * `paced` (frame n leaves n × 20 ms after the first, however long the sends
 * took), as a phone line plays it. Aborting `signal` stops between frames
 * (an interrupt cuts the utterance short); the frames sent so far stay sent.
 */
export async function sendPacedFrames(
  mulaw: Uint8Array,
  send: (frame: Uint8Array, index: number) => Promise<void>,
  options: { paced?: boolean; signal?: AbortSignal } = {},
): Promise<void> {
  const started = performance.now();
  for (let offset = 0, index = 0; offset < mulaw.length; offset += TELEPHONE_FRAME_BYTES, index++) {
    if (options.signal?.aborted) return;
    await send(mulaw.subarray(offset, offset + TELEPHONE_FRAME_BYTES), index);
    if (options.paced === false) continue;
    const due = started + (index + 1) * TELEPHONE_FRAME_MS;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
  }
}

/**
 * One phone line's outgoing audio: utterances go out one after another (a
 * line carries one voice), each paced by `sendPacedFrames`; `abort` cuts the
 * utterance on the line short (an interrupt) without touching later ones.
 */
export class PacedLine {
  private sending: Promise<void> = Promise.resolve();
  private current: AbortController | undefined;

  constructor(private readonly paced = true) {}

  /** Queues `mulaw` behind what is being sent; `start` runs when its turn comes and gives the frame sender. */
  send(mulaw: Uint8Array, start: () => (frame: Uint8Array) => Promise<void>): Promise<void> {
    const sending = this.sending.then(async () => {
      const sendFrame = start();
      const controller = new AbortController();
      this.current = controller;
      await sendPacedFrames(mulaw, sendFrame, { paced: this.paced, signal: controller.signal });
    });
    this.sending = sending.catch(() => undefined);
    return sending;
  }

  /** Stops the utterance being sent, between two frames. */
  abort(): void {
    this.current?.abort();
  }
}
