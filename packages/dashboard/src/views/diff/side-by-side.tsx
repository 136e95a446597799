/**
 * The two transcripts side by side, base | head, one row per message index
 * as the server aligned them: equal rows plain, changed rows with word-level
 * highlights, added/removed rows with the missing side empty. With "show
 * only changed", runs of equal messages collapse to an expandable line;
 * their text (not carried by the diff) is read on demand. At phone width
 * the columns stack, base above head.
 */
import { useMemo, useState } from "react";
import type { Schemas } from "../../api/client";
import { count } from "../../components/format";
import { indexRange, type Segment, sidesOf, transcriptBlocks } from "./transcript-blocks";
import { type RunTexts, useRunTexts } from "./use-run-texts";
import { WordDiff } from "./word-diff";

type RunDiff = Schemas["RunDiff"];
type DiffMessage = RunDiff["transcript"]["messages"][number];

const STATUS_WORDS: Record<DiffMessage["status"], string> = {
  equal: "equal",
  changed: "changed",
  added: "only in head",
  removed: "only in base",
};

/** Which sides' stored texts a set of visible rows needs. */
function textsNeeded(rows: readonly DiffMessage[]): { base: boolean; head: boolean } {
  let base = false;
  let head = false;
  for (const row of rows) {
    if (row.status === "equal") base = true;
    else if (row.changes === null) {
      if (row.status !== "added") base = true;
      if (row.status !== "removed") head = true;
    }
  }
  return { base, head };
}

export function SideBySide(props: { diff: RunDiff; onlyChanged: boolean }) {
  const { diff, onlyChanged } = props;
  const messages = diff.transcript.messages;
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const blocks = useMemo(() => transcriptBlocks(messages, { onlyChanged, expanded }), [messages, onlyChanged, expanded]);
  const visible = blocks.flatMap((block) => (block.kind === "message" ? [block.message] : block.expanded ? block.messages : []));
  const needed = textsNeeded(visible);
  const baseTexts = useRunTexts(diff.base.runId, messages.length, needed.base);
  const headTexts = useRunTexts(diff.head.runId, messages.length, needed.head);

  const toggle = (from: number) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(from)) next.delete(from);
      else next.add(from);
      return next;
    });

  return (
    <section className="diff-section diff-transcript" aria-labelledby="transcript-heading">
      <h2 id="transcript-heading">Transcript</h2>
      <p className="muted">
        Base has {count(diff.transcript.baseCount)} messages, head {count(diff.transcript.headCount)}; rows are aligned by message
        index.
      </p>
      {diff.transcript.truncated ? (
        <p className="diff-warning" role="note">
          This transcript diff is cut short: only the first {count(messages.length)} messages are aligned, and very long changes
          are shown without word highlights.
        </p>
      ) : null}
      {baseTexts.error || headTexts.error ? (
        <p className="diff-warning" role="alert">
          Could not load message texts: {(baseTexts.error ?? headTexts.error)?.message}
        </p>
      ) : null}
      {messages.length === 0 ? (
        <p className="muted">Neither run has messages.</p>
      ) : (
        <>
          <div className="transcript-columns" aria-hidden="true">
            <span>Base</span>
            <span>Head</span>
          </div>
          <ol className="transcript-rows">
            {blocks.flatMap((block) => {
              if (block.kind === "message") {
                return [
                  <MessageRow
                    key={block.message.index}
                    message={block.message}
                    turnStart={block.turnStart}
                    base={baseTexts}
                    head={headTexts}
                  />,
                ];
              }
              const size = block.messages.length;
              const turns =
                block.firstTurn === block.lastTurn
                  ? `turn ${block.firstTurn + 1}`
                  : `turns ${block.firstTurn + 1}–${block.lastTurn + 1}`;
              const toggleRow = (
                <li key={`equal-${block.from}`} className="equal-block">
                  <button type="button" aria-expanded={block.expanded} onClick={() => toggle(block.from)}>
                    {block.expanded ? "Hide" : "Show"} {size} equal {size === 1 ? "message" : "messages"} (
                    {indexRange(block.from, block.to)}, {turns})
                  </button>
                </li>
              );
              if (!block.expanded) return [toggleRow];
              return [
                toggleRow,
                ...block.messages.map((message, position) => (
                  <MessageRow
                    key={message.index}
                    message={message}
                    turnStart={position === 0}
                    base={baseTexts}
                    head={headTexts}
                  />
                )),
              ];
            })}
          </ol>
        </>
      )}
    </section>
  );
}

function MessageRow(props: { message: DiffMessage; turnStart: boolean; base: RunTexts; head: RunTexts }) {
  const { message } = props;
  const sides = message.changes ? sidesOf(message.changes) : undefined;
  const stored = (texts: RunTexts): Segment[] | string => {
    const entry = texts.texts?.get(message.index);
    // a message of tool calls only starts with the line break before its first call
    if (entry) return [{ value: entry.text.replace(/^\n/, ""), change: null }];
    return texts.loading ? "Loading…" : "(text not available)";
  };
  let base: Segment[] | string | null;
  let head: Segment[] | string | null;
  if (message.status === "equal") {
    base = stored(props.base);
    head = base;
  } else {
    base = message.status === "added" ? null : (sides?.base ?? stored(props.base));
    head = message.status === "removed" ? null : (sides?.head ?? stored(props.head));
  }
  // whole added/removed messages: the row says so; the text is not marked word by word
  if (message.status === "added" && Array.isArray(head)) head = head.map((segment) => ({ ...segment, change: null }));
  if (message.status === "removed" && Array.isArray(base)) base = base.map((segment) => ({ ...segment, change: null }));
  const changed = message.status !== "equal";
  return (
    <li
      id={`message-${message.index}`}
      className="diff-row"
      data-status={message.status}
      data-index={message.index}
      data-turn-start={props.turnStart || undefined}
      data-nav-row={changed ? "" : undefined}
      tabIndex={-1}
    >
      <p className="row-meta">
        <span>
          #{message.index} · turn {message.turn + 1}
        </span>
        {changed ? (
          <span className="row-status" data-status={message.status}>
            {STATUS_WORDS[message.status]}
          </span>
        ) : (
          <span className="visually-hidden">equal</span>
        )}
        {message.status === "changed" && message.changes === null ? (
          <span className="muted"> too large for word highlights</span>
        ) : null}
      </p>
      <Cell side="base" role={message.baseRole} content={base} />
      <Cell side="head" role={message.headRole} content={head} />
    </li>
  );
}

function Cell(props: { side: "base" | "head"; role: string | null; content: Segment[] | string | null }) {
  return (
    <div className="diff-cell" data-side={props.side} data-empty={props.content === null || undefined}>
      <p className="cell-label">
        <span className="side-name">{props.side === "base" ? "Base" : "Head"}</span>
        {props.role ? <span className="cell-role">{props.role}</span> : null}
      </p>
      {props.content === null ? (
        <p className="diff-text muted">(no message)</p>
      ) : typeof props.content === "string" ? (
        <p className="diff-text muted">{props.content}</p>
      ) : (
        <p className="diff-text">
          <WordDiff segments={props.content} />
        </p>
      )}
    </div>
  );
}
