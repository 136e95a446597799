import dgram from "node:dgram";
import dns from "node:dns";
import { succeed } from "@rehearse/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { toSamples } from "../../audio/pcm.js";
import { extractAudio } from "../../recording/voice-messages.js";
import { runVoice } from "../../run/run-voice.js";
import { voice } from "../../steps/voice-namespace.js";
import { fakeTts } from "../../test-support/fake-speech.js";
import { errorOf } from "../../test-support/run-errors.js";
import { startWebRTCPeer, type WebRTCPeerOptions } from "../../test-support/webrtc-peer.js";
import { VoiceUserSimulatorAgent } from "../voice-user-simulator.js";
import { WebRTCAgentAdapter, type WebRTCAgentAdapterOptions } from "./webrtc-agent-adapter.js";

const peers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.close();
});
async function peer(options: WebRTCPeerOptions = {}) {
  const started = await startWebRTCPeer(options);
  peers.push(started);
  return started;
}

const local = { hostAddresses: ["127.0.0.1"] } satisfies WebRTCAgentAdapterOptions;
const caller = () => new VoiceUserSimulatorAgent({ voice: "fake/voice", tts: fakeTts });
const scenario = (adapter: WebRTCAgentAdapter, script = [voice.user("hello there"), voice.agent(), succeed()]) =>
  ({ name: "webrtc", description: "a caller on a WebRTC call", seed: 1, agents: [adapter, caller()], script }) as never;

