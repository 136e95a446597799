/**
 * The timeline: every event of the run in seq order, placed on a time axis
 * (milliseconds from the run's start) in a lane by who caused it — user,
 * agent, tool, judge, system (injections, lifecycle) — with a one-line
 * summary and a tone for what deserves attention (an injection, a tool
 * fault, a detector finding, a failed check).
 */
import { numberField, RUN_FINISHED, RUN_STARTED, type RunEvent, SNAPSHOT, stringField } from "./run-data";
import { DETECTOR_TYPES } from "./run-model";

export const LANES = ["user", "agent", "tool", "judge", "system"] as const;
export type Lane = (typeof LANES)[number];

export const LANE_LABELS: Record<Lane, string> = {
  user: "User",
  agent: "Agent",
  tool: "Tools",
  judge: "Judge",
  system: "System, injections",
};

/** The lane's name where space is short (the events table). */
export const LANE_NAMES: Record<Lane, string> = { user: "User", agent: "Agent", tool: "Tool", judge: "Judge", system: "System" };

/** What an entry's marker says besides its lane: worth a look, and why. */
export type Tone = "injection" | "fault" | "detector" | "fail" | "pass";

export interface TimelineEntry {
  key: string;
  seq: number;
  type: string;
  lane: Lane;
  /** Milliseconds from the run's start. */
  at: number;
  summary: string;
  tone?: Tone;
}

export interface Timeline {
  entries: TimelineEntry[];
  /** The last entry's time (at least 1, so positions divide). */
  span: number;
}

export function buildTimeline(events: readonly RunEvent[]): Timeline {
  const started = events.find((event) => event.type === RUN_STARTED && event.timestamp !== null)?.timestamp;
  const start = started ?? events.find((event) => event.timestamp !== null)?.timestamp ?? 0;
  let previous = 0;
  const entries = events.map((event): TimelineEntry => {
    // a frame without a time happened with the event before it
    const at = event.timestamp === null ? previous : Math.max(0, event.timestamp - start);
    previous = at;
    const tone = toneOf(event);
    return {
      key: event.key,
      seq: event.seq,
      type: event.type,
      lane: laneOf(event),
      at,
      summary: summaryOf(event),
      ...(tone ? { tone } : {}),
    };
  });
  return { entries, span: Math.max(1, ...entries.map((entry) => entry.at)) };
}

export function laneOf(event: RunEvent): Lane {
  if (event.type === SNAPSHOT) {
    const messages = Array.isArray(event.event.messages) ? (event.event.messages as Array<{ role?: unknown }>) : [];
    const role = messages[0]?.role;
    return role === "user" ? "user" : role === "assistant" ? "agent" : role === "tool" ? "tool" : "system";
  }
  const actor = stringField(event.event, "actor");
  if (actor === "user" || actor === "agent" || actor === "tool" || actor === "judge") return actor;
  return "system";
}

function toneOf(event: RunEvent): Tone | undefined {
  if (event.type === "injection") return "injection";
  if (DETECTOR_TYPES.has(event.type)) return "detector";
  if (event.type === "action_response" && stringField(event.event, "error")) return "fault";
  if (event.type === "assertion") return event.event.passed === false ? "fail" : "pass";
  if (event.type === "judgment") {
    const verdict = stringField(event.event, "verdict");
    return verdict === "fail" ? "fail" : verdict === "pass" ? "pass" : undefined;
  }
  if (event.type === RUN_FINISHED) {
    const outcome = stringField(event.event, "outcome");
    return outcome === "pass" ? "pass" : outcome === "fail" ? "fail" : outcome === "error" ? "fault" : undefined;
  }
  return undefined;
}

/** At most `length` characters of `text` on one line. */
export function excerpt(text: string, length = 90): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

export function summaryOf(event: RunEvent): string {
  const payload = event.event;
  const field = (name: string) => stringField(payload, name) ?? "";
  switch (event.type) {
    case RUN_STARTED: {
      const seed = numberField(payload, "seed");
      return seed === undefined ? "run started" : `run started, seed ${seed}`;
    }
    case RUN_FINISHED:
      return `run finished: ${field("outcome") || field("status") || "—"}`;
    case SNAPSHOT: {
      const count = Array.isArray(payload.messages) ? payload.messages.length : 0;
      return `${count} message${count === 1 ? "" : "s"} from #${numberField(payload, "messagesOffset") ?? 0}`;
    }
    case "turn_started":
      return `turn ${numberField(payload, "turn") ?? "?"} started`;
    case "user_input":
    case "agent_message": {
      const calls = Array.isArray(payload.toolCalls) ? (payload.toolCalls as Array<{ toolName?: unknown }>) : [];
      const text = excerpt(field("text"));
      const called = calls.length > 0 ? `calls ${calls.map((call) => String(call.toolName ?? "?")).join(", ")}` : "";
      return [text, called].filter(Boolean).join(" · ") || "(empty)";
    }
    case "system_event":
      return excerpt([field("event"), field("role"), field("text")].filter(Boolean).join(": ")) || "system event";
    case "action_request":
      return `${field("toolName")} called`;
    case "action_response":
      return field("error") ? `${field("toolName")} failed: ${excerpt(field("error"))}` : `${field("toolName")} answered`;
    case "judgment":
      return `verdict ${field("verdict")}: ${listLength(payload.metCriteria)} met, ${listLength(payload.unmetCriteria)} unmet`;
    case "injection":
      return excerpt(`${field("injection")} (${field("injectionType")}): ${field("reason")}`);
    case "assertion":
      return excerpt(`${payload.passed === false ? "failed" : "passed"}: ${field("description")}`);
    case "red_team_report": {
      const report = (payload.report ?? {}) as Record<string, unknown>;
      return `red-team report: ${String(report.outcome ?? "—")}`;
    }
    case "red_team_tap":
      return "red-team search (TAP) ended";
    default:
      if (DETECTOR_TYPES.has(event.type)) return excerpt(`${field("detector") || event.type}: ${field("reason")}`);
      return event.type;
  }
}

function listLength(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}
