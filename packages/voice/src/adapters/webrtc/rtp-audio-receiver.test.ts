import { describe, expect, it } from "vitest";
import type { AudioChunk } from "../../audio/audio-chunk.js";
import { encodeMulaw } from "../../audio/mulaw.js";
import { toSamples } from "../../audio/pcm.js";
import { RtpAudioReceiver } from "./rtp-audio-receiver.js";
import { requirePcmu } from "./sdp-audio.js";

/** 160 µ-law bytes of one constant level: the packet's number, readable back after decoding. */
const packet = (sequenceNumber: number, level: number, payloadType = 0) => ({
  sequenceNumber: sequenceNumber & 0xffff,
  payloadType,
  payload: encodeMulaw(new Int16Array(160).fill(level)),
});

function receiver() {
  const chunks: AudioChunk[] = [];
  const errors: Error[] = [];
  const rtp = new RtpAudioReceiver(
    (chunk) => chunks.push(chunk),
    (error) => errors.push(error),
    "Test",
  );
  /** The level of each 20 ms heard, in order (480 samples at 24 kHz per packet). */
  const levels = () => {
    const samples = chunks.flatMap((chunk) => Array.from(toSamples(chunk.data)));
    return Array.from({ length: samples.length / 480 }, (_, index) => Math.round((samples[index * 480 + 240] ?? 0) / 1000));
  };
  return { rtp, chunks, errors, levels };
}

describe("RtpAudioReceiver", () => {
  it("puts packets back in sequence order, across the 16-bit wrap", () => {
    const { rtp, levels } = receiver();
    for (const [sequence, level] of [
      [65534, 1000],
      [0, 3000],
      [65535, 2000],
      [2, 5000],
      [1, 4000],
    ] as const)
      rtp.push(packet(sequence, level));
    rtp.flush();
    expect(levels()).toEqual([1, 2, 3, 4, 5]);
  });

  it("waits 60 ms of packets for a late one, skips it when more wait, and drops it if it comes after its turn", () => {
    const { rtp, levels } = receiver();
    for (const [sequence, level] of [
      [10, 1000],
      [12, 3000],
      [13, 4000],
      [14, 5000],
      [11, 2000],
    ] as const)
      rtp.push(packet(sequence, level));
    for (const [sequence, level] of [
      [16, 7000],
      [17, 8000],
      [18, 9000],
      [19, 10_000],
      [15, 6000],
      [20, 11_000],
    ] as const)
      rtp.push(packet(sequence, level));
    rtp.flush();
    expect(levels()).toEqual([1, 2, 3, 4, 5, 7, 8, 9, 10, 11]);
  });

  it("hands on 100 ms chunks of PCM16 24 kHz as the packets arrive", () => {
    const { rtp, chunks } = receiver();
    for (let sequence = 0; sequence < 5; sequence++) rtp.push(packet(sequence, 1000));
    expect(chunks.map((chunk) => chunk.data.length)).toEqual([4800]);
    rtp.flush();
  });

  it("names a payload type that is not PCMU, once, and skips comfort noise", () => {
    const { rtp, errors, chunks } = receiver();
    rtp.push(packet(1, 1000, 13));
    rtp.push(packet(2, 1000, 111));
    rtp.push(packet(3, 1000, 8));
    rtp.flush();
    expect(chunks).toEqual([]);
    expect(errors.map((error) => error.message)).toEqual([
      "Test: the peer sent RTP payload type 111 (160 bytes), not PCMU (0) as negotiated; the peer must send the codec its answer accepted",
    ]);
  });
});

describe("requirePcmu", () => {
  const answer = (media: string, rtpmap = "") => `v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n${media}\r\n${rtpmap}`;

  it("accepts an answer with PCMU, named or static", () => {
    expect(() => requirePcmu(answer("m=audio 9 UDP/TLS/RTP/SAVPF 0", "a=rtpmap:0 PCMU/8000\r\n"), "A")).not.toThrow();
    expect(() => requirePcmu(answer("m=audio 9 UDP/TLS/RTP/SAVPF 0"), "A")).not.toThrow();
  });

  it("says Opus is not supported when the peer answers with Opus only, and names a rejected or missing audio section", () => {
    expect(() => requirePcmu(answer("m=audio 9 UDP/TLS/RTP/SAVPF 111", "a=rtpmap:111 opus/48000/2\r\n"), "A")).toThrow(
      /A: the peer answered with opus\/48000, not PCMU\/8000 .* Opus is not supported: @rehearse\/voice has no Opus codec/,
    );
    expect(() => requirePcmu(answer("m=audio 0 UDP/TLS/RTP/SAVPF 0"), "A")).toThrow(
      /no audio codec \(it rejected the audio section\)/,
    );
    expect(() => requirePcmu(answer("m=video 9 UDP/TLS/RTP/SAVPF 96"), "A")).toThrow(/no audio section/);
  });
});
