import { AgentRole, agent, messageText, succeed, user } from "@rehearse/core";
import { describe, expect, it } from "vitest";
import { ComposableVoiceAgent } from "../adapters/composable-voice-agent.js";
import { VoiceAgentAdapter } from "../adapters/voice-agent-adapter.js";
import { AudioChunk } from "../audio/audio-chunk.js";
import { fakeStt, fakeTts } from "../test-support/fake-speech.js";
import { errorOf } from "../test-support/run-errors.js";
import { runVoice } from "./run-voice.js";

const scenario = (agents: unknown[], script: unknown[], voice: unknown) =>
  ({ name: "settings", description: "the reference's per-run voice settings", agents, script, voice, seed: 1 }) as never;

const bot = () =>
  new ComposableVoiceAgent({
    stt: fakeStt,
    tts: (text) => fakeTts.synthesize(text, "fake/voice"),
    respond: ({ transcript }) => `you said ${transcript}`,
  });

describe("run({ voice }) settings", () => {
  it("tts.voice makes a text user simulator speak (real espeak-ng)", async () => {
    const writer = { role: AgentRole.USER, call: async () => "hello" };
    const result = await runVoice(scenario([bot(), writer], [user(), agent(), succeed()], { tts: { voice: "espeak/en-us" } }));
    expect(result.status).toBe("pass");
    expect(result.messages.map((message) => messageText(message))).toEqual(["hello", "you said hello"]);
    const [spoken] = result.audio?.segments ?? [];
    expect(spoken?.speaker).toBe("user");
    expect(spoken?.audio.length ?? 0).toBeGreaterThan(4800);
  }, 30_000);

  it("stt transcribes an agent's wordless answers for the judges", async () => {
    class Wordless extends VoiceAgentAdapter {
      answered = false;
      async connect() {}
      async disconnect() {}
      async sendAudio() {}
      override async receiveAudio() {
        if (this.answered) return new AudioChunk({ data: new Uint8Array(0) });
        this.answered = true;
        return new AudioChunk({ data: new Uint8Array(4800) });
      }
    }
    const stt = { transcribe: async () => "your order has shipped" };
    const result = await runVoice(
      scenario([new Wordless(), { role: AgentRole.USER, call: async () => "" }], [agent(), succeed()], { stt }),
    );
    expect(messageText(result.messages[0] as never)).toBe("your order has shipped");
  });

  it("audioPlayback is refused, saying what to do instead", async () => {
    const error = await errorOf(runVoice(scenario([bot()], [succeed()], { audioPlayback: true })));
    expect(error.message).toMatch(/audioPlayback: Rehearse does not play runs on the speakers; save the audio/);
  });
});
