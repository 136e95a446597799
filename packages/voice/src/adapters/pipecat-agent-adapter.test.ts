import { describe, expect, it } from "vitest";
import { composableAgent, elevenLabsAgent, geminiLiveAgent, openAIRealtimeAgent, pipecatAgent } from "./agent-factories.js";
import { ComposableVoiceAgent } from "./composable-voice-agent.js";
import { ElevenLabsAgentAdapter } from "./elevenlabs-agent-adapter.js";
import { GeminiLiveAgentAdapter } from "./gemini-live-agent-adapter.js";
import { MediaStreamsAgentAdapter } from "./media-streams-agent-adapter.js";
import { OpenAIRealtimeAgentAdapter } from "./openai-realtime-agent-adapter.js";
import { PipecatAgentAdapter } from "./pipecat-agent-adapter.js";

describe("PipecatAgentAdapter", () => {
  it("is the Media Streams adapter under Pipecat's name, with the reference's options", () => {
    const adapter = new PipecatAgentAdapter({
      url: "ws://127.0.0.1:8765/ws?token=secret",
      streamSid: "MZ1",
      realTimePacing: false,
    });
    expect(adapter).toBeInstanceOf(MediaStreamsAgentAdapter);
    expect([adapter.transport, adapter.audioFormat, adapter.sampleRate]).toEqual(["websocket", "mulaw", 8000]);
    expect(String(adapter)).toMatch(/^PipecatAgentAdapter\(ws:\/\/127\.0\.0\.1:8765\/ws/);
    expect(String(adapter)).not.toContain("secret");
    expect(adapter.capabilities.dtmf && adapter.capabilities.interruption).toBe(true);
  });

  it("refuses what it cannot really do instead of pretending", () => {
    expect(() => new PipecatAgentAdapter({ transport: "webrtc", signalingUrl: "http://127.0.0.1:1/offer" })).toThrow(
      /use WebRTCAgentAdapter/,
    );
    expect(() => new PipecatAgentAdapter({})).toThrow(/url .* is required/);
    expect(() => new PipecatAgentAdapter({ url: "ws://127.0.0.1:1", audioFormat: "pcm16", sampleRate: 16000 })).toThrow(
      /pcm16\/16000 is not supported/,
    );
  });
});

describe("agent factories (the reference's scenario.openAIRealtimeAgent and the rest)", () => {
  it("each builds its adapter", () => {
    expect(openAIRealtimeAgent({ apiKey: "sk-test" })).toBeInstanceOf(OpenAIRealtimeAgentAdapter);
    expect(geminiLiveAgent({ apiKey: "g-test" })).toBeInstanceOf(GeminiLiveAgentAdapter);
    expect(elevenLabsAgent({ agentId: "agent_1", apiKey: "el-test" })).toBeInstanceOf(ElevenLabsAgentAdapter);
    expect(pipecatAgent({ url: "ws://127.0.0.1:1" })).toBeInstanceOf(PipecatAgentAdapter);
    expect(composableAgent({ stt: { transcribe: async () => "" }, tts: "espeak/en-us", respond: () => "hi" })).toBeInstanceOf(
      ComposableVoiceAgent,
    );
  });
});
