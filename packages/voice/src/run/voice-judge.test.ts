import { judge, judgeAgent } from "@rehearse/core";
import { finishTestResult, scriptedModel } from "@rehearse/core/testing";
import { describe, expect, it } from "vitest";
import { ComposableVoiceAgent } from "../adapters/composable-voice-agent.js";
import { VoiceUserSimulatorAgent } from "../adapters/voice-user-simulator.js";
import * as voice from "../steps/voice-steps.js";
import { fakeStt, fakeTts } from "../test-support/fake-speech.js";
import { runVoice } from "./run-voice.js";

const CRITERION = "The agent stops when the caller cuts in";

describe("a model judge in a voice run", () => {
  it("reads the run's timeline with the transcripts; an audio-capable model also hears the audio", async () => {
    const run = async (modelId: string) => {
      const model = scriptedModel([finishTestResult({ [CRITERION]: "true" })], modelId);
      const result = await runVoice({
        name: "judged call",
        description: "a caller cuts the agent off",
        seed: 5,
        agents: [
          new ComposableVoiceAgent({
            stt: fakeStt,
            tts: (text) => fakeTts.synthesize(text, "fake/voice"),
            respond: ({ transcript }) => (/hours/.test(transcript) ? "we open at nine and close at five every weekday" : "sure"),
          }),
          new VoiceUserSimulatorAgent({ voice: "fake/voice", tts: fakeTts }),
          judgeAgent({ model, criteria: [CRITERION] }),
        ],
        script: [voice.user("what are your hours"), voice.interrupt("just sunday"), voice.agent(), judge()],
      });
      expect(result.status).toBe("pass");
      const prompt = model.doGenerateCalls[0]?.prompt ?? [];
      const files = prompt.flatMap((message) => (Array.isArray(message.content) ? (message.content as { type: string }[]) : []));
      return { text: JSON.stringify(prompt), files: files.filter((part) => part.type === "file").length };
    };
    const reading = await run("gpt-4.1-mini");
    expect(reading.text).toContain("<voice_timeline>");
    expect(reading.text).toMatch(/agent_start_speaking · latency \d+\.\d\ds/);
    expect(reading.text).toContain("user_interrupt");
    expect(reading.files).toBe(0);
    const listening = await run("gpt-4o-audio-preview");
    // the caller's two turns and the agent's two answers (the first cut short)
    expect(listening.files).toBe(4);
  }, 30_000);
});
