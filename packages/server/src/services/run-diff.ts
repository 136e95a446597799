/**
 * The diff of two runs (platform research §3.5): outcome change, criterion
 * transitions (met→unmet is a regression), the transcript aligned by message
 * index with a word diff per changed message (jsdiff, not a hand-written
 * LCS), the tool-call sequence diff on name + canonical JSON arguments,
 * event-count and metric deltas, and where the transcripts first diverge
 * (`null` when they are equal, as for a deterministic replay). Message ids
 * are ignored: two runs never share them. The response is bounded: at most
 * `MAX_DIFF_MESSAGES` aligned messages and `CHANGE_BUDGET` characters of word
 * changes; past either, `transcript.truncated` is true. Runs of behavioral
 * graphs add a `graphs` section (graph-run-diff.ts), bounded likewise.
 */
import { diffArrays, diffWords } from "diff";
import type { Database } from "../store/database.js";
import { type DiffMessageRow, diffMessages, eventTypeCounts, MAX_DIFF_MESSAGES } from "../store/diff-queries.js";
import { findRun, type RunRow, runCriteria } from "../store/run-queries.js";
import { canonicalJson } from "./compat-event.js";
import { compareGraphRuns, type GraphEvents, readGraphEvents } from "./graph-run-diff.js";
import type { RunView } from "./read-redaction.js";
import type { TenantScope } from "./tenant-scope.js";

/** Characters of word-diff values one run diff may carry (keeps the response well under 1 MB). */
export const CHANGE_BUDGET = 400_000;
/** A message longer than this is compared on its first this-many characters. */
const MAX_MESSAGE_CHARS = 50_000;
/** Edit distance past which a message is shown as replaced rather than word-diffed (bounds CPU). */
const MAX_EDIT_LENGTH = 2_000;
/** Tool calls per run the sequence diff compares. */
const MAX_TOOL_CALLS = 1_000;

/** What a run diff reads of one run. */
export interface DiffableRun {
  row: RunRow;
  criteria: Array<{ criterion: string; verdict: string }>;
  messages: DiffMessageRow[];
  eventCounts: Map<string, number>;
  /** Its graph events in seq order (none for a run of no graph). */
  graphEvents: GraphEvents;
}

/** One word-diff segment. */
export interface Change {
  value: string;
  added: boolean;
  removed: boolean;
}

interface ToolCall {
  name: string;
  arguments: string;
}

type CriterionTransition = "regressed" | "fixed" | "added" | "removed" | "unchanged";

const delta = (base: number | null, head: number | null) => ({
  base,
  head,
  delta: base === null || head === null ? null : Math.round((head - base) * 1e6) / 1e6,
});
const numeric = (value: number | string | null) => (value === null ? null : Number(value));
const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/** The message's text for comparison: its content, then one line per tool call. */
function messageText(message: DiffMessageRow): string {
  const content = message.content.content;
  const text = typeof content === "string" ? content : content === undefined || content === null ? "" : canonicalJson(content);
  const calls = toolCallsOf([message]).map((call) => `\n[tool call] ${call.name} ${call.arguments}`);
  return (text + calls.join("")).slice(0, MAX_MESSAGE_CHARS);
}

function toolCallsOf(messages: readonly DiffMessageRow[]): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const message of messages) {
    const listed = message.content.toolCalls;
    if (!Array.isArray(listed)) continue;
    for (const call of listed as Array<{ function?: { name?: unknown; arguments?: unknown } }>) {
      const name = typeof call.function?.name === "string" ? call.function.name : "unknown";
      const raw = typeof call.function?.arguments === "string" ? call.function.arguments : "";
      let args = raw;
      try {
        args = canonicalJson(JSON.parse(raw));
      } catch {
        // not JSON: compared as sent
      }
      calls.push({ name, arguments: args });
    }
  }
  return calls;
}

/** Turn of each message: a user message after the first opens a new turn. */
function turnsOf(messages: readonly DiffMessageRow[]): number[] {
  let users = 0;
  return messages.map((message) => {
    if (message.role === "user") users += 1;
    return Math.max(0, users - 1);
  });
}

