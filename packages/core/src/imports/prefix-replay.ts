import { createHash } from "node:crypto";
import { stringify } from "yaml";
import {
  type ImportedConversation,
  type ImportedMessage,
  type ImportProblem,
  placeholderAgentModule,
  userTurnIndices,
} from "./conversation.js";
import { type ReplayStep, referenceCriteria, referenceText, replaySteps } from "./replay-steps.js";

/** The agent under test a generated file names: a module (relative to the file) or an OpenAI-compatible endpoint. */
export type ImportAgent = { module: string; export?: string } | { openai_compatible: { base_url: string; model: string } };

/** Which user turn(s) to test: the last one with a reply, a 1-based number, or every one with a reply. */
export type ReplayTurn = "last" | "all" | number;

/** Options of {@link prefixReplayFiles}. */
export interface PrefixReplayOptions {
  readonly turn?: ReplayTurn;
  /** Without it the file names a placeholder module that `rehearse validate` reports as missing. */
  readonly agent?: ImportAgent;
}

/** One generated scenario file: its stable name and its YAML text. */
export interface PrefixReplayFile {
  readonly fileName: string;
  readonly text: string;
  readonly conversationId: string;
  readonly turn: number;
}

/**
 * Scenario files (YAML) that replay a production conversation up to a user turn and test the agent's answer
 * to it: the earlier turns — user and assistant messages, tool calls and results — are fixed messages, user
 * turn k is sent, the agent under test answers, and the judge grades the answer against the reply production
 * gave (kept in `metadata.imported.reference` for {@link prefixReplayReport}). System messages are left out:
 * the agent under test brings its own. A turn with no reply after it has no reference and is not a candidate.
 * Pure (names hash the conversation, so the same input always gives the same files).
 *
 * @example
 * const { files } = prefixReplayFiles(conversation, { turn: "all", agent: { module: "../agent.mjs" } });
 */
export function prefixReplayFiles(
  conversation: ImportedConversation,
  options: PrefixReplayOptions = {},
): { files: PrefixReplayFile[]; problems: ImportProblem[] } {
  const { messages, source } = conversation;
  const starts = userTurnIndices(messages);
  const turns = starts.map((start, index) => ({ turn: index + 1, start, end: starts[index + 1] ?? messages.length }));
  const answered = turns.filter(({ start, end }) => messages.slice(start + 1, end).some(isReply));
  const problem = (text: string): ImportProblem => ({
    file: source.file,
    line: source.line,
    field: "turn",
    problem: `conversation ${conversation.id}: ${text}`,
  });
  const wanted = options.turn ?? "last";
  let chosen = answered;
  if (wanted === "last") chosen = answered.slice(-1);
  else if (typeof wanted === "number") chosen = answered.filter(({ turn }) => turn === wanted);
  if (chosen.length === 0) {
    const why =
      typeof wanted === "number" && wanted > turns.length
        ? `has ${turns.length} user turn${turns.length === 1 ? "" : "s"}, so there is no turn ${wanted}`
        : `no assistant reply follows ${typeof wanted === "number" ? `user turn ${wanted}` : "any user turn"}, so there is no reference to compare with`;
    return { files: [], problems: [problem(why)] };
  }
  const hash = createHash("sha256")
    .update(JSON.stringify([source.format, conversation.id, messages]))
    .digest("hex")
    .slice(0, 8);
  const slug = slugOf(messages[starts[0] as number]?.content ?? conversation.id);
  const files = chosen.map(({ turn, start, end }) => {
    const id = `${slug}-${hash}-turn-${turn}`;
    const reference = messages.slice(start + 1, end);
    const data = {
      id,
      name: `Imported: ${shorten(messages[starts[0] as number]?.content ?? conversation.id, 60)} (turn ${turn} of ${turns.length})`,
      description: `A production conversation (${conversation.id}, ${source.file}:${source.line}) replayed exactly up to user turn ${turn}; the agent under test answers that turn and is compared with the reply production gave.`,
      tags: ["imported", "prefix-replay"],
      metadata: { imported: importedMetadata(conversation, turn, turns.length, reference) },
      agent: options.agent ?? { module: placeholderAgentModule },
      judge: { criteria: referenceCriteria(reference) },
      script: [...replaySteps(messages.slice(0, start + 1)), { type: "agent" }, { type: "judge" }] as ReplayStep[],
    };
    const header = [
      `# Imported by rehearse import from ${source.file}:${source.line} (${source.format}): prefix replay of user turn ${turn} of ${turns.length}.`,
      ...(options.agent ? [] : ["# Set agent: to the agent under test (or import again with --agent <module[#export]>)."]),
      "# The criteria compare with the reply production gave; edit them when that reply was wrong.",
    ];
    return {
      fileName: `${id}.yaml`,
      // no anchors: each file stands alone, and checking for shared objects doubles the cost of 10 000 files
      text: `${header.join("\n")}\n${stringify(data, { lineWidth: 0, aliasDuplicateObjects: false })}`,
      conversationId: conversation.id,
      turn,
    };
  });
  return { files, problems: [] };
}

function isReply(message: ImportedMessage): boolean {
  return message.role === "assistant" && (message.content.trim() !== "" || (message.toolCalls?.length ?? 0) > 0);
}

function importedMetadata(
  conversation: ImportedConversation,
  turn: number,
  turns: number,
  reference: readonly ImportedMessage[],
) {
  const calls = reference.flatMap((message) => message.toolCalls ?? []);
  return {
    format: conversation.source.format,
    file: conversation.source.file,
    line: conversation.source.line,
    conversation_id: conversation.id,
    turn,
    turns,
    reference: referenceText(reference),
    ...(calls.length > 0
      ? { reference_tool_calls: calls.map(({ name, arguments: input }) => ({ name, arguments: input })) }
      : {}),
  };
}

function slugOf(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .split("-")
    .slice(0, 6)
    .join("-");
  return slug.slice(0, 48).replace(/-+$/, "") || "conversation";
}

function shorten(text: string, length: number): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}
