import { AgentRole, agent, messageText, succeed, user } from "@rehearse/core";
import { scriptedModel, textResult } from "@rehearse/core/testing";
import { describe, expect, it } from "vitest";
import { ComposableVoiceAgent } from "../adapters/composable-voice-agent.js";
import { VoiceAgentAdapter } from "../adapters/voice-agent-adapter.js";
import { VoiceUserSimulatorAgent } from "../adapters/voice-user-simulator.js";
import { AudioChunk } from "../audio/audio-chunk.js";
import { runVoice } from "../run/run-voice.js";
import { fakeStt, fakeTts } from "../test-support/fake-speech.js";
import { errorOf } from "../test-support/run-errors.js";
import { CANNED_PHRASES, InterruptionConfig } from "./interruption-config.js";
import { voiceProceed } from "./voice-proceed.js";

const LONG = "our opening hours are nine to five on weekdays and ten to four on saturdays and closed on sundays";

const bot = () =>
  new ComposableVoiceAgent({
    stt: fakeStt,
    tts: (text) => fakeTts.synthesize(text, "fake/voice"),
    respond: ({ transcript }) => (/hours/.test(transcript) ? LONG : `you said ${transcript}`),
  });

/** A caller whose words come from a script of lines (a stand-in for the model-backed simulator). */
const caller = (lines: string[] = ["what are your hours"]) => {
  let next = 0;
  return new VoiceUserSimulatorAgent({
    voice: "fake/voice",
    tts: fakeTts,
    simulator: { role: AgentRole.USER, call: async () => lines[next++ % lines.length] as string },
  });
};

const scenario = (agents: unknown[], script: unknown[], seed = 3) =>
  ({ name: "barge-ins", description: "a caller cuts the agent off", agents, script, seed, maxTurns: 6 }) as never;

