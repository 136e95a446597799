/**
 * The run view's data as it arrives: transcript messages (the wire shape the
 * messages endpoint and `run.messages` frames carry, placed by index) and
 * stored events (from the events endpoint or a `run.event`/`run.state`
 * frame), normalised into one shape so pages and live frames merge.
 */
import type { LiveFrame } from "../../live/live-connection";

/** A tool call as an assistant message carries it. */
export interface WireToolCall {
  id: string;
  type?: string;
  function: { name: string; arguments: string };
}

/** One transcript message with its place in the conversation. */
export interface WireMessage {
  index: number;
  id: string;
  role: string;
  content?: unknown;
  toolCalls?: WireToolCall[];
  toolCallId?: string;
}

/** One stored event of the run, ordered by `seq`. */
export interface RunEvent {
  /** Unique per event: `seq` and `type` (a page and a live frame of the same event share it). */
  key: string;
  seq: number;
  type: string;
  /** Milliseconds since the epoch; null when the source did not say (a live snapshot frame). */
  timestamp: number | null;
  /** The stored payload: the domain event's fields (`actor`, `turn`, `messageId`, …) or the lifecycle event. */
  event: Record<string, unknown>;
}

export const SNAPSHOT = "SCENARIO_MESSAGE_SNAPSHOT";
export const RUN_STARTED = "SCENARIO_RUN_STARTED";
export const RUN_FINISHED = "SCENARIO_RUN_FINISHED";

export function eventKey(seq: number, type: string): string {
  return `${seq}:${type}`;
}

/** An item of `GET /runs/{id}/events`. */
export function eventOfPage(item: { seq: number; type: string; timestamp: string; event: Record<string, unknown> }): RunEvent {
  const time = Date.parse(item.timestamp);
  return {
    key: eventKey(item.seq, item.type),
    seq: item.seq,
    type: item.type,
    timestamp: Number.isNaN(time) ? null : time,
    event: item.event,
  };
}

/** An item of `GET /runs/{id}/messages`. */
export function messageOfPage(item: Record<string, unknown> & { index: number; id: string; role: string }): WireMessage {
  return normalised(item, item.index);
}

function normalised(raw: Record<string, unknown>, index: number): WireMessage {
  const message: WireMessage = { index, id: String(raw.id ?? `#${index}`), role: String(raw.role ?? "unknown") };
  if (raw.content !== undefined) message.content = raw.content;
  if (Array.isArray(raw.toolCalls)) message.toolCalls = raw.toolCalls.filter(isToolCall);
  if (typeof raw.toolCallId === "string") message.toolCallId = raw.toolCallId;
  return message;
}

function isToolCall(value: unknown): value is WireToolCall {
  if (typeof value !== "object" || value === null) return false;
  const call = value as { id?: unknown; function?: { name?: unknown } };
  return typeof call.id === "string" && typeof call.function?.name === "string";
}

/** What one live (or playback) frame adds to a run: messages by index, or one event. */
export interface FrameDelta {
  messages: WireMessage[];
  event?: RunEvent;
}

/** The messages and event a frame carries; empty for frames of other runs and kinds. */
export function deltaOfFrame(frame: LiveFrame, runId: string): FrameDelta {
  const data = frame.data;
  if (data.runId !== runId || data.seq === undefined || data.type === undefined) return { messages: [] };
  if (frame.kind === "run.messages") {
    const offset = data.offset ?? 0;
    const messages = (data.messages ?? []).map((raw, position) => normalised(raw, offset + position));
    // a snapshot's event is its messages; kept for the timeline without them (the transcript holds them)
    const event: RunEvent = {
      key: eventKey(data.seq, data.type),
      seq: data.seq,
      type: data.type,
      timestamp: null,
      event: { type: data.type, messagesOffset: offset, messages: messages.map(({ id, role }) => ({ id, role })) },
    };
    return { messages, event };
  }
  if ((frame.kind === "run.event" || frame.kind === "run.state") && data.event) {
    const payload = data.event;
    const timestamp = typeof payload.timestamp === "number" ? payload.timestamp : null;
    return {
      messages: [],
      event: { key: eventKey(data.seq, data.type), seq: data.seq, type: data.type, timestamp, event: payload },
    };
  }
  return { messages: [] };
}

/** A message's text: strings as they are, anything else as JSON. */
export function textOf(content: unknown): string {
  if (content === undefined || content === null) return "";
  if (typeof content === "string") return content;
  return JSON.stringify(content, null, 2);
}

/** JSON text pretty-printed; other text unchanged. */
export function prettyJson(text: string): string {
  const trimmed = text.trim();
  if (!(trimmed.startsWith("{") || trimmed.startsWith("["))) return text;
  try {
    return JSON.stringify(JSON.parse(trimmed), null, 2);
  } catch {
    return text;
  }
}

/**
 * A tool result as the transcript carries it: the AI SDK's output wrapper
 * (`{"type":"json","value":…}`, `text`, `error-text`, `error-json`) taken
 * off, and the error it reports, if any (an error output, or a JSON value
 * with an `error`, as a tool fault answers).
 */
export function toolOutput(content: unknown): { text: string; error?: string } {
  const raw = textOf(content);
  let parsed: unknown;
  try {
    parsed = typeof content === "string" ? JSON.parse(raw) : content;
  } catch {
    return { text: raw };
  }
  if (typeof parsed !== "object" || parsed === null) return { text: raw };
  const wrapper = parsed as { type?: unknown; value?: unknown };
  const wrapped = typeof wrapper.type === "string" && "value" in wrapper && Object.keys(wrapper).length === 2;
  const value = wrapped ? wrapper.value : parsed;
  const text = typeof value === "string" ? value : JSON.stringify(value, null, 2);
  if (wrapped && (wrapper.type === "error-text" || wrapper.type === "error-json"))
    return { text, error: typeof value === "string" ? value : text };
  const error = typeof value === "object" && value !== null ? (value as { error?: unknown }).error : undefined;
  if (error === undefined || error === null || error === false) return { text };
  const message = typeof error === "string" ? error : (error as { message?: unknown }).message;
  const kind = typeof error === "object" ? (error as { type?: unknown }).type : undefined;
  const said = typeof message === "string" ? message : JSON.stringify(error);
  return { text, error: typeof kind === "string" ? `${kind}: ${said}` : said };
}

export function stringField(event: Record<string, unknown>, name: string): string | undefined {
  const value = event[name];
  return typeof value === "string" ? value : undefined;
}

export function numberField(event: Record<string, unknown>, name: string): number | undefined {
  const value = event[name];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}
