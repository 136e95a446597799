/**
 * Names Rehearse's spans use. GenAI names follow the OpenTelemetry semantic
 * conventions for generative AI (`gen_ai.*`); `langwatch.thread.id` is the
 * reference's thread attribute, kept so its span collectors and dashboards
 * find Rehearse's spans.
 */

/** The instrumentation scope (tracer name) of every span Rehearse makes. */
export const TRACER_NAME = "@rehearse/core";

/** The reference's SDK-identity attributes (`scenario.sdk.name`/`version`), stamped on run and turn spans. */
export const ATTR_SCENARIO_SDK_NAME = "scenario.sdk.name";
export const ATTR_SCENARIO_SDK_VERSION = "scenario.sdk.version";
export const SCENARIO_SDK_NAME = "@rehearse/core";
/** Kept in step with packages/core/package.json by a test. */
export const SCENARIO_SDK_VERSION = "0.1.0";
/** The SDK-identity attributes, as the reference exports them. */
export const scenarioSdkAttributes: Readonly<Record<string, string>> = Object.freeze({
  [ATTR_SCENARIO_SDK_NAME]: SCENARIO_SDK_NAME,
  [ATTR_SCENARIO_SDK_VERSION]: SCENARIO_SDK_VERSION,
});

export const ATTR_THREAD_ID = "langwatch.thread.id";
export const ATTR_CONVERSATION_ID = "gen_ai.conversation.id";
export const ATTR_RUN_ID = "rehearse.run.id";
export const ATTR_BATCH_ID = "rehearse.batch.id";
export const ATTR_SET_ID = "rehearse.set.id";
export const ATTR_SCENARIO_ID = "rehearse.scenario.id";
export const ATTR_SCENARIO_NAME = "rehearse.scenario.name";
export const ATTR_TURN = "rehearse.turn";
export const ATTR_AGENT_ROLE = "rehearse.agent.role";
export const ATTR_OUTCOME = "rehearse.outcome";

export const ATTR_OPERATION = "gen_ai.operation.name";
export const ATTR_PROVIDER = "gen_ai.provider.name";
export const ATTR_AGENT_NAME = "gen_ai.agent.name";
export const ATTR_REQUEST_MODEL = "gen_ai.request.model";
export const ATTR_RESPONSE_MODEL = "gen_ai.response.model";
export const ATTR_RESPONSE_ID = "gen_ai.response.id";
export const ATTR_FINISH_REASONS = "gen_ai.response.finish_reasons";
export const ATTR_INPUT_TOKENS = "gen_ai.usage.input_tokens";
export const ATTR_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";
export const ATTR_TEMPERATURE = "gen_ai.request.temperature";
export const ATTR_MAX_TOKENS = "gen_ai.request.max_tokens";
export const ATTR_INPUT_MESSAGES = "gen_ai.input.messages";
export const ATTR_OUTPUT_MESSAGES = "gen_ai.output.messages";
export const ATTR_SYSTEM_INSTRUCTIONS = "gen_ai.system_instructions";
export const ATTR_TOOL_NAME = "gen_ai.tool.name";
export const ATTR_TOOL_CALL_ID = "gen_ai.tool.call.id";

/** Span names of the run's structure. */
export const RUN_SPAN = "rehearse.run";
export const TURN_SPAN = "rehearse.turn";
const AGENT_CALL_PREFIX = "invoke_agent ";

/** `invoke_agent <name>`: the span of an agent call (GenAI `invoke_agent` operation). */
export function agentCallSpanName(agent: string): string {
  return `${AGENT_CALL_PREFIX}${agent}`;
}

/** Whether a span name is an agent call's (`invoke_agent <name>`). */
export function isAgentCallSpan(name: string): boolean {
  return name.startsWith(AGENT_CALL_PREFIX);
}
