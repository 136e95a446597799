/**
 * The side-by-side transcript's rows, from the server's alignment (one row
 * per message index). With "show only changed", each run of equal messages
 * collapses into one "n equal messages" block the user can expand; a word
 * diff (base → head) splits into what each column shows.
 */
export type MessageStatus = "equal" | "changed" | "added" | "removed";

export interface AlignedMessage {
  index: number;
  turn: number;
  status: MessageStatus;
}

export type TranscriptBlock<M extends AlignedMessage> =
  | { kind: "message"; message: M; turnStart: boolean }
  | { kind: "equal"; from: number; to: number; firstTurn: number; lastTurn: number; expanded: boolean; messages: M[] };

/**
 * Rows to render. Without `onlyChanged` every message is its own row; with
 * it, consecutive equal messages become one block, keyed by its first index
 * (`expanded` lists the blocks the user opened). `turnStart` marks the first
 * row of a turn.
 */
export function transcriptBlocks<M extends AlignedMessage>(
  messages: readonly M[],
  options: { onlyChanged: boolean; expanded: ReadonlySet<number> },
): Array<TranscriptBlock<M>> {
  const blocks: Array<TranscriptBlock<M>> = [];
  let run: M[] = [];
  const flush = () => {
    const first = run[0];
    const last = run[run.length - 1];
    if (first && last) {
      blocks.push({
        kind: "equal",
        from: first.index,
        to: last.index,
        firstTurn: first.turn,
        lastTurn: last.turn,
        expanded: options.expanded.has(first.index),
        messages: run,
      });
    }
    run = [];
  };
  messages.forEach((message, position) => {
    if (options.onlyChanged && message.status === "equal") {
      run.push(message);
      return;
    }
    flush();
    const previous = messages[position - 1];
    blocks.push({ kind: "message", message, turnStart: previous === undefined || previous.turn !== message.turn });
  });
  flush();
  return blocks;
}

export interface Change {
  value: string;
  added: boolean;
  removed: boolean;
}

export interface Segment {
  value: string;
  change: "added" | "removed" | null;
}

/** The base column keeps what was not added (removals marked); the head column what was not removed (additions marked). */
export function sidesOf(changes: readonly Change[]): { base: Segment[]; head: Segment[] } {
  const base: Segment[] = [];
  const head: Segment[] = [];
  for (const change of changes) {
    if (!change.added) base.push({ value: change.value, change: change.removed ? "removed" : null });
    if (!change.removed) head.push({ value: change.value, change: change.added ? "added" : null });
  }
  return { base, head };
}

/** "#5–#8", or "#5" for a block of one. */
export function indexRange(from: number, to: number): string {
  return from === to ? `#${from}` : `#${from}–#${to}`;
}
