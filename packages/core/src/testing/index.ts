/**
 * Test helpers users get too: scripted agents and judges that record their
 * calls, and `MockLanguageModelV3` helpers (this entry loads `ai/test`).
 */

export { createSequentialIds } from "../runner/system.js";
export { type ManualClock, manualClock } from "./manual-clock.js";
export {
  continueTestResult,
  finishTestResult,
  MockLanguageModelV3,
  type RecordingModel,
  scriptedModel,
  textResult,
  toolCallResult,
} from "./mock-models.js";
export { echoAgent, type RecordingAgent, scriptedAgent, scriptedJudge, scriptedUser, verdict } from "./scripted-agents.js";
