import { succeed } from "@rehearse/core";
import { afterEach, describe, expect, it } from "vitest";
import { extractAudio } from "../recording/voice-messages.js";
import { runVoice } from "../run/run-voice.js";
import { voice } from "../steps/voice-namespace.js";
import { fakeTts } from "../test-support/fake-speech.js";
import { type RealtimePeerBehaviour, startRealtimePeer } from "../test-support/realtime-peer.js";
import { errorOf } from "../test-support/run-errors.js";
import { OpenAIRealtimeAgentAdapter } from "./openai-realtime-agent-adapter.js";
import { VoiceUserSimulatorAgent } from "./voice-user-simulator.js";

const peers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.close();
});

async function peer(behaviour: RealtimePeerBehaviour, chunks?: number) {
  const started = await startRealtimePeer(behaviour, chunks);
  peers.push(started);
  return started;
}

const adapterFor = (url: string) => new OpenAIRealtimeAgentAdapter({ url, apiKey: "sk-test-secret", instructions: "Be brief." });
const caller = () => new VoiceUserSimulatorAgent({ voice: "fake/voice", tts: fakeTts });
const scenario = (adapter: OpenAIRealtimeAgentAdapter, script = [voice.user("hello"), voice.agent(), succeed()], seed = 1) =>
  ({ name: "realtime", description: "a caller talks to a Realtime model", seed, agents: [adapter, caller()], script }) as never;

describe("OpenAIRealtimeAgentAdapter against a local Realtime peer", () => {
  it("sets the session up, sends one committed turn, and drains the answer with the model's transcript", async () => {
    const { url, log } = await peer("answer");
    const adapter = adapterFor(url);
    const result = await runVoice(scenario(adapter));
    expect(result.status).toBe("pass");
    expect(log.headers[0]?.authorization).toBe("Bearer sk-test-secret");
    expect(log.headers[0]?.["openai-beta"]).toBe("realtime=v1");
    const [update] = log.events;
    expect(update).toMatchObject({
      type: "session.update",
      session: { input_audio_format: "pcm16", output_audio_format: "pcm16", turn_detection: null, instructions: "Be brief." },
    });
    expect(log.events.map((event) => event.type)).toEqual([
      "session.update",
      "input_audio_buffer.append",
      "input_audio_buffer.commit",
      "response.create",
    ]);
    const answer = extractAudio(result.messages.at(-1));
    expect(answer?.data.length).toBe(3 * 9600);
    expect(answer?.transcript).toBe("word0 word1 word2 word3 word4 word5");
    expect(adapter.lastUserTranscript).toBe("what the caller said");
  });

  it("an interruption sends response.cancel: the model stops, the yield is measured, the answer is cut", async () => {
    const { url, log } = await peer("answer", 40);
    const result = await runVoice(
      scenario(adapterFor(url), [
        voice.user("tell me everything"),
        voice.interrupt("stop", { afterWords: 3 }),
        voice.agent(),
        succeed(),
      ]),
    );
    expect(result.status).toBe("pass");
    expect(log.events.some((event) => event.type === "response.cancel")).toBe(true);
    expect(result.timeline?.find((event) => event.type === "user_interrupt")?.metadata).toMatchObject({ native: true });
    expect(result.interaction?.yieldRate).toBe(1);
    const [cut] = result.audio?.segments.filter((segment) => segment.speaker === "agent") ?? [];
    expect(cut?.transcriptTruncated).toBe(true);
    expect(cut?.audio.length).toBeLessThan(40 * 4800);
  });

  it("a server error event, a dropped connection or a silent server ends the run error with the reason", async () => {
    const failing = await peer("error");
    expect((await errorOf(runVoice(scenario(adapterFor(failing.url))))).message).toMatch(/server error — rate limit reached/);
    const dropping = await peer("drop");
    expect((await errorOf(runVoice(scenario(adapterFor(dropping.url))))).message).toMatch(/closed the connection \(1006/);
    const silent = await peer("silent");
    const adapter = adapterFor(silent.url);
    adapter.responseTimeout = 0.3;
    const error = await errorOf(runVoice(scenario(adapter)));
    expect(error.message).toMatch(/no audio from the agent within 0.3 s/);
    expect(error.result?.status).toBe("error");
  });

  it("20 concurrent runs against the peer: no chunk missed or reordered", async () => {
    const { url } = await peer("answer", 10);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        runVoice(
          scenario(adapterFor(url), [voice.user("one"), voice.agent(), voice.user("two"), voice.agent(), succeed()], index),
        ),
      ),
    );
    for (const result of results) {
      expect(result.status).toBe("pass");
      const answers = result.audio?.segments.filter((segment) => segment.speaker === "agent") ?? [];
      expect(answers).toHaveLength(2);
      for (const [turn, segment] of answers.entries()) {
        expect(segment.audio.length).toBe(10 * 4800);
        // each delta's bytes hold (response·16 + index): in order, none missing
        const expected = Buffer.concat(
          Array.from({ length: 10 }, (_, index) => Buffer.alloc(index % 2 === 0 ? 4801 : 4799, ((turn + 1) * 16 + index) & 0xff)),
        );
        expect(Buffer.from(segment.audio).equals(expected)).toBe(true);
      }
    }
  });

  it("needs a key, and never shows it", async () => {
    const keyless = new OpenAIRealtimeAgentAdapter({ url: "ws://127.0.0.1:9", env: {} });
    await expect(keyless.connect()).rejects.toThrow(/needs an API key: set OPENAI_API_KEY/);
    const adapter = adapterFor("ws://127.0.0.1:9");
    expect(String(adapter)).not.toContain("sk-test-secret");
    const error = await errorOf(runVoice(scenario(adapter)));
    expect(error.message).not.toContain("sk-test-secret");
  });
});