function wordChanges(base: string, head: string): Change[] {
  const changes = diffWords(base, head, { maxEditLength: MAX_EDIT_LENGTH });
  if (!changes) {
    return [
      { value: base, added: false, removed: true },
      { value: head, added: true, removed: false },
    ];
  }
  return changes.map((change) => ({ value: change.value, added: change.added, removed: change.removed }));
}

function compareTranscripts(base: readonly DiffMessageRow[], head: readonly DiffMessageRow[]) {
  const baseTurns = turnsOf(base);
  const headTurns = turnsOf(head);
  const length = Math.min(Math.max(base.length, head.length), MAX_DIFF_MESSAGES);
  let budget = CHANGE_BUDGET;
  let truncated = base.length > MAX_DIFF_MESSAGES || head.length > MAX_DIFF_MESSAGES;
  let firstDivergence: { messageIndex: number; turn: number } | null = null;
  const messages = [];
  for (let index = 0; index < length; index++) {
    const left = base[index];
    const right = head[index];
    const leftText = left ? messageText(left) : "";
    const rightText = right ? messageText(right) : "";
    const status = !left
      ? "added"
      : !right
        ? "removed"
        : left.role === right.role && leftText === rightText
          ? "equal"
          : "changed";
    const turn = headTurns[index] ?? baseTurns[index] ?? 0;
    if (status !== "equal" && firstDivergence === null) firstDivergence = { messageIndex: index, turn };
    let changes: Change[] | null = null;
    if (status !== "equal") {
      const cost = leftText.length + rightText.length;
      if (cost <= budget) {
        budget -= cost;
        changes =
          status === "added"
            ? [{ value: rightText, added: true, removed: false }]
            : status === "removed"
              ? [{ value: leftText, added: false, removed: true }]
              : wordChanges(leftText, rightText);
      } else {
        truncated = true;
      }
    }
    messages.push({
      index,
      turn,
      status,
      baseRole: left?.role ?? null,
      headRole: right?.role ?? null,
      changes,
    });
  }
  return {
    transcript: { baseCount: base.length, headCount: head.length, truncated, messages },
    firstDivergence,
  };
}

function compareToolCalls(base: readonly DiffMessageRow[], head: readonly DiffMessageRow[]) {
  const left = toolCallsOf(base).slice(0, MAX_TOOL_CALLS);
  const right = toolCallsOf(head).slice(0, MAX_TOOL_CALLS);
  const changes = diffArrays(left, right, {
    comparator: (one, other) => one.name === other.name && one.arguments === other.arguments,
  });
  return {
    equal: changes.every((change) => !change.added && !change.removed),
    baseCount: left.length,
    headCount: right.length,
    changes: changes.map((change) => ({
      op: change.added ? ("added" as const) : change.removed ? ("removed" as const) : ("equal" as const),
      calls: change.value,
    })),
  };
}

function compareCriteria(base: DiffableRun["criteria"], head: DiffableRun["criteria"]) {
  const before = new Map(base.map((row) => [row.criterion, row.verdict]));
  const after = new Map(head.map((row) => [row.criterion, row.verdict]));
  const names = [...new Set([...before.keys(), ...after.keys()])].sort();
  const order: Record<CriterionTransition, number> = { regressed: 0, fixed: 1, added: 2, removed: 3, unchanged: 4 };
  return names
    .map((criterion) => {
      const left = before.get(criterion) ?? null;
      const right = after.get(criterion) ?? null;
      const transition: CriterionTransition =
        left === null
          ? "added"
          : right === null
            ? "removed"
            : left === right
              ? "unchanged"
              : right === "unmet"
                ? "regressed"
                : "fixed";
      return { criterion, base: left, head: right, transition };
    })
    .sort((one, other) => order[one.transition] - order[other.transition]);
}

/** pass → anything settled but pass is a regression; settled non-pass → pass is fixed. */
export function outcomeChange(base: string | null, head: string | null): "regressed" | "fixed" | "unchanged" | "changed" {
  if (base === head) return "unchanged";
  const settled = (status: string | null) => status === "pass" || status === "fail" || status === "error";
  if (base === "pass" && settled(head)) return "regressed";
  if (head === "pass" && settled(base)) return "fixed";
  return "changed";
}

