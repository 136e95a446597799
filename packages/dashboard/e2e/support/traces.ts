/**
 * Spans sent to the server the way an OpenTelemetry exporter sends them:
 * OTLP/HTTP JSON (`POST /api/otel/v1/traces`, camelCase fields, hex ids,
 * nanosecond times as strings, enums as numbers) with the ingest key. A
 * test describes spans by name, parent and milliseconds from the trace's
 * start; `sendTrace` groups them by service and scope as an exporter would.
 */
import { randomBytes } from "node:crypto";
import type { ReportTarget } from "./seed.js";

export type AttributeValue = string | number | boolean | string[];

export interface SpanPlan {
  /** A name in the plan; the span id is made from nothing else. */
  id: string;
  parent?: string;
  name: string;
  /** Milliseconds from the trace's start, and how long the span lasts. */
  at: number;
  duration: number;
  service?: string;
  scope?: string;
  kind?: "internal" | "server" | "client";
  error?: string;
  attributes?: Record<string, AttributeValue>;
  events?: Array<{ name: string; at: number; attributes?: Record<string, AttributeValue> }>;
}

/** A sent trace: its id and the hex span id of each planned span. */
export interface SentTrace {
  traceId: string;
  spanIds: Record<string, string>;
}

const KINDS = { internal: 1, server: 2, client: 3 } as const;

function otlpValue(value: AttributeValue): Record<string, unknown> {
  if (Array.isArray(value)) return { arrayValue: { values: value.map((item) => ({ stringValue: item })) } };
  if (typeof value === "boolean") return { boolValue: value };
  if (typeof value === "number") return Number.isInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  return { stringValue: value };
}

function otlpAttributes(attributes: Record<string, AttributeValue> = {}) {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: otlpValue(value) }));
}

/** Sends `spans` as one trace starting at `start` (epoch ms); resolves when the server accepted them. */
export async function sendTrace(
  target: ReportTarget,
  spans: readonly SpanPlan[],
  start = Date.now() - 60_000,
): Promise<SentTrace> {
  const traceId = randomBytes(16).toString("hex");
  const spanIds = Object.fromEntries(spans.map((span) => [span.id, randomBytes(8).toString("hex")]));
  const nanos = (milliseconds: number) => (BigInt(Math.round((start + milliseconds) * 1000)) * 1000n).toString();
  const groups = new Map<string, SpanPlan[]>();
  for (const span of spans) {
    const key = JSON.stringify([span.service ?? "rehearse", span.scope ?? "@rehearse/core"]);
    groups.set(key, [...(groups.get(key) ?? []), span]);
  }
  const resourceSpans = [...groups].map(([key, members]) => {
    const [service, scope] = JSON.parse(key) as [string, string];
    return {
      resource: { attributes: otlpAttributes({ "service.name": service }) },
      scopeSpans: [
        {
          scope: { name: scope, version: "1.0.0" },
          spans: members.map((span) => ({
            traceId,
            spanId: spanIds[span.id],
            ...(span.parent ? { parentSpanId: spanIds[span.parent] } : {}),
            name: span.name,
            kind: KINDS[span.kind ?? "internal"],
            startTimeUnixNano: nanos(span.at),
            endTimeUnixNano: nanos(span.at + span.duration),
            attributes: otlpAttributes(span.attributes),
            events: (span.events ?? []).map((event) => ({
              name: event.name,
              timeUnixNano: nanos(event.at),
              attributes: otlpAttributes(event.attributes),
            })),
            status: span.error ? { code: 2, message: span.error } : { code: 0 },
          })),
        },
      ],
    };
  });
  const response = await fetch(`${target.endpoint}/api/otel/v1/traces`, {
    method: "POST",
    headers: { authorization: `Bearer ${target.apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ resourceSpans }),
  });
  if (!response.ok) throw new Error(`POST /api/otel/v1/traces answered ${response.status}: ${await response.text()}`);
  return { traceId, spanIds };
}
