import type { ModelMessage } from "../../domain/messages.js";
import { decide, invokeJudge, type JudgeCall, judgeParams, unusableOutput } from "./judge-call.js";
import { judgeUserContent } from "./judge-prompt.js";
import { CONTINUE_TEST, FINISH_TEST, type ToolDefinition, toToolSet, verdictTools } from "./judge-tools.js";
import { type JudgeAnswer, readDecision } from "./judge-verdict.js";
import {
  discoveryToolDefinitions,
  type JudgeSpan,
  runDiscoveryTool,
  spanDigest,
  type TranscriptEntry,
  transcriptOutline,
  truncateToTokens,
} from "./transcript/index.js";

/**
 * The large-conversation path. The judge sees a bounded outline (half the
 * token threshold; spans as a structure-only digest) and may call
 * expand/grep tools, each result capped, for up to `maxDiscoverySteps`
 * steps; it may give its verdict at any step. When the steps run out, the
 * tool exchanges are collapsed into plain text (providers reject references
 * to tools no longer offered) and the verdict is asked for with the
 * discovery tools removed. Every prompt is bounded by the threshold and the
 * step cap, whatever the conversation's length.
 */
export async function runDiscovery(options: {
  system: string;
  call: JudgeCall;
  entries: readonly TranscriptEntry[];
  spans: readonly JudgeSpan[];
  threshold: number;
}): Promise<JudgeAnswer> {
  const { call, entries, spans, threshold } = options;
  const resultTokens = Math.max(256, Math.floor(threshold / 8));
  const outline = transcriptOutline(entries, { maxTokens: Math.floor(threshold / 2) });
  const traces = spans.length > 0 ? spanDigest(spans, { maxTokens: Math.floor(threshold / 4) }) : undefined;
  const opening = judgeUserContent({
    transcript: outline,
    discovery: true,
    ...(traces ? { traces } : {}),
    ...(call.additionalContext ? { additionalContext: call.additionalContext } : {}),
    ...(call.forcedBecause ? { forcedBecause: call.forcedBecause } : {}),
    ...(call.voiceTimeline ? { voiceTimeline: call.voiceTimeline } : {}),
  });
  const discovery: ToolDefinition[] = discoveryToolDefinitions(spans.length > 0);
  const tools = await toToolSet([...discovery, ...verdictTools(call.names, call.criteria, call.forced)]);
  const messages: ModelMessage[] = [{ role: "user", content: opening }];
  const recap: string[] = [];
  let unusable = 0;
  for (let step = 0; step < call.maxDiscoverySteps; step++) {
    const result = await invokeJudge(call, judgeParams(options.system, messages, call, tools, "required"));
    if ("problem" in result) {
      unusable++;
      if (unusable >= call.attempts) throw unusableOutput(call, result.problem);
      messages.push({ role: "user", content: `Your last answer could not be used: ${result.problem}.` });
      continue;
    }
    const calls = result.toolCalls;
    if (calls.some((tool) => tool.toolName === FINISH_TEST || tool.toolName === CONTINUE_TEST)) {
      const decision = readDecision(calls, call.names, call.criteria, !call.forced);
      if (decision.kind !== "malformed") return decision;
      unusable++;
      if (unusable >= call.attempts) throw unusableOutput(call, decision.problem);
      messages.push({ role: "user", content: `Your last answer could not be used: ${decision.problem}.` });
      continue;
    }
    if (calls.length === 0) {
      messages.push({ role: "user", content: "Call a tool: expand or grep the transcript, or give your verdict." });
      continue;
    }
    const context = { entries, spans, maxTokens: resultTokens };
    messages.push({
      role: "assistant",
      content: calls.map((tool) => ({
        type: "tool-call" as const,
        toolCallId: tool.toolCallId,
        toolName: tool.toolName,
        input: tool.input,
      })),
    });
    const outputs = calls.map((tool) => runDiscoveryTool(tool.toolName, tool.input, context));
    messages.push({
      role: "tool",
      content: calls.map((tool, index) => ({
        type: "tool-result" as const,
        toolCallId: tool.toolCallId,
        toolName: tool.toolName,
        output: { type: "text" as const, value: outputs[index] as string },
      })),
    });
    for (const [index, tool] of calls.entries()) {
      recap.push(`I called ${tool.toolName}(${JSON.stringify(tool.input)}) and got:\n${outputs[index]}`);
    }
  }
  return decide({ system: options.system, messages: collapsed(opening, recap, threshold), call });
}

/** The discovery so far as plain text, then the request for a verdict. */
function collapsed(opening: string, recap: readonly string[], maxTokens: number): ModelMessage[] {
  const messages: ModelMessage[] = [{ role: "user", content: opening }];
  if (recap.length > 0) messages.push({ role: "assistant", content: truncateToTokens(recap.join("\n\n"), maxTokens) });
  messages.push({
    role: "user",
    content: "You have used all transcript exploration steps. Decide now from what you have read.",
  });
  return messages;
}
