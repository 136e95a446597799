/** What the judge's system prompt is built from. */
export interface JudgePromptParts {
  description: string;
  criteria: readonly string[];
  /** True when this call must end with a verdict. */
  forced: boolean;
  /** True when the conversation is shown as an outline with discovery tools. */
  discovery: boolean;
}

/**
 * The judge's system prompt, written for Rehearse. The description is context
 * only — users complained that judges graded the situation rather than the
 * criteria — and a criterion that could still be met later is
 * `inconclusive`, not `false`, so the judge does not end a run early.
 */
export function judgeSystemPrompt(parts: JudgePromptParts): string {
  const criteria = parts.criteria.map((criterion, index) => `${index + 1}. ${criterion}`).join("\n");
  const goal = parts.forced
    ? "Give your final verdict now with finish_test."
    : "If every criterion can already be decided, call finish_test; otherwise call continue_test and the conversation goes on.";
  const lines = [
    "<role>You judge a simulated conversation between a user and the agent under test, against the criteria below only.</role>",
    `<goal>${goal}</goal>`,
    `<scenario_context>${parts.description}</scenario_context>`,
    `<criteria>\n${criteria}\n</criteria>`,
    "<rules>",
    "- Grade only the listed criteria; the scenario context is background, not a criterion.",
    '- "true": the conversation shows it met. "false": it is violated, or can no longer be met. "inconclusive": not decided yet.',
    '- A broken "do not"/"should not" criterion is false at once.',
    parts.discovery
      ? "- The conversation is long: it is shown as an outline. Use expand_transcript and grep_transcript to read what you need before deciding."
      : "",
    "</rules>",
  ];
  return lines.filter(Boolean).join("\n");
}

/** The judge's user message: the conversation (or its outline), extra context and, when forced, why. */
export function judgeUserContent(options: {
  transcript: string;
  discovery: boolean;
  traces?: string;
  additionalContext?: string;
  forcedBecause?: string;
  voiceTimeline?: string;
  audioLabels?: readonly string[];
}): string {
  const tag = options.discovery ? "transcript_outline" : "transcript";
  const parts = [`<${tag}>\n${options.transcript}\n</${tag}>`];
  if (options.voiceTimeline)
    parts.push(
      `<voice_timeline>\nseconds from the start of the call · event · details\n${options.voiceTimeline}\n</voice_timeline>`,
    );
  if (options.audioLabels?.length)
    parts.push(
      `<audio>\nThe conversation's audio follows this message, in order: ${options.audioLabels.join("; ")}. Listen to it for what the transcripts cannot show (tone, pauses, talking over each other).\n</audio>`,
    );
  if (options.traces) parts.push(`<traces>\n${options.traces}\n</traces>`);
  if (options.additionalContext) parts.push(`<additional_context>\n${options.additionalContext}\n</additional_context>`);
  if (options.forcedBecause) parts.push(`<finish_test>${options.forcedBecause}</finish_test>`);
  return parts.join("\n");
}