function reference(row: RunRow) {
  return {
    runId: row.id,
    batchId: row.batch_id,
    scenarioId: row.scenario_id,
    name: row.name,
    status: row.status,
    verdict: row.verdict,
    startedAt: iso(row.started_at) as string,
  };
}

/** The diff of `head` against `base` (pure). */
export function compareRuns(base: DiffableRun, head: DiffableRun) {
  const { transcript, firstDivergence } = compareTranscripts(base.messages, head.messages);
  const types = [...new Set([...base.eventCounts.keys(), ...head.eventCounts.keys()])].sort();
  const graphs = compareGraphRuns(base.graphEvents, head.graphEvents);
  return {
    base: reference(base.row),
    head: reference(head.row),
    outcome: outcomeChange(base.row.status, head.row.status),
    status: { base: base.row.status, head: head.row.status, changed: base.row.status !== head.row.status },
    verdict: { base: base.row.verdict, head: head.row.verdict, changed: base.row.verdict !== head.row.verdict },
    criteria: compareCriteria(base.criteria, head.criteria),
    transcript,
    toolCalls: compareToolCalls(base.messages, head.messages),
    events: types.map((type) => {
      const counts = delta(base.eventCounts.get(type) ?? 0, head.eventCounts.get(type) ?? 0);
      return { type, base: counts.base as number, head: counts.head as number, delta: counts.delta as number };
    }),
    metrics: {
      turns: delta(base.row.turns, head.row.turns),
      messageCount: delta(base.row.message_count, head.row.message_count),
      durationMs: delta(base.row.duration_ms, head.row.duration_ms),
      inputTokens: delta(numeric(base.row.input_tokens), numeric(head.row.input_tokens)),
      outputTokens: delta(numeric(base.row.output_tokens), numeric(head.row.output_tokens)),
      costUsd: delta(numeric(base.row.cost_usd), numeric(head.row.cost_usd)),
    },
    firstDivergence,
    ...(graphs ? { graphs } : {}),
  };
}

/** A run diff as the API returns it. */
export type RunDiff = ReturnType<typeof compareRuns>;

/** `run` as the caller may see it: messages and the run's texts redacted for a redacted view. */
function shownTo(view: RunView, run: DiffableRun): DiffableRun {
  if (!view.redacted) return run;
  const { reasoning, error, messages } = view.show(run.row.id, {
    reasoning: run.row.reasoning,
    error: run.row.error,
    messages: run.messages,
  });
  // node inputs and outputs are transcript too
  const events = run.graphEvents.events.map((event) => ({ type: event.type, payload: view.show(run.row.id, event.payload) }));
  return { ...run, row: { ...run.row, reasoning, error }, messages, graphEvents: { ...run.graphEvents, events } };
}

async function load(database: Database, tenantId: string, runId: string): Promise<DiffableRun | undefined> {
  return database.forTenant(tenantId, async (executor) => {
    const row = await findRun(executor, tenantId, runId);
    if (!row) return undefined;
    // one transaction is one connection: its queries run one after the other
    const criteria = await runCriteria(executor, tenantId, runId);
    const messages = await diffMessages(executor, tenantId, runId);
    const eventCounts = await eventTypeCounts(executor, tenantId, runId);
    return { row, criteria, messages, eventCounts, graphEvents: await readGraphEvents(executor, tenantId, runId, eventCounts) };
  });
}

/** The diff of two of the tenant's runs, or the id that does not exist (for it). */
export async function runDiff(
  database: Database,
  scope: TenantScope,
  baseId: string,
  headId: string,
  view: RunView,
): Promise<{ diff: RunDiff } | { missing: string }> {
  const base = await load(database, scope.tenantId, baseId);
  if (!base) return { missing: baseId };
  const head = await load(database, scope.tenantId, headId);
  if (!head) return { missing: headId };
  return { diff: compareRuns(shownTo(view, base), shownTo(view, head)) };
}
