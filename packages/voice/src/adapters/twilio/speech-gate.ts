import { decodeMulaw } from "../../audio/mulaw.js";

/** Options of `SpeechGate`. */
export interface SpeechGateOptions {
  /** RMS (of 16-bit samples) from which a frame is speech (default 300, about −40 dBFS). */
  threshold?: number;
  /** Quiet inside an answer kept when speech resumes within this many ms (default 400; less than the drain's tail silence). */
  holdMs?: number;
  /** µ-law bytes collected before they are handed on (default 800: 100 ms). */
  flushBytes?: number;
  /** Ms without a new frame after which collected speech is handed on (a peer that sends only while it speaks). */
  idleFlushMs?: number;
}

/**
 * Lets through only the far end's speech. A phone line never goes quiet on
 * the wire: Twilio streams the callee's audio every 20 ms, silence included,
 * so an answer would never end by "no new audio" (the drain's tail silence).
 * Frames below the threshold are dropped unless speech resumes within
 * `holdMs` (then they are kept as the pause inside the answer); speech is
 * handed on in 100 ms pieces, and at once when a pause starts.
 */
export class SpeechGate {
  private collected: Uint8Array[] = [];
  private collectedBytes = 0;
  private held: Uint8Array[] = [];
  private heldBytes = 0;
  private speaking = false;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly threshold: number;
  private readonly holdBytes: number;
  private readonly flushBytes: number;
  private readonly idleFlushMs: number;

  constructor(
    private readonly emit: (mulaw: Uint8Array) => void,
    options: SpeechGateOptions = {},
  ) {
    this.threshold = options.threshold ?? 300;
    this.holdBytes = ((options.holdMs ?? 400) * 8000) / 1000;
    this.flushBytes = options.flushBytes ?? 800;
    this.idleFlushMs = options.idleFlushMs ?? 60;
  }

  /** One received payload of µ-law 8 kHz (any length). */
  feed(mulaw: Uint8Array): void {
    if (mulaw.length === 0) return;
    if (rms(mulaw) >= this.threshold) {
      if (this.speaking) for (const piece of this.held) this.collect(piece);
      this.held = [];
      this.heldBytes = 0;
      this.speaking = true;
      this.collect(mulaw);
      if (this.collectedBytes >= this.flushBytes) this.flush();
      else this.armIdleFlush();
      return;
    }
    if (!this.speaking) return;
    this.flush();
    this.held.push(mulaw);
    this.heldBytes += mulaw.length;
    if (this.heldBytes > this.holdBytes) this.reset();
  }

  /** Hands on the speech collected so far. */
  flush(): void {
    clearTimeout(this.idleTimer);
    if (this.collectedBytes === 0) return;
    const joined = Buffer.concat(this.collected, this.collectedBytes);
    this.collected = [];
    this.collectedBytes = 0;
    this.emit(new Uint8Array(joined));
  }

  /** Forgets everything not handed on yet (an interrupt, the end of the stream). */
  reset(): void {
    clearTimeout(this.idleTimer);
    this.collected = [];
    this.collectedBytes = 0;
    this.held = [];
    this.heldBytes = 0;
    this.speaking = false;
  }

  private collect(piece: Uint8Array): void {
    this.collected.push(piece);
    this.collectedBytes += piece.length;
  }

  private armIdleFlush(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.flush(), this.idleFlushMs);
    this.idleTimer.unref?.();
  }
}

function rms(mulaw: Uint8Array): number {
  const samples = decodeMulaw(mulaw);
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / samples.length);
}
