import type { ImportedBatch, ImportedConversation, ImportFormat, ImportProblem } from "./conversation.js";
import type { ImportAgent, PrefixReplayFile, ReplayTurn } from "./prefix-replay.js";

/** One input file: its name (for problems and metadata) and its text. The caller reads it. */
export interface ImportSource {
  readonly file: string;
  readonly text: string;
}

/** Options of {@link importConversations}. */
export interface ImportOptions {
  readonly from: ImportFormat;
  /** Which user turn each file tests (default `last`); `all` writes one file per answered turn. */
  readonly turn?: ReplayTurn;
  readonly agent?: ImportAgent;
}

/** What an import produced: the conversations read, the files made, and every problem met. */
export interface ImportSummary {
  readonly conversations: ImportedConversation[];
  readonly files: PrefixReplayFile[];
  /** Bad input (skipped lines, spans, runs) and conversations with no turn to test, as `file:line: field: problem`. */
  readonly problems: ImportProblem[];
  /** Conversations identical to one already imported (same id and messages): their files are not repeated. */
  readonly duplicates: number;
}

/**
 * Production conversations to prefix-replay scenario files (issue 20 §2, decision 0045): parses each source
 * in the given format, then writes the YAML of one file per conversation (or per answered turn with
 * `turn: "all"`). Pure and asynchronous: the parsers, zod and yaml load on first use, and the caller reads
 * and writes the files. Problems never stop the other conversations; the caller decides what they mean.
 *
 * @example
 * const summary = await importConversations([{ file: "prod.jsonl", text }], { from: "openai-jsonl", turn: 3 });
 * for (const file of summary.files) await writeFile(join("imported", file.fileName), file.text);
 */
export async function importConversations(sources: readonly ImportSource[], options: ImportOptions): Promise<ImportSummary> {
  const parse = await parserFor(options.from);
  const { prefixReplayFiles } = await import("./prefix-replay.js");
  const conversations: ImportedConversation[] = [];
  const files: PrefixReplayFile[] = [];
  const problems: ImportProblem[] = [];
  const names = new Set<string>();
  let duplicates = 0;
  for (const source of sources) {
    const batch = parse(source.text, source.file);
    problems.push(...batch.problems);
    for (const conversation of batch.conversations) {
      conversations.push(conversation);
      const made = prefixReplayFiles(conversation, {
        ...(options.turn === undefined ? {} : { turn: options.turn }),
        ...(options.agent ? { agent: options.agent } : {}),
      });
      problems.push(...made.problems);
      const fresh = made.files.filter((file) => !names.has(file.fileName));
      if (fresh.length < made.files.length) duplicates += 1;
      for (const file of fresh) names.add(file.fileName);
      files.push(...fresh);
    }
  }
  return { conversations, files, problems, duplicates };
}

async function parserFor(format: ImportFormat): Promise<(text: string, file: string) => ImportedBatch> {
  switch (format) {
    case "openai-jsonl":
      return (await import("./openai-jsonl.js")).parseOpenAIJsonl;
    case "otlp-json":
      return (await import("./otlp-json.js")).parseOtlpJson;
    case "platform-run":
      return (await import("./platform-run.js")).parsePlatformRun;
    default:
      return format satisfies never;
  }
}
