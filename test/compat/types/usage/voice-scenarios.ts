// Voice scenarios the way the reference's docs write them: agent factories, a speaking simulated
// user, voice steps, random barge-ins and the voice parts of the result.
import scenario, { type ScenarioResult, type ScriptStep, voice } from "@langwatch/scenario";

const interruptions = new voice.InterruptionConfig({ probability: 0.5, delayRange: [0.5, 1.5] });

export const script: ScriptStep[] = [
  scenario.user("I need to change my booking"),
  scenario.agent({ wait: false }),
  scenario.sleep(1.5),
  scenario.user("sorry, the one on Friday", { audioEffects: [voice.effects.phoneQuality()] }),
  scenario.agent(),
  scenario.interrupt({ content: "wait, one more thing", after: 1 }),
  scenario.silence(2),
  scenario.dtmf("1234#"),
  scenario.voiceProceed({ turns: 3, interruptions }),
  scenario.voiceAgent({ wait: false }),
  scenario.judge(),
];

export async function phoneSupport(): Promise<number | undefined> {
  const result: ScenarioResult = await scenario.run({
    name: "booking change by phone",
    description: "A caller changes a booking over a noisy line",
    agents: [
      scenario.openAIRealtimeAgent({ model: "gpt-realtime" }),
      scenario.userSimulatorAgent({ voice: "openai/nova", audioEffects: [voice.effects.backgroundNoise("cafe", 0.2)] }),
      scenario.judgeAgent({ criteria: ["The agent confirms the new date"] }),
    ],
    script,
  });
  return result.latency?.p95ResponseTime;
}