describe("WebRTCAgentAdapter against a local WHIP peer (werift, DTLS-SRTP on 127.0.0.1)", () => {
  it("sends the caller as paced PCMU RTP, hears the bot's answer at 24 kHz, and DELETEs the session on close", async () => {
    const { url, log } = await peer({ frames: 25 });
    const adapter = new WebRTCAgentAdapter(url, { ...local, trailingSilence: 0 });
    adapter.responseTailSilence = 0.3;
    const result = await runVoice(scenario(adapter));
    expect(result.status).toBe("pass");
    // "hello there": 2 words of the fake voice = 120 ms = 6 packets of 160 µ-law bytes
    expect(log.packets.map((packet) => packet.bytes)).toEqual([160, 160, 160, 160, 160, 160]);
    const answer = result.audio?.segments.find((segment) => segment.speaker === "agent");
    expect(answer?.audio.length).toBe(25 * 480 * 2);
    expect(log.deleted).toHaveLength(1);
  }, 20_000);

  it("numbers its RTP right: sequence +1 and timestamp +160 per packet, the marker on each utterance's first", async () => {
    const { url, log } = await peer({ frames: 5 });
    const adapter = new WebRTCAgentAdapter({ signalingUrl: url, ...local, paced: false, trailingSilence: 0.1 });
    adapter.responseTailSilence = 0.3;
    const result = await runVoice(
      scenario(adapter, [voice.user("one two"), voice.agent(), voice.user("three"), voice.agent(), succeed()]),
    );
    expect(result.status).toBe("pass");
    // 2 words (6 packets) + 100 ms of silence (5), then 1 word (3) + 5
    expect(log.packets).toHaveLength(19);
    expect(log.packets.map((packet) => packet.payloadType).every((type) => type === 0)).toBe(true);
    expect(log.packets.filter((packet) => packet.marker)).toEqual([log.packets[0], log.packets[11]]);
    for (let index = 1; index < log.packets.length; index++) {
      const [previous, packet] = [log.packets[index - 1], log.packets[index]];
      expect(packet?.sequenceNumber).toBe(((previous?.sequenceNumber ?? 0) + 1) & 0xffff);
      // within an utterance exactly 160 apart; across the pause, the clock ran on
      const step = ((packet?.timestamp ?? 0) - (previous?.timestamp ?? 0)) >>> 0;
      if (index === 11) expect(step).toBeGreaterThanOrEqual(160);
      else expect(step).toBe(160);
    }
    expect(log.utterances).toHaveLength(2);
  }, 20_000);

  it("DTMF goes in band: the peer decodes the keys from the audio", async () => {
    const { url, log } = await peer({ frames: 5 });
    const adapter = new WebRTCAgentAdapter(url, { ...local, paced: false });
    adapter.responseTailSilence = 0.3;
    expect(adapter.capabilities.dtmf).toBe(true);
    const result = await runVoice(scenario(adapter, [voice.dtmf("12#9"), voice.agent(), succeed()]));
    expect(result.status).toBe("pass");
    expect(log.digits).toBe("12#9");
  }, 20_000);

  it("the peer hears what was said and the caller hears the bot: an echo bot returns the caller's tone", async () => {
    const { url, log } = await peer({ bot: (heard) => heard });
    const adapter = new WebRTCAgentAdapter(url, { ...local, trailingSilence: 0 });
    adapter.responseTailSilence = 0.3;
    const result = await runVoice(scenario(adapter, [voice.user("a b c d e"), voice.agent(), succeed()]));
    const answer = extractAudio(result.messages.at(-1));
    // 5 words × 60 ms at 24 kHz, through µ-law both ways
    expect(log.utterances[0]?.data.length).toBe(5 * 1440 * 2);
    expect(answer?.data.length).toBe(5 * 1440 * 2);
    expect(dominantFrequency(toSamples(answer?.data ?? new Uint8Array()))).toBeCloseTo(300, -1);
  }, 20_000);

  it("the control data channel carries end_of_turn both ways: the peer's ends the answer without waiting for silence", async () => {
    const { url, log } = await peer({ frames: 10, endOfTurn: true });
    const adapter = new WebRTCAgentAdapter(url, { ...local, paced: false });
    // a tail silence this long would fail the test's 20 s budget over three turns if it ended the answers
    adapter.responseTailSilence = 30;
    const result = await runVoice(
      scenario(adapter, [
        voice.user("one"),
        voice.agent(),
        voice.user("two"),
        voice.agent(),
        voice.user("three"),
        voice.agent(),
        succeed(),
      ]),
    );
    expect(result.status).toBe("pass");
    expect(log.controls).toEqual(Array(3).fill(JSON.stringify({ type: "end_of_turn" })));
    const answers = result.audio?.segments.filter((segment) => segment.speaker === "agent") ?? [];
    expect(answers.map((segment) => segment.audio.length)).toEqual([9600, 9600, 9600]);
  }, 20_000);

  it("a custom signal function replaces WHIP", async () => {
    const { url, log } = await peer({ frames: 5 });
    const offers: string[] = [];
    const signal = async (offer: string) => {
      offers.push(offer);
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/sdp" }, body: offer });
      return response.text();
    };
    const adapter = new WebRTCAgentAdapter({ signal, ...local, paced: false });
    adapter.responseTailSilence = 0.3;
    expect(String(adapter)).toBe("WebRTCAgentAdapter(signal=custom)");
    expect((await runVoice(scenario(adapter))).status).toBe("pass");
    expect(offers).toEqual(log.offers);
    expect(offers[0]).toMatch(/^m=audio \d+ UDP\/TLS\/RTP\/SAVPF 0\r?$/m);
  }, 20_000);

  it("stays private: no default STUN server, only the asked host address, nothing looked up or sent beyond 127.0.0.1", async () => {
    // werift's fallback STUN server (stun.l.google.com) would show up here: a DNS lookup, then a UDP send
    const contacted = new Set<string>();
    const send = dgram.Socket.prototype.send;
    const sends = vi.spyOn(dgram.Socket.prototype, "send").mockImplementation(function (this: dgram.Socket, ...args: unknown[]) {
      const address = args.find((arg, index) => index > 0 && typeof arg === "string");
      if (typeof address === "string") contacted.add(address);
      return (send as (...values: unknown[]) => void).apply(this, args);
    });
    const lookups = vi.spyOn(dns.promises, "lookup").mockImplementation(async (hostname: string) => {
      contacted.add(hostname);
      throw new Error(`no lookups in this test (${hostname})`);
    });
    try {
      const { url, log } = await peer({ frames: 5 });
      const adapter = new WebRTCAgentAdapter(url, { ...local, paced: false });
      adapter.responseTailSilence = 0.3;
      expect((await runVoice(scenario(adapter))).status).toBe("pass");
      const candidates = (log.offers[0] ?? "").split(/\r?\n/).filter((line) => line.startsWith("a=candidate:"));
      expect(candidates.length).toBeGreaterThan(0);
      for (const line of candidates) expect(line).toMatch(/ 127\.0\.0\.1 \d+ typ host/);
    } finally {
      sends.mockRestore();
      lookups.mockRestore();
    }
    expect([...contacted]).toEqual(["127.0.0.1"]);
  }, 20_000);

  it("sends the bearer token to the endpoint but never shows it", async () => {
    const { url, log } = await peer({ token: "secret-token", frames: 5 });
    const adapter = new WebRTCAgentAdapter(`${url}?key=secret-key`, { ...local, token: "secret-token", paced: false });
    adapter.responseTailSilence = 0.3;
    expect((await runVoice(scenario(adapter))).status).toBe("pass");
    expect(log.authorizations).toEqual(["Bearer secret-token"]);
    const shown = [String(adapter), JSON.stringify({ adapter }), (await import("node:util")).inspect(adapter)];
    for (const text of shown) {
      expect(text).toContain("token=***");
      expect(text).not.toContain("secret");
    }
    const wrong = new WebRTCAgentAdapter(url, { ...local, token: "wrong-secret" });
    const error = await errorOf(runVoice(scenario(wrong)));
    expect(error.message).toMatch(/refused the offer \(HTTP 401: missing or wrong bearer token\)/);
    expect(error.message).not.toContain("wrong-secret");
  }, 20_000);

  it("each misbehaving peer ends the run error with the reason, within its timeout", async () => {
    for (const [behaviour, reason] of [
      [
        "reject",
        /could not connect: .*WHIP endpoint http:\/\/127\.0\.0\.1:\d+\/whip refused the offer \(HTTP 403: offer refused/,
      ],
      ["opus", /answered with opus\/48000.*not PCMU\/8000.*Opus is not supported/],
      ["drop", /the peer closed the connection to http:\/\/127\.0\.0\.1:\d+\/whip \(its data channel closed\)/],
      ["malformed", /the peer sent RTP payload type 111 .*not PCMU \(0\) as negotiated/],
      ["silent", /no audio from the agent within 1 s/],
    ] as const) {
      const { url } = await peer({ behaviour, frames: 50 });
      const adapter = new WebRTCAgentAdapter(url, { ...local, paced: false, connectTimeout: 3 });
      adapter.responseTimeout = 1;
      adapter.responseTailSilence = 3;
      const error = await errorOf(runVoice(scenario(adapter)));
      expect(error.message, behaviour).toMatch(reason);
      expect(error.result?.status).toBe("error");
    }
  }, 60_000);

  it("odd-sized PCMU payloads are whole samples: 161-byte packets decode to a valid answer", async () => {
    const { url } = await peer({ behaviour: "odd", frames: 10 });
    const adapter = new WebRTCAgentAdapter(url, { ...local, paced: false });
    adapter.responseTailSilence = 0.3;
    const result = await runVoice(scenario(adapter));
    expect(result.status).toBe("pass");
    // 10 × 160 µ-law samples sent as 9 × 161 + 151: the same 1,600 samples, 4,800 at 24 kHz
    expect(result.audio?.segments.find((segment) => segment.speaker === "agent")?.audio.length).toBe(4800 * 2);
  }, 20_000);
});

describe("WebRTCAgentAdapter without a peer", () => {
  it("refuses to start without signalling, and names an endpoint that is not there", async () => {
    expect(() => new WebRTCAgentAdapter({})).toThrow(/give signalingUrl .* or signal/);
    const adapter = new WebRTCAgentAdapter("http://127.0.0.1:9/whip?token=abc", { ...local, connectTimeout: 2 });
    const error = await errorOf(runVoice(scenario(adapter)));
    expect(error.message).toMatch(/cannot reach the WHIP endpoint http:\/\/127\.0\.0\.1:9\/whip\?token=\*\*\*/);
    expect(error.message).not.toContain("abc");
  });
});

/** The frequency with the most zero crossings' worth: crossings per second / 2. */
function dominantFrequency(samples: Int16Array): number {
  let crossings = 0;
  for (let index = 1; index < samples.length; index++)
    if ((samples[index - 1] ?? 0) < 0 !== (samples[index] ?? 0) < 0) crossings++;
  return crossings / 2 / (samples.length / 24_000);
}
