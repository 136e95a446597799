// Voice: code written for @langwatch/scenario's voice API, run with no live service (a voice agent
// adapter of the test's own, recorded audio, model-free). See test/compat/README.md.
import { execFileSync } from "node:child_process";
import scenario, { type AgentAdapter, AgentRole, voice } from "@langwatch/scenario";
import { describe, expect, it } from "vitest";
import { itFixed } from "./fixed.js";

/** 0.5 s of a 440 Hz tone as a 24 kHz mono WAV file's bytes (what a recorded caller would be). */
function toneWav(seconds = 0.5): Uint8Array {
  const samples = Math.round(24_000 * seconds);
  const pcm = Buffer.alloc(samples * 2);
  for (let index = 0; index < samples; index++)
    pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * index) / 24_000)), index * 2);
  return voice.pcm16ToWav(new Uint8Array(pcm));
}

const hasFfmpeg = (() => {
  try {
    execFileSync("ffmpeg", ["-version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** A voice agent of the user's own: it hears the caller and answers each turn with 0.2 s of audio and a transcript. */
function echoBot(): AgentAdapter & { heard: number[] } {
  class EchoBot extends voice.VoiceAgentAdapter {
    role = AgentRole.AGENT;
    readonly capabilities = new voice.AdapterCapabilities({ inputFormats: ["pcm16/24000"], outputFormats: ["pcm16/24000"] });
    heard: number[] = [];
    private pending = 0;
    async connect() {}
    async disconnect() {}
    async sendAudio(chunk: InstanceType<typeof voice.AudioChunk>) {
      this.heard.push(chunk.data.length);
      this.pending++;
    }
    async receiveAudio(timeout: number) {
      if (this.pending > 0) {
        this.pending--;
        return new voice.AudioChunk({ data: new Uint8Array(9600), transcript: "I heard you" });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(timeout, 0.3) * 1000));
      return new voice.AudioChunk({ data: new Uint8Array(0) });
    }
  }
  // `voice` is typed loosely without @rehearse/voice in the program (core is built first): say what it is
  return new EchoBot() as unknown as AgentAdapter & { heard: number[] };
}

describe("voice: the public names", () => {
  it("the voice namespace carries the audio types, the adapter base, capabilities and effects", () => {
    for (const member of [
      "AudioChunk",
      "VoiceAgentAdapter",
      "AdapterCapabilities",
      "InterruptionConfig",
      "UnsupportedCapabilityError",
    ])
      expect(typeof voice[member as keyof typeof voice], member).toBe("function");
    for (const effect of ["backgroundNoise", "phoneQuality", "packetLoss", "echo", "robotic", "lowQuality", "breakingUp"])
      expect(typeof (voice.effects as Record<string, unknown>)[effect], effect).toBe("function");
  });

  it("the default export carries the voice agent factories and the voice steps", () => {
    for (const member of [
      "openAIRealtimeAgent",
      "elevenLabsAgent",
      "geminiLiveAgent",
      "pipecatAgent",
      "twilioAgent",
      "composableAgent",
    ] as const)
      expect(typeof scenario[member], member).toBe("function");
    const steps = [
      scenario.sleep(0),
      scenario.silence(0),
      scenario.dtmf("1"),
      scenario.interrupt(),
      scenario.voiceAgent({ wait: false }),
    ];
    for (const step of steps) expect(typeof step).toBe("function");
  });

  it("AudioChunk is PCM16 mono 24 kHz: duration from the byte count", () => {
    const chunk = new voice.AudioChunk({ data: new Uint8Array(48_000), transcript: "hi" });
    expect([chunk.sampleRate, chunk.channels, chunk.durationSeconds, chunk.transcript]).toEqual([24_000, 1, 1, "hi"]);
  });

  it("InterruptionConfig: the defaults, and draws from the random source it is given", () => {
    const config = new voice.InterruptionConfig();
    expect([config.probability, [...config.delayRange], config.strategy]).toEqual([0.3, [0.5, 3], "random_phrase"]);
    expect(config.phrases.length).toBeGreaterThan(0);
    const custom = new voice.InterruptionConfig({ probability: 0.5, delayRange: [1, 3], phrases: ["wait"] });
    expect(custom.shouldInterrupt(() => 0.2)).toBe(true);
    expect(custom.shouldInterrupt(() => 0.8)).toBe(false);
    expect(custom.sampleDelay(() => 0.5)).toBe(2);
    expect(custom.pickRandomPhrase(() => 0.7)).toBe("wait");
  });
});

describe("voice: a run with a voice agent adapter", () => {
  it.runIf(hasFfmpeg)(
    "recorded audio as the user's turn reaches the adapter; the result has the recording, the timeline and the latency",
    async () => {
      const bot = echoBot();
      const result = await scenario.run({
        name: "recorded caller",
        description: "a caller plays a recorded question",
        agents: [bot],
        script: [scenario.audio(toneWav()), scenario.agent(), scenario.succeed("answered")],
      });
      expect(result.success).toBe(true);
      // 0.5 s of 24 kHz PCM16 reached the agent
      expect(bot.heard.reduce((sum, bytes) => sum + bytes, 0)).toBe(24_000);
      const speakers = result.audio?.segments.map((segment: { speaker: string }) => segment.speaker);
      expect(speakers).toContain("agent");
      expect(result.timeline?.length).toBeGreaterThan(0);
    },
    30_000,
  );

  if (hasFfmpeg)
    itFixed(
      "0043-voice-on-core",
      "difference 1",
      "the recording keeps the user's recorded turn as a segment, not only the agent's, and the response time is measured",
      async () => {
        const result = await scenario.run({
          name: "recorded caller",
          description: "a caller plays a recorded question",
          agents: [echoBot()],
          script: [scenario.audio(toneWav()), scenario.agent(), scenario.succeed("answered")],
        });
        const segments = result.audio?.segments ?? [];
        expect(segments.map((segment: { speaker: string }) => segment.speaker)).toEqual(["user", "agent"]);
        expect(segments[0]?.audio.length).toBe(24_000);
        expect(result.latency?.measurements.length ?? 0).toBe(1);
      },
      30_000,
    );

  it("DTMF to an adapter without it does not pass, naming the adapter and the capability", async () => {
    let outcome: { success?: boolean; error?: string; reasoning?: string } | undefined;
    let thrown: unknown;
    try {
      outcome = await scenario.run({
        name: "keypad",
        description: "the caller keys in an order number",
        agents: [echoBot()],
        script: [scenario.dtmf("42#"), scenario.succeed()],
      });
    } catch (error) {
      thrown = error;
    }
    const said = thrown instanceof Error ? thrown.message : `${outcome?.error ?? ""} ${outcome?.reasoning ?? ""}`;
    expect(outcome?.success ?? false).toBe(false);
    expect(said).toMatch(/EchoBot/);
    expect(said).toMatch(/dtmf/i);
  });

  it("silence without a voice agent is a pause; the script goes on", async () => {
    const result = await scenario.run({
      name: "pause",
      description: "a text agent and a pause",
      agents: [{ role: AgentRole.AGENT, call: async () => "hello" }, scenario.userSimulatorAgent()],
      script: [scenario.user("hi"), scenario.silence(0.05), scenario.agent(), scenario.succeed()],
    });
    expect(result.success).toBe(true);
    expect(result.messages.map((message: { role: string }) => message.role)).toEqual(["user", "assistant"]);
  });
});
