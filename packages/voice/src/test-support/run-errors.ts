import type { VoiceScenarioResult } from "../run/run-voice.js";

/** The rejection of a run that ended `error` (`run` rejects with the result on the error, decision 0002). */
export async function errorOf(running: Promise<unknown>): Promise<Error & { result?: VoiceScenarioResult }> {
  try {
    await running;
  } catch (error) {
    return error as Error & { result?: VoiceScenarioResult };
  }
  throw new Error("the run did not reject");
}
