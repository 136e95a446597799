/**
 * The review queue: one run at a time — its transcript, then each judged
 * criterion with Met / Unmet / Unsure buttons and a note — driven by the
 * keyboard (legend on screen, `REVIEW_KEYS`). Blind: the judge's verdicts are
 * not shown, so people label what they see rather than agree with the judge.
 * Enter saves the run's labels and moves on.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { type ApiClient, unwrap } from "../../api/client";
import { dateTime } from "../../components/format";
import {
  type DraftLabel,
  draftOf,
  type LabelVerdict,
  labelsBody,
  messageText,
  progressText,
  type QueueItem,
  REVIEW_KEYS,
  VERDICT_WORDS,
  withNote,
  withVerdict,
} from "./calibration-model";

const VERDICT_KEYS: Record<string, LabelVerdict> = { m: "met", u: "unmet", s: "unsure" };

/** Keys are for the queue unless the person is writing (a note) or pressing a button or link. */
function writing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

export function ReviewQueue(props: { client: ApiClient; items: QueueItem[]; remaining: number; onSaved: () => void }) {
  const { client, items, onSaved } = props;
  const [done, setDone] = useState<ReadonlySet<string>>(() => new Set());
  const [position, setPosition] = useState(0);
  const waiting = items.filter((item) => !done.has(item.runId));
  const item = waiting[Math.min(position, Math.max(0, waiting.length - 1))];
  const [draft, setDraft] = useState<DraftLabel[]>(() => (item ? draftOf(item) : []));
  const [selected, setSelected] = useState(0);
  const [status, setStatus] = useState("");
  const [saving, setSaving] = useState(false);
  const rows = useRef<Array<HTMLElement | null>>([]);
  const notes = useRef<Array<HTMLTextAreaElement | null>>([]);

  const runId = item?.runId;
  // a new run: a fresh draft from its criteria, the first criterion selected
  // biome-ignore lint/correctness/useExhaustiveDependencies: the run id names the item; a refetched copy of the same run keeps the draft
  useEffect(() => {
    setDraft(item ? draftOf(item) : []);
    setSelected(0);
  }, [runId]);

  const select = useCallback((index: number) => {
    setSelected(index);
    rows.current[index]?.focus();
  }, []);

  const save = useCallback(async () => {
    if (!item || saving) return;
    const labels = labelsBody(draft);
    if (!labels) {
      setStatus("Label at least one criterion (m, u or s) before saving.");
      return;
    }
    setSaving(true);
    try {
      unwrap(await client.PUT("/api/v1/runs/{runId}/labels", { params: { path: { runId: item.runId } }, body: { labels } }));
      const saved = Object.keys(labels).length;
      setStatus(`Saved ${saved} ${saved === 1 ? "label" : "labels"} of ${item.name ?? item.runId}.`);
      setDone((previous) => new Set([...previous, item.runId]));
      onSaved();
    } catch (error) {
      setStatus(`Not saved: ${(error as Error).message}`);
    } finally {
      setSaving(false);
    }
  }, [client, draft, item, onSaved, saving]);

  useEffect(() => {
    const listener = (event: KeyboardEvent) => {
      if (!item || event.metaKey || event.ctrlKey || event.altKey) return;
      if (writing(event.target)) {
        if (event.key === "Escape") rows.current[selected]?.focus();
        return;
      }
      const verdict = VERDICT_KEYS[event.key];
      if (verdict) {
        setDraft((current) => withVerdict(current, selected, verdict));
        if (selected < draft.length - 1) select(selected + 1);
      } else if (event.key === "j" || event.key === "ArrowDown") select(Math.min(draft.length - 1, selected + 1));
      else if (event.key === "k" || event.key === "ArrowUp") select(Math.max(0, selected - 1));
      else if (event.key === "n") notes.current[selected]?.focus();
      else if (event.key === "ArrowRight") setPosition((at) => Math.min(waiting.length - 1, at + 1));
      else if (event.key === "ArrowLeft") setPosition((at) => Math.max(0, at - 1));
      else if (event.key === "Enter" && !(event.target instanceof HTMLButtonElement || event.target instanceof HTMLAnchorElement))
        void save();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", listener);
    return () => window.removeEventListener("keydown", listener);
  }, [item, selected, draft.length, select, save, waiting.length]);

  if (!item)
    return (
      <p role="status" data-testid="queue-empty">
        {status ? `${status} ` : ""}Nothing left to label: every judged run has your labels.
      </p>
    );
  return (
    <div className="review" data-run={item.runId}>
      <p className="review-position">
        Run {Math.min(position, waiting.length - 1) + 1} of {waiting.length} loaded ({props.remaining} waiting in all) ·{" "}
        <strong>{item.name ?? item.scenarioId}</strong> <span className="muted">{dateTime(item.startedAt)}</span>
      </p>
      <div className="review-columns">
        <section aria-labelledby="transcript-heading" className="review-transcript">
          <h3 id="transcript-heading">Transcript</h3>
          {item.description ? <p className="muted">{item.description}</p> : null}
          <ol className="review-messages">
            {item.messages.map((message) => (
              <li key={message.id} data-role={message.role}>
                <span className="review-role">{message.role}</span>
                <span className="review-text">{messageText(message)}</span>
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="criteria-heading" className="review-criteria">
          <h3 id="criteria-heading">Criteria</h3>
          <p className="muted" data-testid="review-progress">
            {progressText(draft)}. The judge's verdicts are hidden while you label.
          </p>
          <ol>
            {draft.map((label, index) => (
              <li
                key={label.criterion}
                ref={(element) => {
                  rows.current[index] = element;
                }}
                tabIndex={-1}
                className="review-criterion"
                aria-current={index === selected ? "true" : undefined}
                data-criterion={label.criterion}
                onFocus={() => setSelected(index)}
              >
                <p id={`criterion-${index}`} className="review-criterion-text">
                  {label.criterion}
                </p>
                <fieldset className="review-verdicts" aria-labelledby={`criterion-${index}`}>
                  {(["met", "unmet", "unsure"] as const).map((verdict) => (
                    <button
                      key={verdict}
                      type="button"
                      className="button"
                      aria-pressed={label.verdict === verdict}
                      data-verdict={verdict}
                      onClick={() => setDraft((current) => withVerdict(current, index, verdict))}
                    >
                      {VERDICT_WORDS[verdict]}
                    </button>
                  ))}
                </fieldset>
                <label className="review-note">
                  <span>Note</span>
                  <textarea
                    ref={(element) => {
                      notes.current[index] = element;
                    }}
                    rows={1}
                    value={label.note}
                    onChange={(event) => setDraft((current) => withNote(current, index, event.target.value))}
                  />
                </label>
              </li>
            ))}
          </ol>
          <button type="button" className="button primary" onClick={() => void save()} disabled={saving}>
            Save and next (Enter)
          </button>
          <p role="status" aria-live="polite" data-testid="review-status">
            {status}
          </p>
        </section>
      </div>
      <section aria-labelledby="keys-heading" className="review-keys">
        <h3 id="keys-heading">Keys</h3>
        <dl>
          {REVIEW_KEYS.map(([keys, what]) => (
            <div key={keys}>
              <dt>
                <kbd>{keys}</kbd>
              </dt>
              <dd>{what}</dd>
            </div>
          ))}
        </dl>
      </section>
    </div>
  );
}
