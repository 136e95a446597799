import { succeed } from "@rehearse/core";
import { afterEach, describe, expect, it } from "vitest";
import { textOf } from "../recording/voice-messages.js";
import { runVoice } from "../run/run-voice.js";
import { voice } from "../steps/voice-namespace.js";
import { fakeTts } from "../test-support/fake-speech.js";
import { type MediaStreamsPeerBehaviour, startMediaStreamsPeer } from "../test-support/media-streams-peer.js";
import { errorOf } from "../test-support/run-errors.js";
import { MediaStreamsAgentAdapter } from "./media-streams-agent-adapter.js";
import { VoiceUserSimulatorAgent } from "./voice-user-simulator.js";

const peers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.close();
});
async function peer(behaviour: MediaStreamsPeerBehaviour, frames?: number) {
  const started = await startMediaStreamsPeer(behaviour, frames);
  peers.push(started);
  return started;
}

const caller = () => new VoiceUserSimulatorAgent({ voice: "fake/voice", tts: fakeTts });
const scenario = (adapter: MediaStreamsAgentAdapter, script = [voice.user("hello there"), voice.agent(), succeed()]) =>
  ({ name: "media streams", description: "a caller on the phone line", seed: 1, agents: [adapter, caller()], script }) as never;

describe("MediaStreamsAgentAdapter against a local Media Streams bot", () => {
  it("opens the stream, sends the caller as paced 20 ms µ-law frames and a mark, and hears the bot at 24 kHz", async () => {
    const { url, log } = await peer("answer", 25);
    const adapter = new MediaStreamsAgentAdapter({ url, streamSid: "MZtest", callSid: "CAtest" });
    adapter.responseTailSilence = 0.3;
    const started = performance.now();
    const result = await runVoice(scenario(adapter));
    expect(result.status).toBe("pass");
    const kinds = log.events.map((event) => event.event);
    expect(kinds.slice(0, 2)).toEqual(["connected", "start"]);
    expect(log.events[1]).toMatchObject({
      streamSid: "MZtest",
      start: { callSid: "CAtest", mediaFormat: { encoding: "audio/x-mulaw", sampleRate: 8000, channels: 1 } },
    });
    // "hello there": 2 words of the fake voice = 120 ms = 6 frames of 160 µ-law bytes, then the mark
    expect(log.callerBytes).toBe(960);
    expect(kinds.filter((kind) => kind === "media")).toHaveLength(6);
    expect(kinds.indexOf("mark")).toBeGreaterThan(kinds.lastIndexOf("media"));
    // paced: 6 frames take about 120 ms of real time
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    const answer = result.audio?.segments.find((segment) => segment.speaker === "agent");
    expect(answer?.audio.length).toBe(25 * 480 * 2); // 25 frames × 20 ms at 24 kHz
    expect(kinds.at(-1)).toBe("stop");
  });

  it("an answer that came without words is transcribed by the run's transcriber, for judges to read", async () => {
    const { url } = await peer("answer", 10);
    const adapter = new MediaStreamsAgentAdapter({ url, paced: false });
    adapter.responseTailSilence = 0.3;
    const heard: number[] = [];
    const transcriber = {
      async transcribe(audio: { data: Uint8Array }) {
        heard.push(audio.data.length);
        return "a tone";
      },
    };
    const result = await runVoice({ ...(scenario(adapter) as object), transcriber } as never);
    expect(heard).toEqual([10 * 960]);
    expect(textOf(result.messages.at(-1))).toBe("a tone");
  });

  it("reads raw binary µ-law frames too", async () => {
    const { url } = await peer("binary", 10);
    const adapter = new MediaStreamsAgentAdapter({ url, paced: false });
    adapter.responseTailSilence = 0.3;
    const result = await runVoice(scenario(adapter));
    expect(result.audio?.segments.find((segment) => segment.speaker === "agent")?.audio.length).toBe(10 * 960);
  });

  it("sends DTMF as dtmf events and interrupts with clear", async () => {
    // 2 s answers: the first is cut by clear, the answer to "stop" is heard whole
    const { url, log } = await peer("answer", 100);
    const adapter = new MediaStreamsAgentAdapter({ url, paced: false });
    adapter.responseTailSilence = 0.3;
    const result = await runVoice(
      scenario(adapter, [
        voice.dtmf("12#"),
        voice.agent(),
        voice.user("hello"),
        voice.interrupt("stop"),
        voice.agent(),
        succeed(),
      ]),
    );
    expect(result.status).toBe("pass");
    expect(log.digits).toBe("12#");
    expect(log.events.some((event) => event.event === "clear")).toBe(true);
    expect(result.timeline?.find((event) => event.type === "user_interrupt")?.metadata).toMatchObject({ native: true });
    expect(result.interaction?.yieldRate).toBe(1);
  }, 15_000);

  it("a dropped socket, a stop from the bot, or a silent bot ends the run error with the reason", async () => {
    for (const [behaviour, reason] of [
      ["drop", /closed the connection \(1006/],
      ["stop", /the bot stopped the stream/],
      ["silent", /no audio from the agent within 0.3 s/],
    ] as const) {
      const { url } = await peer(behaviour);
      const adapter = new MediaStreamsAgentAdapter({ url, paced: false });
      adapter.responseTimeout = 0.3;
      adapter.responseTailSilence = 0.3;
      const error = await errorOf(runVoice(scenario(adapter)));
      expect(error.message).toMatch(reason);
      expect(error.result?.status).toBe("error");
    }
  });
});
