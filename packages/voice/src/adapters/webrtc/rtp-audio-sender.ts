import { randomInt } from "node:crypto";
import { RtpHeader, RtpPacket } from "werift";
import { encodeMulaw } from "../../audio/mulaw.js";
import { PCM16_SAMPLE_RATE, toSamples } from "../../audio/pcm.js";
import { resample } from "../../audio/resample.js";
import { PCMU_PAYLOAD_TYPE } from "./private-peer-connection.js";

/** PCMU's sample rate on RTP (8 kHz, one byte per sample). */
export const PCMU_RATE = 8000;
/** One 20 ms PCMU packet: 160 samples, 160 bytes. */
export const PCMU_FRAME_BYTES = 160;
/** µ-law's code for silence, which pads a last frame to 20 ms. */
const MULAW_SILENCE = 0xff;

/**
 * Turns the user's PCM16 24 kHz audio into 20 ms PCMU RTP packets, as a
 * phone or browser would send them: sequence numbers +1 per packet and
 * timestamps +160 per packet, both from random starts (RFC 3550); the
 * timestamp also advances with the wall clock between utterances, and the
 * first packet of each utterance carries the marker bit (RFC 3551). Paced,
 * packet n leaves n × 20 ms after the first, however long the sends took.
 */
export class RtpAudioSender {
  #sequence = randomInt(0x10000);
  readonly #timestampBase = randomInt(0x1_0000_0000);
  /** Samples (8 kHz) from the start of the stream to the next packet. */
  #samples = 0;
  readonly #clockStart = performance.now();

  constructor(
    private readonly transmit: (packet: RtpPacket) => Promise<void>,
    private readonly paced = true,
  ) {}

  /** Sends `pcm` (PCM16 LE, 24 kHz) then `trailingSilence` seconds of silence, as one talkspurt. */
  async send(pcm: Uint8Array, trailingSilence = 0, stillOpen: () => void = () => undefined): Promise<void> {
    const speech = encodeMulaw(resample(toSamples(pcm), PCM16_SAMPLE_RATE, PCMU_RATE));
    const silenceBytes = Math.round(trailingSilence * PCMU_RATE);
    const frames = Math.ceil((speech.length + silenceBytes) / PCMU_FRAME_BYTES);
    const mulaw = new Uint8Array(frames * PCMU_FRAME_BYTES).fill(MULAW_SILENCE);
    mulaw.set(speech);
    // the RTP clock kept running while nobody spoke
    this.#samples = Math.max(this.#samples, Math.round(((performance.now() - this.#clockStart) * PCMU_RATE) / 1000));
    const started = performance.now();
    for (let frame = 0; frame < frames; frame++) {
      stillOpen();
      const header = new RtpHeader({
        payloadType: PCMU_PAYLOAD_TYPE,
        sequenceNumber: this.#sequence,
        timestamp: (this.#timestampBase + this.#samples) >>> 0,
        marker: frame === 0,
      });
      const payload = Buffer.from(mulaw.subarray(frame * PCMU_FRAME_BYTES, (frame + 1) * PCMU_FRAME_BYTES));
      await this.transmit(new RtpPacket(header, payload));
      this.#sequence = (this.#sequence + 1) & 0xffff;
      this.#samples += PCMU_FRAME_BYTES;
      if (this.paced) await delay(started + (frame + 1) * 20 - performance.now());
    }
  }
}

function delay(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, milliseconds)));
}
