/**
 * The conversations importers produce: one neutral shape for OpenAI JSONL, OTLP GenAI spans and stored
 * runs, so prefix replay is written once. Plain data, no I/O (issue 20 §2, decision 0045).
 */

/** A tool call an assistant message made, arguments parsed when they were JSON. */
export interface ImportedToolCall {
  readonly id: string;
  readonly name: string;
  readonly arguments: unknown;
}

/** One message of an imported conversation, in the OpenAI chat roles (the source formats all use them). */
export interface ImportedMessage {
  readonly role: "system" | "user" | "assistant" | "tool";
  /** The text; empty for an assistant message that only called tools. */
  readonly content: string;
  /** Assistant messages: the tools it called, kept so a replayed history holds them. */
  readonly toolCalls?: readonly ImportedToolCall[];
  /** Tool messages: the call this result answers. */
  readonly toolCallId?: string;
  /** Tool messages: the tool's name (taken from the matching call when the source omits it). */
  readonly toolName?: string;
}

/** Where a conversation came from, so a generated file can point back to it. */
export interface ImportedSource {
  /** `openai-jsonl`, `otlp-json` or `platform-run`. */
  readonly format: ImportFormat;
  readonly file: string;
  /** 1-based line of the source (the JSONL line; 1 for whole-file formats). */
  readonly line: number;
}

/** A production conversation, ready to become scenario files. */
export interface ImportedConversation {
  /** The source's id (a JSONL `id`, a trace or conversation id, a run id), else `<file>:<line>`. */
  readonly id: string;
  readonly source: ImportedSource;
  readonly messages: readonly ImportedMessage[];
}

/** A part of the input that could not be imported: `file:line: field: problem`. */
export interface ImportProblem {
  readonly file: string;
  readonly line: number;
  /** The data path of the bad value (`messages[2].role`), or `$` for the whole line. */
  readonly field: string;
  readonly problem: string;
}

/** What an importer returns: the conversations it read and every problem it skipped. */
export interface ImportedBatch {
  readonly conversations: ImportedConversation[];
  readonly problems: ImportProblem[];
}

/** The formats `rehearse import --from` accepts. */
export const importFormats = ["openai-jsonl", "otlp-json", "platform-run"] as const;

/** One of {@link importFormats}. */
export type ImportFormat = (typeof importFormats)[number];

/** `file:line: field: problem`, the one way problems are printed. */
export function formatImportProblem(problem: ImportProblem): string {
  return `${problem.file}:${problem.line}: ${problem.field}: ${problem.problem}`;
}

/** The indices of the user messages: each starts a user turn (turn k is `userTurns(messages)[k - 1]`). */
export function userTurnIndices(messages: readonly ImportedMessage[]): number[] {
  const indices: number[] = [];
  messages.forEach((message, index) => {
    if (message.role === "user") indices.push(index);
  });
  return indices;
}

/** The module a file names when no agent was given: an obvious placeholder, reported by `rehearse validate`. */
export const placeholderAgentModule = "./REPLACE-WITH-YOUR-AGENT.mjs";
