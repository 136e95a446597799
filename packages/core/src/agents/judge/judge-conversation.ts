import type { ModelMessage } from "../../domain/messages.js";
import { runDiscovery } from "./discovery-loop.js";
import { decide, type JudgeCall } from "./judge-call.js";

export { JudgeMemo, judgeMemoFor } from "./judge-memo.js";

import { judgeSystemPrompt, judgeUserContent } from "./judge-prompt.js";
import type { JudgeAnswer } from "./judge-verdict.js";
import { DEFAULT_TOKEN_THRESHOLD, estimateTokens, formatTranscript, renderTranscript, spanDigest } from "./transcript/index.js";

/**
 * Asks the judge model for a decision. Small conversations are shown whole;
 * above the token threshold the judge gets an outline and expand/grep tools
 * (see `runDiscovery`). Unusable output is retried with the problem named,
 * then becomes an `invalid_model_output` error — never a failing agent.
 */
export async function askJudge(call: JudgeCall): Promise<JudgeAnswer> {
  const entries = renderTranscript(call.messages);
  const transcript = formatTranscript(entries);
  const given = typeof call.spans === "function" ? await call.spans() : call.spans;
  // spans come from the user's code: validated at this edge (zod, loaded only when spans are given)
  // (the collector's spans are built by Rehearse from OpenTelemetry's, so they skip that check; none skip the import)
  const spans =
    given === undefined || given.length === 0
      ? undefined
      : call.spansTrusted
        ? given
        : (await import("./transcript/span-schema.js")).parseJudgeSpans(given, `${call.agentName} spans`);
  const threshold = call.tokenThreshold ?? DEFAULT_TOKEN_THRESHOLD;
  const traces = spans && spans.length > 0 ? spanDigest(spans, { maxTokens: Number.POSITIVE_INFINITY }) : undefined;
  const large = estimateTokens(transcript) + (traces ? estimateTokens(traces) : 0) > threshold;
  const system =
    call.settings.systemPrompt ??
    (call.memo
      ? call.memo.systemPrompt(call.description, call.criteria, call.forced, large)
      : judgeSystemPrompt({ description: call.description, criteria: call.criteria, forced: call.forced, discovery: large }));
  if (large) return runDiscovery({ system, call, entries, spans: spans ?? [], threshold });
  const text = judgeUserContent({
    transcript,
    discovery: false,
    ...(traces ? { traces } : {}),
    ...(call.additionalContext ? { additionalContext: call.additionalContext } : {}),
    ...(call.forcedBecause ? { forcedBecause: call.forcedBecause } : {}),
    ...(call.voiceTimeline ? { voiceTimeline: call.voiceTimeline } : {}),
    ...(call.audio?.length ? { audioLabels: call.audio.map((audio) => audio.label) } : {}),
  });
  const content: ModelMessage["content"] = call.audio?.length
    ? [
        { type: "text", text },
        ...call.audio.map((audio) => ({ type: "file" as const, data: audio.data, mediaType: audio.mediaType })),
      ]
    : text;
  return decide({ system, messages: [{ role: "user", content } as ModelMessage], call });
}
