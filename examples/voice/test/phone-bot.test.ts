import { createRehearse } from "@rehearse/core";
import { createTtsRouter, PocketsphinxSTTProvider, runVoice, type VoiceScenarioResult } from "@rehearse/voice";
import { describe, expect, it } from "vitest";
import { phoneBot } from "../phone-bot.mjs";
import { voiceScenarios } from "../scenarios.mjs";

// The voice demo's scenarios through the real offline speech stack (espeak-ng speaks, pocketsphinx listens):
// the interruption scenario passes the attentive bot and catches the stubborn one, and the keypad scenario
// measures its response times.

const tts = createTtsRouter();
const stt = new PocketsphinxSTTProvider();
const rehearse = createRehearse({ configFile: false, env: {} });

async function scenario(variant: "attentive" | "stubborn" | "eager", index: number): Promise<VoiceScenarioResult> {
  const makeBot = () => phoneBot(variant, { stt, tts: (text: string) => tts.synthesize(text, "espeak/en-us+m3") });
  const config = voiceScenarios({ makeBot, tts, stt, variant })[index];
  return runVoice({ ...config, seed: 2026 }, { runner: (scenario, options) => rehearse.run(scenario, options) });
}

describe("the voice demo's phone bot", () => {
  it("an interruption passes the attentive bot and catches the stubborn one, with the yield measured", async () => {
    const attentive = await scenario("attentive", 1);
    expect(attentive.status).toBe("pass");
    expect(attentive.interaction?.yieldRate).toBe(1);
    const stubborn = await scenario("stubborn", 1);
    expect(stubborn.status).toBe("fail");
    expect(stubborn.interaction?.yieldRate).toBe(0);
    expect(stubborn.unmetCriteria).toContain("Agent stops talking within 800 ms when interrupted");
  }, 60_000);

  it("the keypad refund from a noisy line passes, with measured response times and the DTMF on the timeline", async () => {
    const result = await scenario("attentive", 0);
    expect(result.status).toBe("pass");
    expect(result.latency?.measurements).toHaveLength(2);
    expect(result.timeline?.some((event) => event.type === "dtmf" && event.name === "4217#")).toBe(true);
    expect(result.audio?.segments.map((segment) => segment.speaker)).toEqual(["user", "agent", "user", "agent"]);
  }, 60_000);
});
