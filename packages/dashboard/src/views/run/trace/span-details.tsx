/**
 * The selected span: its name and status (a failure says so, with its
 * message), for a GenAI span what it did first (operation, model, provider,
 * tokens, why it stopped, agent or tool), then its timing and identity, all
 * its attributes (`gen_ai.*` first; long values fold) and its events with
 * their times from the span's start.
 */
import type { ReactNode } from "react";
import { count } from "../../../components/format";
import { type GenAiSummary, genAiSummary, modelText, tokensText } from "./gen-ai";
import { attributeText, offsetText, sortedAttributes, spanDuration } from "./trace-format";
import type { SpanRow, TraceLayout } from "./trace-model";

/** Values longer than this (or on several lines) fold behind their first characters. */
const FOLD_AT = 160;

export function SpanDetails(props: { row: SpanRow; layout: TraceLayout }) {
  const { row } = props;
  const { span } = row;
  const genAi = genAiSummary(span.attributes);
  const parent = row.parentKey ? props.layout.byKey.get(row.parentKey) : undefined;
  const spanStart = Date.parse(span.startTime);
  return (
    <div className="span-details" data-span-id={span.spanId} data-status={span.status}>
      <h4 className="span-details-title">
        <code>{span.name}</code>
        {span.status === "error" ? <span className="span-error">error</span> : null}
        {span.status === "ok" ? <span className="muted"> ok</span> : null}
      </h4>
      {span.status === "error" && span.statusMessage ? <p className="span-status-message">{span.statusMessage}</p> : null}
      {genAi ? <GenAiFacts summary={genAi} /> : null}
      <dl className="facts span-facts">
        <Fact name="Duration">{spanDuration(span.durationMs)}</Fact>
        <Fact name="Starts">{offsetText(row.startOffsetMs)} into the trace</Fact>
        <Fact name="Kind">{span.kind}</Fact>
        <Fact name="Service">{span.service ?? "—"}</Fact>
        <Fact name="Scope">{span.scope ?? "—"}</Fact>
        <Fact name="Parent">{parent ? parent.span.name : row.orphan ? "not received" : "none (a root)"}</Fact>
        <Fact name="Span id">
          <code>{span.spanId}</code>
        </Fact>
        <Fact name="Trace id">
          <code>{span.traceId}</code>
        </Fact>
      </dl>
      <h5>Attributes ({count(Object.keys(span.attributes).length)})</h5>
      <Attributes attributes={span.attributes} label={`Attributes of ${span.name}`} />
      <h5>Events ({count(span.events.length)})</h5>
      {span.events.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ol className="span-events">
          {span.events.map((event, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the events of one received span, in order (two may share a name and time)
            <li key={`${event.time}-${event.name}-${index}`} className="span-event" data-event={event.name}>
              <p className="span-event-head">
                <code>{event.name}</code>{" "}
                <span className="muted">{offsetText(Math.max(0, Date.parse(event.time) - spanStart))}</span>
              </p>
              {Object.keys(event.attributes).length > 0 ? (
                <Attributes attributes={event.attributes} label={`Attributes of the event ${event.name}`} />
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

function GenAiFacts(props: { summary: GenAiSummary }) {
  const { summary } = props;
  const model = modelText(summary);
  const tokens = tokensText(summary);
  return (
    <dl className="facts gen-ai-facts">
      {summary.operation ? <Fact name="Operation">{summary.operation}</Fact> : null}
      {model ? (
        <Fact name="Model" field="model">
          {model}
        </Fact>
      ) : null}
      {summary.provider ? <Fact name="Provider">{summary.provider}</Fact> : null}
      {tokens ? (
        <Fact name="Tokens" field="tokens">
          {tokens}
        </Fact>
      ) : null}
      {summary.finishReasons ? <Fact name="Finish">{summary.finishReasons.join(", ")}</Fact> : null}
      {summary.agentName ? (
        <Fact name="Agent">
          {summary.agentName}
          {summary.role && summary.role !== summary.agentName ? ` (${summary.role})` : ""}
        </Fact>
      ) : null}
      {summary.toolName ? (
        <Fact name="Tool">
          {summary.toolName}
          {summary.toolCallId ? <code className="muted"> {summary.toolCallId}</code> : null}
        </Fact>
      ) : null}
    </dl>
  );
}

function Fact(props: { name: string; field?: string; children: ReactNode }) {
  return (
    <div data-fact={props.field}>
      <dt>{props.name}</dt>
      <dd>{props.children}</dd>
    </div>
  );
}

function Attributes(props: { attributes: Readonly<Record<string, unknown>>; label: string }) {
  const entries = sortedAttributes(props.attributes);
  if (entries.length === 0) return <p className="muted">None.</p>;
  return (
    <table className="data-table span-attributes">
      <caption className="visually-hidden">{props.label}</caption>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key} data-attribute={key}>
            <th scope="row">
              <code>{key}</code>
            </th>
            <td>
              <AttributeValue value={value} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function AttributeValue(props: { value: unknown }) {
  const text = attributeText(props.value);
  if (text.length <= FOLD_AT && !text.includes("\n")) return <span className="span-value">{text}</span>;
  return (
    <details className="span-value-long">
      <summary>{text.replace(/\s+/g, " ").slice(0, 80)}…</summary>
      <pre className="span-value">{text}</pre>
    </details>
  );
}
