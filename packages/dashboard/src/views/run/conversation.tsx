/**
 * The conversation: messages styled by role, tool calls as collapsible blocks
 * with their results (errors marked), detector findings flagged on their
 * message, injections and other events in place, turn separators, and
 * "load more" for the rest of a long transcript. A turn can be marked
 * (`highlightTurn`: the turn of the span selected in the trace panel).
 */
import { useEffect } from "react";
import { count } from "../../components/format";
import { EventItem, Flags } from "./conversation-event";
import { RedactedText } from "./redacted-text";
import type { ConversationItem, ToolCallView } from "./run-model";

const ROLE_LABELS: Record<string, string> = {
  user: "User",
  assistant: "Agent",
  system: "System",
  developer: "Developer",
  tool: "Tool result",
};

export interface ConversationProps {
  items: readonly ConversationItem[];
  /** Messages shown and in the whole run. */
  shown: number;
  total: number;
  more?: { loading: boolean; load: () => void };
  /** Set while messages arrive (live or playback): announced politely. */
  arriving?: boolean;
  /** New messages fade in (a playback; never with reduced motion). */
  animate?: boolean;
  /** The turn to mark (and bring into view when the trace panel sits beside the conversation). */
  highlightTurn?: number;
}

export function Conversation(props: ConversationProps) {
  useTurnInView(props.highlightTurn);
  const marked = (turn: number | undefined) => (turn !== undefined && turn === props.highlightTurn) || undefined;
  if (props.items.length === 0 && !props.more) {
    return <p className="muted conversation-empty">{props.arriving ? "Waiting for the first message…" : "No messages."}</p>;
  }
  return (
    <>
      <ol className="conversation" aria-label="Conversation" data-animate={props.animate || undefined}>
        {props.items.map((item) => {
          switch (item.kind) {
            case "turn":
              return (
                <li key={item.key} className="turn-separator" data-turn={item.turn} data-highlighted={marked(item.turn)}>
                  <span>Turn {item.turn}</span>
                </li>
              );
            case "event":
              return <EventItem key={item.key} event={item.event} highlighted={marked(item.turn)} />;
            case "message":
              return <MessageItem key={item.key} item={item} highlighted={marked(item.turn)} />;
            default:
              return item satisfies never;
          }
        })}
      </ol>
      {props.arriving ? (
        <p className="visually-hidden" role="status" aria-live="polite">
          {count(props.shown)} messages
        </p>
      ) : null}
      {props.more ? (
        <p className="load-more">
          <button type="button" onClick={props.more.load} disabled={props.more.loading}>
            {props.more.loading ? "Loading…" : "Load more messages"}
          </button>{" "}
          <span className="muted">
            {count(props.shown)} of {count(Math.max(props.total, props.shown))} shown
          </span>
        </p>
      ) : null}
    </>
  );
}

function MessageItem(props: { item: Extract<ConversationItem, { kind: "message" }>; highlighted?: true }) {
  const { message, text, toolCalls, flags, error } = props.item;
  const role = ROLE_LABELS[message.role] ?? message.role;
  return (
    <li
      className="message"
      data-role={message.role}
      data-index={message.index}
      data-message-id={message.id}
      data-turn={props.item.turn}
      data-highlighted={props.highlighted}
    >
      <div className="message-head">
        <span className="message-role">{role}</span>
        {message.role === "tool" && message.toolCallId ? <code className="muted">{message.toolCallId}</code> : null}
        <span className="message-index muted">#{message.index}</span>
      </div>
      {text ? (
        <div className="message-text" data-error={error ? "" : undefined}>
          <RedactedText text={text} />
        </div>
      ) : null}
      {error ? (
        <p className="tool-error">
          <strong>Error:</strong> <RedactedText text={error} />
        </p>
      ) : null}
      {toolCalls.map((call) => (
        <ToolCall key={call.id} call={call} />
      ))}
      {flags.length > 0 ? <Flags flags={flags} /> : null}
    </li>
  );
}

function ToolCall(props: { call: ToolCallView }) {
  const { call } = props;
  const failed = call.result?.error !== undefined;
  return (
    <details className="tool-call" open data-tool={call.name} data-outcome={failed ? "error" : call.result ? "ok" : "pending"}>
      <summary>
        <span className="tool-call-kind">Tool call</span> <code>{call.name}</code>
        {failed ? (
          <span className="tool-call-status">failed</span>
        ) : call.result ? null : (
          <span className="muted"> no result yet</span>
        )}
      </summary>
      <div className="tool-call-body">
        <p className="tool-call-label">Arguments</p>
        <pre className="code-block">
          <RedactedText text={call.arguments || "{}"} />
        </pre>
        {call.result ? (
          <div className="tool-result" data-error={failed ? "" : undefined}>
            <p className="tool-call-label">{failed ? "Error" : "Result"}</p>
            {failed ? (
              <p className="tool-error">
                <RedactedText text={call.result.error ?? ""} />
              </p>
            ) : null}
            {call.result.text ? (
              <pre className="code-block">
                <RedactedText text={call.result.text} />
              </pre>
            ) : null}
          </div>
        ) : null}
      </div>
    </details>
  );
}

/**
 * Brings a marked turn's separator into view while the trace panel sits
 * beside the conversation (it stays in view, sticky); stacked, the page
 * would jump away from the span the reader just chose, so it stays put.
 */
function useTurnInView(turn: number | undefined): void {
  useEffect(() => {
    if (turn === undefined || !window.matchMedia("(min-width: 1100px)").matches) return;
    const separator = document.querySelector(`.conversation > .turn-separator[data-turn="${turn}"]`);
    if (!separator) return;
    const { top } = separator.getBoundingClientRect();
    if (top >= 0 && top <= window.innerHeight * 0.75) return;
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    separator.scrollIntoView({ block: "start", behavior: reduce ? "auto" : "smooth" });
  }, [turn]);
}
