/**
 * An event shown in the conversation where it happened: an injection (name,
 * type, why it fired, what it did), a system event, a judge's checkpoint, an
 * assertion, a tool call the harness made, a detector finding, the red-team
 * report. `data-event` names the type; the words say it too.
 */
import type { ReactNode } from "react";
import { RedactedText } from "./redacted-text";
import { numberField, prettyJson, type RunEvent, stringField, textOf } from "./run-data";
import type { DetectorFlag } from "./run-model";
import { DETECTOR_TYPES } from "./run-model";

export const FLAG_LABELS: Record<string, string> = {
  pii_leak: "Personal data leak",
  system_prompt_leak: "System prompt leak",
  policy_violation: "Policy violation",
};

export function EventItem(props: { event: RunEvent; highlighted?: true }) {
  const { event } = props;
  const payload = event.event;
  const field = (name: string) => stringField(payload, name) ?? "";
  let title: ReactNode;
  let body: ReactNode = null;
  let tone: string | undefined;
  switch (event.type) {
    case "injection": {
      tone = "injection";
      title = (
        <>
          <span className="event-kind">Injection</span> <strong>{field("injection")}</strong>{" "}
          <span className="muted">({field("injectionType")})</span>
        </>
      );
      body = (
        <>
          {field("reason") ? <p>Fired: {field("reason")}</p> : null}
          {payload.outcome !== undefined ? <Json value={payload.outcome} /> : null}
        </>
      );
      break;
    }
    case "system_event":
      title = (
        <>
          <span className="event-kind">System event</span> {field("event") ? <strong>{field("event")}</strong> : null}
        </>
      );
      body = (
        <>
          {field("text") ? (
            <p className="event-text">
              <RedactedText text={field("text")} />
            </p>
          ) : null}
          {payload.data !== undefined ? <Json value={payload.data} /> : null}
        </>
      );
      break;
    case "judgment": {
      const verdict = field("verdict");
      tone = verdict === "fail" ? "fail" : verdict === "pass" ? "pass" : undefined;
      title = (
        <>
          <span className="event-kind">Judge</span> verdict <strong>{verdict || "—"}</strong>
          <span className="muted">
            {" "}
            ({count(payload.metCriteria)} met, {count(payload.unmetCriteria)} unmet)
          </span>
        </>
      );
      body = field("reasoning") ? (
        <details>
          <summary>Reasoning</summary>
          <p className="event-text">{field("reasoning")}</p>
        </details>
      ) : null;
      break;
    }
    case "assertion": {
      const passed = payload.passed !== false;
      tone = passed ? "pass" : "fail";
      title = (
        <>
          <span className="event-kind">Check</span> <strong>{passed ? "passed" : "failed"}</strong>: {field("description")}
        </>
      );
      break;
    }
    case "action_request":
    case "action_response":
      tone = field("error") ? "fault" : undefined;
      title = (
        <>
          <span className="event-kind">{event.type === "action_request" ? "Tool called" : "Tool answered"}</span>{" "}
          <code>{field("toolName")}</code>
          {field("error") ? <strong> failed</strong> : null}
        </>
      );
      body = (
        <>
          {field("error") ? (
            <p className="tool-error">
              <RedactedText text={field("error")} />
            </p>
          ) : null}
          {payload.input !== undefined ? <Json value={payload.input} /> : null}
          {payload.output !== undefined ? <Json value={payload.output} /> : null}
        </>
      );
      break;
    case "red_team_report":
    case "red_team_tap": {
      const report = (payload.report ?? {}) as Record<string, unknown>;
      title = (
        <>
          <span className="event-kind">Red team</span>{" "}
          {event.type === "red_team_tap" ? "search ended" : `report: ${String(report.outcome ?? "—")}`}
        </>
      );
      body = <p className="muted">Details in the Red team tab.</p>;
      break;
    }
    default:
      if (DETECTOR_TYPES.has(event.type)) {
        tone = "detector";
        title = (
          <Flags
            flags={[{ type: event.type, detector: field("detector"), reason: field("reason"), evidence: field("evidence") }]}
          />
        );
        break;
      }
      title = <span className="event-kind">{event.type}</span>;
  }
  const turn = numberField(payload, "turn");
  return (
    <li className="event-item" data-event={event.type} data-tone={tone} data-seq={event.seq} data-highlighted={props.highlighted}>
      <div className="event-title">
        {title}
        {turn === undefined ? null : <span className="muted event-turn"> · turn {turn}</span>}
      </div>
      {body ? <div className="event-body">{body}</div> : null}
    </li>
  );
}

export function Flags(props: { flags: readonly DetectorFlag[] }) {
  return (
    <ul className="flags" aria-label="Detector findings">
      {props.flags.map((flag) => (
        <li key={`${flag.type}-${flag.detector}-${flag.reason}`} className="flag" data-flag={flag.type}>
          <strong>{FLAG_LABELS[flag.type] ?? flag.type}</strong> <span className="muted">({flag.detector})</span>
          {flag.reason ? <>: {flag.reason}</> : null}
          {flag.evidence ? (
            <>
              {" "}
              · <RedactedText text={flag.evidence} />
            </>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function Json(props: { value: unknown }) {
  return (
    <pre className="code-block">
      <RedactedText text={prettyJson(textOf(props.value))} />
    </pre>
  );
}

function count(value: unknown): number {
  return Array.isArray(value) ? value.length : 0;
}
