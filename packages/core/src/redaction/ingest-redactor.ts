import { replacePiiEvidence } from "./pii-evidence.js";
import { maskPii, PII_KINDS, type PiiKind } from "./pii-patterns.js";
import { PLACEHOLDER_LABELS } from "./redaction-kinds.js";
import { compileRedactionRules, type RedactionOptions, type RedactionRules } from "./redaction-rules.js";
import { PlaceholderRedactor, setField } from "./redactor.js";

/** Options of `createIngestRedactor`: what to replace, and how many runs to remember at once. */
export interface IngestRedactionOptions extends RedactionOptions {
  /** Runs whose placeholders are kept at once (default 10 000); past it the least recently active run's are dropped. */
  maxRuns?: number;
  /** Told when a run's placeholders were dropped to stay under `maxRuns` (its later values are numbered afresh). */
  onRunDropped?: (scenarioRunId: string) => void;
}

/**
 * Redacts ingest events (the HTTP reporter's wire form, `ingestEventSchema`)
 * with one `Redactor` per run, so a value keeps its placeholder across the
 * run's messages and events. A run is forgotten after its
 * `SCENARIO_RUN_FINISHED`.
 */
export interface IngestRedactor {
  /** A redacted copy of one event (a parsed JSON object); the input is not modified. */
  redactEvent(event: Record<string, unknown>): Record<string, unknown>;
  /** Runs whose placeholders are held now. */
  readonly openRuns: number;
}

/**
 * Fields that identify or order an event, left as they are: ids are not
 * personal data, and the outbox and the server read `eventId` and `seq`.
 */
const KEPT = new Set([
  "eventId",
  "seq",
  "schemaVersion",
  "sdk",
  "attempt",
  "type",
  "timestamp",
  "turn",
  "actor",
  "batchRunId",
  "scenarioId",
  "scenarioRunId",
  "scenarioSetId",
  "threadId",
  "messageId",
  "messagesOffset",
]);

/** A personal-data value of a message, as the `pii_leak` detector showed it and as redaction replaced it. */
interface MessagePii {
  kind: PiiKind;
  masked: string;
  placeholder: string;
}

interface RunRedaction {
  redactor: PlaceholderRedactor;
  /** By message id: the personal data replaced in the agent's replies, for the `pii_leak` events that name them. */
  messages: Map<string, MessagePii[]>;
}

const piiKinds: ReadonlySet<string> = new Set(PII_KINDS);

/**
 * An `IngestRedactor`. Every string of every event is redacted (messages,
 * tool calls and results, metadata, judgments, errors) except the
 * identifiers; fields named as secrets are replaced whole. A `pii_leak`
 * event's evidence, which the detector wrote with masked values
 * (`j***@example.com`), gets the placeholders the redacted reply shows
 * instead (`email: [EMAIL_1]`) and a `placeholders` list, so the server
 * learns the detector, the message and the placeholder, never the value.
 *
 * @example
 * ```ts
 * const redaction = createIngestRedactor({ allow: ["support@shop.example"] });
 * const safe = events.map((event) => redaction.redactEvent(event));
 * ```
 */
export function createIngestRedactor(options: IngestRedactionOptions = {}): IngestRedactor {
  const rules = compileRedactionRules(options);
  const maxRuns = options.maxRuns ?? 10_000;
  const runs = new Map<string, RunRedaction>();

  const runOf = (id: string): RunRedaction => {
    let run = runs.get(id);
    if (run) {
      // most recently active last: the first entry is the one to drop
      runs.delete(id);
    } else {
      run = { redactor: new PlaceholderRedactor(rules), messages: new Map() };
      if (runs.size >= maxRuns) {
        const oldest = runs.keys().next().value as string;
        runs.delete(oldest);
        options.onRunDropped?.(oldest);
      }
    }
    runs.set(id, run);
    return run;
  };

  return {
    redactEvent(event) {
      const id = typeof event.scenarioRunId === "string" ? event.scenarioRunId : "";
      const run = runOf(id);
      const redacted = redactFields(event, run, rules);
      if (event.type === "SCENARIO_RUN_FINISHED") runs.delete(id);
      return redacted;
    },
    get openRuns() {
      return runs.size;
    },
  };
}

function redactFields(event: Record<string, unknown>, run: RunRedaction, rules: RedactionRules): Record<string, unknown> {
  const redacted: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => setField(redacted, key, value);
  for (const [key, value] of Object.entries(event)) {
    if (KEPT.has(key)) set(key, value);
    else if (key === "text" && event.type === "agent_message" && typeof value === "string")
      set(key, redactReply(value, event.messageId, run));
    else if (key === "evidence" && event.type === "pii_leak" && typeof value === "string") {
      const { evidence, placeholders } = replacePiiEvidence(value, (kind, masked) =>
        placeholderOfMasked(run, event.messageId, kind, masked, rules),
      );
      set(key, run.redactor.redactText(evidence).text);
      set("placeholders", placeholders);
    } else set(key, run.redactor.redactField(value, run.redactor.isSecretKey(key)));
  }
  return redacted;
}

/** The agent's reply redacted, remembering its personal data for a later `pii_leak` event about it. */
function redactReply(text: string, messageId: unknown, run: RunRedaction): string {
  const { text: redacted, findings } = run.redactor.redactText(text);
  const pii: MessagePii[] = [];
  for (const finding of findings) {
    if (!piiKinds.has(finding.kind)) continue;
    const kind = finding.kind as PiiKind;
    pii.push({ kind, masked: maskPii(kind, text.slice(finding.start, finding.end)), placeholder: finding.placeholder });
  }
  if (pii.length > 0 && typeof messageId === "string") run.messages.set(messageId, pii);
  return redacted;
}

/**
 * The placeholder of the value the detector masked as `masked` in message
 * `messageId`; `[KIND]` without a number when it cannot be told (the reply
 * was not seen); `undefined` (keep it) when the kind is not redacted.
 */
function placeholderOfMasked(
  run: RunRedaction,
  messageId: unknown,
  kind: PiiKind,
  masked: string,
  rules: RedactionRules,
): string | undefined {
  if (!rules.kinds.has(kind)) return undefined;
  const known = typeof messageId === "string" ? run.messages.get(messageId) : undefined;
  const found = known?.find((pii) => pii.kind === kind && pii.masked === masked);
  return found?.placeholder ?? `[${PLACEHOLDER_LABELS[kind]}]`;
}
