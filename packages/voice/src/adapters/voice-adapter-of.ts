import type { Agent } from "@rehearse/core";
import { VoiceAgentAdapter } from "./voice-agent-adapter.js";

/** The scenario's voice adapter for the agent under test (the first `VoiceAgentAdapter` among its agents), if any. */
export function voiceAdapterOf(agents: readonly Agent[] | undefined): VoiceAgentAdapter | undefined {
  return agents?.find((agent): agent is VoiceAgentAdapter => agent instanceof VoiceAgentAdapter);
}
