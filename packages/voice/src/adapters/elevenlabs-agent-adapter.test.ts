import { succeed } from "@rehearse/core";
import { afterEach, describe, expect, it } from "vitest";
import { extractAudio } from "../recording/voice-messages.js";
import { runVoice } from "../run/run-voice.js";
import { voice } from "../steps/voice-namespace.js";
import { type ConvaiPeerBehaviour, startConvaiPeer } from "../test-support/convai-peer.js";
import { fakeTts } from "../test-support/fake-speech.js";
import { errorOf } from "../test-support/run-errors.js";
import { ELEVENLABS_SILENCE_TAIL_BYTES, ElevenLabsAgentAdapter } from "./elevenlabs-agent-adapter.js";
import { VoiceUserSimulatorAgent } from "./voice-user-simulator.js";

const peers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const peer of peers.splice(0)) await peer.close();
});
async function peer(behaviour: ConvaiPeerBehaviour) {
  const started = await startConvaiPeer(behaviour);
  peers.push(started);
  return started;
}

const adapterFor = (url: string) => {
  const adapter = new ElevenLabsAgentAdapter({
    agentId: "agent_1",
    apiKey: "xi-secret",
    url,
    systemPromptOverride: "Be kind.",
    firstMessageOverride: "Hi!",
  });
  adapter.responseTailSilence = 0.3;
  adapter.responseTimeout = 1;
  return adapter;
};
const scenario = (adapter: ElevenLabsAgentAdapter) =>
  ({
    name: "convai",
    description: "a caller talks to an ElevenLabs agent",
    seed: 1,
    agents: [adapter, new VoiceUserSimulatorAgent({ voice: "fake/voice", tts: fakeTts })],
    script: [voice.user("i need help"), voice.agent(), succeed()],
  }) as never;

describe("ElevenLabsAgentAdapter against a local ConvAI peer", () => {
  it("opens the conversation with the overrides, answers pings, converts 16 kHz both ways, adds the silence tail", async () => {
    const { url, log } = await peer("answer");
    const adapter = adapterFor(url);
    const result = await runVoice(scenario(adapter));
    expect(result.status).toBe("pass");
    expect(log.headers[0]?.["xi-api-key"]).toBe("xi-secret");
    expect(log.messages[0]).toEqual({
      type: "conversation_initiation_client_data",
      conversation_config_override: { agent: { prompt: { prompt: "Be kind." }, first_message: "Hi!" } },
    });
    expect(log.pongs).toEqual([7]);
    // "i need help": 3 words × 60 ms at 24 kHz = 8640 bytes → 5760 at 16 kHz; then the tail, also at 16 kHz
    expect(log.userBytes).toEqual([5760, Math.round(ELEVENLABS_SILENCE_TAIL_BYTES / 2 / 1.5) * 2]);
    const answer = extractAudio(result.messages.at(-1));
    expect(answer?.data.length).toBe(5 * 4800); // 5 × 100 ms at 24 kHz
    expect(answer?.transcript).toBe("How can I help?");
    expect(adapter.lastUserTranscript).toBe("i need help");
    expect(adapter.conversationId).toBe("conv_1");
  });

  it("a dropped connection or a silent agent ends the run error; the key is never shown", async () => {
    const dropping = await peer("drop");
    const dropped = await errorOf(runVoice(scenario(adapterFor(dropping.url))));
    expect(dropped.message).toMatch(/closed the connection \(1006/);
    const silent = await peer("silent");
    const quiet = await errorOf(runVoice(scenario(adapterFor(silent.url))));
    expect(quiet.message).toMatch(/no audio from the agent within 1 s/);
    expect(String(adapterFor(silent.url))).not.toContain("xi-secret");
    await expect(new ElevenLabsAgentAdapter({ agentId: "a", env: {} }).connect()).rejects.toThrow(/needs an API key/);
  });
});
