/**
 * What a queued notification looks like on the wire, per channel kind:
 * a Slack Block Kit message (a header with the title, up to ten fields
 * made from the details, the link to the dashboard), or the generic
 * webhook's JSON in the Standard Webhooks payload shape
 * `{type, timestamp, data}`. Built at delivery time from the outbox
 * payload, so a message carries the server's public URL of that moment.
 */

/** What the outbox keeps for one message (no transcripts, no secrets). */
export interface OutboxPayload {
  title: string;
  /** Dashboard path, made absolute with the public URL. */
  path: string | null;
  details: Record<string, unknown>;
  /** The details' keys in the producer's order (JSONB keeps keys in an order of its own). */
  order?: string[];
  /** Free text shown under the title (a message sent through `/collab/slack/notify`). */
  text?: string;
  /** When the event happened (ISO-8601), the same on every retry. */
  occurredAt: string;
}

/** `path` made absolute under `publicUrl` (which may have a path of its own), or `null`. */
export function absoluteLink(publicUrl: string, path: string | null): string | null {
  if (!path || !publicUrl) return null;
  return `${publicUrl.replace(/\/+$/, "")}${path.startsWith("/") ? path : `/${path}`}`;
}

/** The generic webhook's body. */
export function webhookBody(trigger: string, payload: OutboxPayload, link: string | null): string {
  return JSON.stringify({
    type: trigger,
    timestamp: payload.occurredAt,
    data: {
      title: payload.title,
      url: link,
      path: payload.path,
      details: payload.details,
      ...(payload.text === undefined ? {} : { text: payload.text }),
    },
  });
}

const MAX_FIELDS = 10;
/** Count keys shown first, in this order. */
const OUTCOMES = ["total", "pass", "fail", "error", "skipped", "cancelled"];
const MAX_VALUE = 300;

/** Slack's mrkdwn control characters. */
const escapeMarkup = (text: string) => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** `passRate` → "Pass rate". */
const label = (key: string) => {
  const words = key.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/(Ms|Usd)$/, "");
  const text = words.trim().toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
};

/** A duration in ms as people read it: 850 ms, 12.3 s, 4 min 5 s, 2 h 3 min. */
export function readableDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function fieldValue(key: string, value: unknown): string | undefined {
  if (value === null || value === undefined) return key === "passRate" ? "n/a (nothing settled)" : undefined;
  if (typeof value === "number") {
    if (key === "passRate" || key.endsWith("Share")) return `${(value * 100).toFixed(1)} %`;
    if (key === "passRateChange") return `${value >= 0 ? "+" : "−"}${Math.abs(value * 100).toFixed(1)} points`;
    if (key.endsWith("Ms")) return readableDuration(value);
    if (key.endsWith("Usd")) return `$${value.toFixed(4)}`;
    return String(value);
  }
  if (typeof value === "string") return value || undefined;
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (Array.isArray(value)) {
    const shown = value.slice(0, 5).map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item)));
    return value.length === 0 ? undefined : shown.join(", ") + (value.length > 5 ? ` and ${value.length - 5} more` : "");
  }
  if (typeof value === "object") {
    // counts and the like: the non-zero entries, outcomes first, "46 pass · 3 fail"
    const rank = (name: string) => (OUTCOMES.includes(name) ? OUTCOMES.indexOf(name) : OUTCOMES.length);
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, count]) => typeof count !== "number" || count !== 0)
      .sort(([left], [right]) => rank(left) - rank(right) || (left < right ? -1 : 1));
    return entries.length === 0
      ? undefined
      : entries
          .map(([name, count]) => (typeof count === "number" ? `${count} ${name}` : `${name}: ${String(count)}`))
          .join(" · ");
  }
  return undefined;
}

/** The Slack message (Block Kit, with `text` as the notification's fallback). */
export function slackMessage(payload: OutboxPayload, link: string | null): string {
  const keys = [...new Set([...(payload.order ?? []), ...Object.keys(payload.details)])];
  const fields = keys
    .map((key) => [key, payload.details[key]] as const)
    .flatMap(([key, value]) => {
      const shown = fieldValue(key, value);
      return shown === undefined
        ? []
        : [{ type: "mrkdwn", text: `*${escapeMarkup(label(key))}*\n${escapeMarkup(shown.slice(0, MAX_VALUE))}` }];
    })
    .slice(0, MAX_FIELDS);
  const blocks: unknown[] = [{ type: "header", text: { type: "plain_text", text: payload.title.slice(0, 150), emoji: true } }];
  if (payload.text) blocks.push({ type: "section", text: { type: "mrkdwn", text: escapeMarkup(payload.text.slice(0, 3000)) } });
  if (fields.length > 0) blocks.push({ type: "section", fields });
  if (link) blocks.push({ type: "section", text: { type: "mrkdwn", text: `<${escapeMarkup(link)}|Open in Rehearse>` } });
  return JSON.stringify({ text: payload.title, blocks });
}
