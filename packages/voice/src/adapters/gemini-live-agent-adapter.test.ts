import { succeed } from "@rehearse/core";
import { afterEach, describe, expect, it } from "vitest";
import { extractAudio } from "../recording/voice-messages.js";
import { runVoice } from "../run/run-voice.js";
import { voice } from "../steps/voice-namespace.js";
import { fakeTts } from "../test-support/fake-speech.js";
import { type GeminiPeerBehaviour, startGeminiLivePeer } from "../test-support/gemini-live-peer.js";
import { errorOf } from "../test-support/run-errors.js";
import { GeminiLiveAgentAdapter } from "./gemini-live-agent-adapter.js";
import { VoiceUserSimulatorAgent } from "./voice-user-simulator.js";

const peers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.close();
});
async function peer(behaviour: GeminiPeerBehaviour) {
  const started = await startGeminiLivePeer(behaviour);
  peers.push(started);
  return started;
}
const adapterFor = (url: string) => {
  const adapter = new GeminiLiveAgentAdapter({ url, apiKey: "gemini-secret", systemInstruction: "Be brief.", voice: "Puck" });
  adapter.responseTimeout = 1;
  return adapter;
};
const scenario = (adapter: GeminiLiveAgentAdapter) =>
  ({
    name: "gemini live",
    description: "a caller talks to a Gemini Live model",
    seed: 1,
    agents: [adapter, new VoiceUserSimulatorAgent({ voice: "fake/voice", tts: fakeTts })],
    script: [voice.user("hello there"), voice.agent(), succeed()],
  }) as never;

describe("GeminiLiveAgentAdapter against a local Live peer", () => {
  it("sets up with manual activity, sends one activity at 16 kHz, and drains the model turn to turnComplete", async () => {
    const { url, log } = await peer("answer");
    const adapter = adapterFor(url);
    const result = await runVoice(scenario(adapter));
    expect(result.status).toBe("pass");
    expect(log.urls[0]).toContain("key=gemini-secret");
    expect(log.messages[0]).toMatchObject({
      setup: {
        model: "models/gemini-2.5-flash-native-audio-latest",
        generationConfig: {
          responseModalities: ["AUDIO"],
          speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: "Puck" } } },
        },
        systemInstruction: { parts: [{ text: "Be brief." }] },
        realtimeInputConfig: { automaticActivityDetection: { disabled: true } },
      },
    });
    const inputs = log.messages.slice(1).map((message) => Object.keys((message as { realtimeInput: object }).realtimeInput)[0]);
    expect(inputs).toEqual(["activityStart", "audio", "activityEnd"]);
    const audio = (log.messages[2] as { realtimeInput: { audio: { data: string; mimeType: string } } }).realtimeInput.audio;
    expect(audio.mimeType).toBe("audio/pcm;rate=16000");
    expect(Buffer.from(audio.data, "base64").length).toBe(3840); // "hello there": 120 ms at 16 kHz
    const answer = extractAudio(result.messages.at(-1));
    expect(answer?.data.length).toBe(4 * 4800);
    expect(answer?.transcript).toBe("Hi there there there");
    expect(adapter.lastUserTranscript).toBe("hello there");
    expect(String(adapter)).not.toContain("gemini-secret");
  });

  it("goAway, a refused setup or a silent model ends the run error with the reason; the key is never shown", async () => {
    const leaving = await peer("goAway");
    expect((await errorOf(runVoice(scenario(adapterFor(leaving.url))))).message).toMatch(/closing the session \(goAway/);
    const refusing = await peer("refuseSetup");
    const refused = await errorOf(runVoice(scenario(adapterFor(refusing.url))));
    expect(refused.message).toMatch(/closed the connection during setup \(1008\)/);
    expect(refused.message).not.toContain("gemini-secret");
    const silent = await peer("silent");
    expect((await errorOf(runVoice(scenario(adapterFor(silent.url))))).message).toMatch(/no audio from the agent within 1 s/);
  });
});