describe("text turns in a voice run", () => {
  it("a user turn given as text is spoken in the user's voice and the agent answers it", async () => {
    const result = await runVoice(scenario([bot(), caller()], [user("what are your hours"), agent(), succeed()]));
    expect(result.status).toBe("pass");
    expect(result.messages.map((message) => messageText(message))).toEqual(["what are your hours", LONG]);
    expect(result.audio?.segments.map((segment) => [segment.speaker, segment.transcript])).toEqual([
      ["user", "what are your hours"],
      ["agent", LONG],
    ]);
  });

  it("without a voice to say it the run ends error, saying what to add", async () => {
    const error = await errorOf(runVoice(scenario([bot()], [user("hello"), agent(), succeed()])));
    expect(error.result?.status).toBe("error");
    expect(error.message).toMatch(/is text, and the scenario has no voice to say it: add userSimulatorAgent\(\{ voice/);
  });

  it("an adapter written against the reference (receiveAudio only) runs", async () => {
    class ReferenceStyle extends VoiceAgentAdapter {
      heard = 0;
      answered = false;
      async connect() {}
      async disconnect() {}
      async sendAudio(chunk: AudioChunk) {
        this.heard += chunk.data.length;
      }
      override async receiveAudio(_timeout: number) {
        if (this.heard === 0 || this.answered) return silent();
        this.answered = true;
        return new AudioChunk({ data: new Uint8Array(4800), transcript: "hello there" });
      }
    }
    const adapter = new ReferenceStyle();
    const result = await runVoice(scenario([adapter, caller()], [user("hi"), agent(), succeed()]));
    expect(result.status).toBe("pass");
    expect(adapter.heard).toBeGreaterThan(0);
    expect(messageText(result.messages[1] as never)).toBe("hello there");
  });
});

const silent = () => new AudioChunk({ data: new Uint8Array(0) });

describe("InterruptionConfig", () => {
  it("has the reference's defaults and refuses values out of range", () => {
    const config = new InterruptionConfig();
    expect([config.probability, [...config.delayRange], config.strategy]).toEqual([0.3, [0.5, 3], "random_phrase"]);
    expect(config.phrases).toEqual(CANNED_PHRASES);
    expect(() => new InterruptionConfig({ probability: 1.5 })).toThrow(/probability must be in \[0, 1\], got 1.5/);
    expect(() => new InterruptionConfig({ delayRange: [2, 1] })).toThrow(/delayRange/);
    expect(() => new InterruptionConfig({ phrases: [] })).toThrow(/phrases must not be empty/);
  });

  it("draws from the random source it is given", () => {
    const config = new InterruptionConfig({ probability: 0.5, delayRange: [1, 3], phrases: ["a", "b", "c"] });
    expect(config.shouldInterrupt(() => 0.49)).toBe(true);
    expect(config.shouldInterrupt(() => 0.5)).toBe(false);
    expect(config.sampleDelay(() => 0.25)).toBe(1.5);
    expect(config.pickRandomPhrase(() => 0.99)).toBe("c");
  });
});

describe("voiceProceed", () => {
  it("interrupts agent turns mid-answer with the configured phrases, and the agent answers again", async () => {
    const interruptions = new InterruptionConfig({ probability: 1, delayRange: [0.05, 0.1], phrases: ["sorry, sunday?"] });
    const result = await runVoice(scenario([bot(), caller()], [voiceProceed({ turns: 2, interruptions }), succeed()]));
    expect(result.status).toBe("pass");
    const interrupts = result.timeline?.filter((event) => event.type === "user_interrupt") ?? [];
    expect(interrupts).toHaveLength(2);
    expect(interrupts[0]?.metadata).toMatchObject({ adapter: "ComposableVoiceAgent", native: true });
    const texts = result.messages.map((message) => `${message.role}: ${messageText(message)}`);
    expect(texts.filter((text) => text === "user: sorry, sunday?")).toHaveLength(2);
    expect(texts).toContain("assistant: you said sorry, sunday?");
    // the cut-off answers are shorter than the full one
    const cut = result.audio?.segments.filter((segment) => segment.speaker === "agent" && segment.transcriptTruncated) ?? [];
    expect(cut).toHaveLength(2);
  }, 30_000);

  it("the same seed interrupts the same turns with the same words; another seed may not", async () => {
    const interruptions = new InterruptionConfig({
      probability: 0.5,
      delayRange: [0.05, 0.05],
      phrases: ["wait", "hold on", "sorry"],
    });
    const said = async (seed: number) => {
      const result = await runVoice(scenario([bot(), caller()], [voiceProceed({ turns: 4, interruptions }), succeed()], seed));
      return result.messages.filter((message) => message.role === "user").map((message) => messageText(message));
    };
    const first = await said(21);
    expect(await said(21)).toEqual(first);
    const others = await Promise.all([22, 23, 24].map(said));
    expect(others.some((other) => JSON.stringify(other) !== JSON.stringify(first))).toBe(true);
  }, 60_000);

  it("contextual: the model reads the conversation and the agent's words so far, and writes the interjection", async () => {
    const model = scriptedModel([textResult('"wait, are you open on sunday?"'), textResult("and on holidays?")]);
    const interruptions = new InterruptionConfig({ probability: 1, delayRange: [0.1, 0.1], strategy: "contextual", model });
    const result = await runVoice(scenario([bot(), caller()], [voiceProceed({ turns: 2, interruptions }), succeed()]));
    expect(result.status).toBe("pass");
    const said = result.messages.filter((message) => message.role === "user").map((message) => messageText(message));
    expect(said).toEqual(["what are your hours", "wait, are you open on sunday?", "what are your hours", "and on holidays?"]);
    const prompt = JSON.stringify(model.doGenerateCalls[0]?.prompt);
    expect(prompt).toContain("user: what are your hours");
    expect(prompt).toMatch(/assistant \(still talking\): our opening/);
  }, 30_000);

  it("without interruptions it is the plain proceed; bad options are refused when the script is built", async () => {
    const result = await runVoice(scenario([bot(), caller()], [voiceProceed({ turns: 2 }), succeed()]));
    expect(result.messages.map((message) => message.role)).toEqual(["user", "assistant", "user", "assistant"]);
    expect(() => voiceProceed({ turns: 0 })).toThrow(/turns must be a positive integer/);
    expect(() => new InterruptionConfig({ strategy: "contextual" })).toThrow(
      /give InterruptionConfig\(\{ strategy: "contextual", model \}\)/,
    );
  });
});
