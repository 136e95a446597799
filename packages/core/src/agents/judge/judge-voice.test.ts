import type { LanguageModelV3CallOptions } from "@ai-sdk/provider";
import { describe, expect, it } from "vitest";
import type { ModelMessage } from "../../domain/messages.js";
import { AgentRole } from "../../domain/roles.js";
import { VOICE_AGENT } from "../../domain/voice-output.js";
import { MockLanguageModelV3, toolCallResult } from "../../testing/mock-models.js";
import { judgeAgent } from "./judge-agent.js";
import { AUDIO_CAPABLE_MODEL_SUBSTRINGS, audioParts, modelTakesAudio } from "./voice-input.js";

const CRITERION = "Agent stops talking when interrupted";

function judgeModel(modelId: string) {
  return new MockLanguageModelV3({
    provider: "openai",
    modelId,
    doGenerate: async () =>
      toolCallResult("finish_test", {
        criteria: { agent_stops_talking_when_interrupted: "true" },
        reasoning: "it did",
        verdict: "success",
      }),
  });
}

const wav = Buffer.from("RIFF....WAVEfmt ").toString("base64");
const spoken = (role: "user" | "assistant", text: string): ModelMessage =>
  ({
    role,
    content: [
      { type: "text", text },
      { type: "file", data: wav, mediaType: "audio/wav" },
    ],
  }) as ModelMessage;

/** A voice agent adapter as the judge sees it: marked, with the run's timeline. */
const voiceAgent = {
  role: AgentRole.AGENT,
  [VOICE_AGENT]: true,
  call: async () => "",
  voiceTimeline: () => [
    { time: 0, type: "user_start_speaking" },
    { time: 1.2, type: "agent_start_speaking", latency: 0.41 },
    { time: 2.05, type: "user_interrupt", metadata: { adapter: "ComposableVoiceAgent", native: true } },
  ],
};

function input(messages: ModelMessage[], agents: unknown[] = [voiceAgent]) {
  return {
    threadId: "t",
    messages,
    newMessages: [],
    requestedRole: AgentRole.JUDGE,
    judgmentRequest: { reason: "script" as const },
    scenarioConfig: { name: "n", description: "a caller cuts the agent off", agents },
    scenarioState: { currentTurn: 1 } as never,
  } as never;
}

const lastPrompt = (model: MockLanguageModelV3) => (model.doGenerateCalls.at(-1) as LanguageModelV3CallOptions).prompt;
const fileParts = (model: MockLanguageModelV3) =>
  lastPrompt(model)
    .flatMap((message) => (Array.isArray(message.content) ? (message.content as { type: string }[]) : []))
    .filter((part) => part.type === "file");

describe("the judge in a voice run", () => {
  const conversation = [
    spoken("user", "what are your hours"),
    spoken("assistant", "we open at nine"),
    spoken("user", "just sunday"),
  ];

  it("reads the voice timeline (default when the conversation has audio) and the transcripts", async () => {
    const model = judgeModel("gpt-4.1-mini");
    const verdict = await judgeAgent({ model, criteria: [CRITERION] }).call(input(conversation));
    expect(verdict).toMatchObject({ success: true });
    const text = JSON.stringify(lastPrompt(model));
    expect(text).toContain("<voice_timeline>");
    expect(text).toContain("1.20s agent_start_speaking · latency 0.41s");
    expect(text).toContain("user_interrupt · adapter=ComposableVoiceAgent native=true");
    expect(text).toContain("we open at nine");
    // a text-only model gets no audio
    expect(fileParts(model)).toHaveLength(0);
  });

  it("an audio-capable model hears the audio, in order and labelled; includeAudio: false turns it off", async () => {
    const listening = judgeModel("gpt-4o-audio-preview");
    await judgeAgent({ model: listening, criteria: [CRITERION] }).call(input(conversation));
    expect(fileParts(listening)).toHaveLength(3);
    expect(JSON.stringify(lastPrompt(listening))).toContain("user, message 1; assistant, message 2; user, message 3");

    const deaf = judgeModel("gpt-4o-audio-preview");
    await judgeAgent({ model: deaf, criteria: [CRITERION], includeAudio: false, includeTimeline: false }).call(
      input(conversation),
    );
    expect(fileParts(deaf)).toHaveLength(0);
    expect(JSON.stringify(lastPrompt(deaf))).not.toContain("<voice_timeline>");

    const forced = judgeModel("gpt-4.1-mini");
    await judgeAgent({ model: forced, criteria: [CRITERION], includeAudio: true }).call(input(conversation));
    expect(fileParts(forced)).toHaveLength(3);
  });

  it("a text conversation gets neither, unless asked for the timeline", async () => {
    const text = [{ role: "user", content: "hi" } as ModelMessage, { role: "assistant", content: "hello" } as ModelMessage];
    const model = judgeModel("gemini-2.5-flash");
    await judgeAgent({ model, criteria: [CRITERION] }).call(input(text));
    expect(JSON.stringify(lastPrompt(model))).not.toContain("<voice_timeline>");
    expect(fileParts(model)).toHaveLength(0);

    const asked = judgeModel("gpt-4.1-mini");
    await judgeAgent({ model: asked, criteria: [CRITERION], includeTimeline: true }).call(input(text));
    expect(JSON.stringify(lastPrompt(asked))).toContain("<voice_timeline>");
  });

  it("knows which models take audio, and keeps the latest audio within the size limit", () => {
    expect(modelTakesAudio("openai:gpt-4o-audio-preview")).toBe(true);
    expect(modelTakesAudio("google:gemini-2.5-pro")).toBe(true);
    expect(modelTakesAudio("openai:gpt-4.1")).toBe(false);
    expect(AUDIO_CAPABLE_MODEL_SUBSTRINGS.length).toBeGreaterThan(0);
    const big = (text: string) =>
      ({
        role: "user",
        content: [
          { type: "text", text },
          { type: "file", data: new Uint8Array(600), mediaType: "audio/wav" },
        ],
      }) as ModelMessage;
    expect(audioParts([big("a"), big("b"), big("c")], 1300).map((part) => part.label)).toEqual([
      "user, message 2",
      "user, message 3",
    ]);
  });
});
