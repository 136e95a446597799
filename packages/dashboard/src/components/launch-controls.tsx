/**
 * Pause, Resume and Stop for a launched batch or run (`POST
 * /api/v1/{batches|runs}/{id}/controls`). Stop asks first, in a dialog with
 * an optional reason (audited with the control). What the server accepted
 * is said in a polite live region (`data-desired-state` carries it); a
 * refusal (409 `not_controllable`, `already_settled`, 403) in an alert.
 * The state the API reports (`control`: null when the SDK reported it) is
 * said beside the buttons ("Paused", "Stopped", `data-control-state`), and
 * only the buttons that apply to it show (launch-control-model.ts: Pause
 * while active, Resume while paused, Stop until stopped, none once settled
 * or for a caller without `runs:launch`; the server refuses them anyway).
 * An accepted control moves the state at once; `onControlled` refetches
 * the target, whose report then wins. What the last control did stays said.
 */
import { type FormEvent, useId, useRef, useState } from "react";
import { ApiError, unwrap } from "../api/client";
import { useApi } from "../app/api-context";
import {
  type AcceptedControl,
  type ControlAction,
  type ControlOutcome,
  type ControlState,
  type ControlTargetType,
  controlView,
  currentControl,
  failureText,
  outcomeText,
  STATE_LABELS,
} from "./launch-control-model";
import "./launch-controls.css";

type Result =
  | { kind: "accepted"; outcome: ControlOutcome; text: string }
  | { kind: "refused"; code: string | undefined; text: string };

const BUTTON_TEXT: Record<Exclude<ControlAction, "stop">, string> = { pause: "Pause", resume: "Resume" };

/** The controls of one launched batch or run; `control` and `unsettled` as its detail reports them. */
export function LaunchControls(props: {
  type: ControlTargetType;
  id: string;
  control: ControlState | null;
  unsettled: boolean;
  permissions: readonly string[];
  onControlled: () => void;
}) {
  const { type, id } = props;
  const client = useApi();
  const [busy, setBusy] = useState<ControlAction | undefined>(undefined);
  const [result, setResult] = useState<Result | undefined>(undefined);
  const [accepted, setAccepted] = useState<AcceptedControl | undefined>(undefined);
  // once the reported state moves off the one the control was sent against, the report wins for good
  if (accepted && accepted.from !== props.control) setAccepted(undefined);
  const control = currentControl(props.control, accepted);
  const view = controlView({ control, unsettled: props.unsettled, permissions: props.permissions });
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  const send = async (action: ControlAction, reason?: string) => {
    if (busy) return;
    setBusy(action);
    setResult(undefined);
    const body = { action, ...(reason ? { reason } : {}) };
    try {
      const outcome = unwrap(
        type === "batch"
          ? await client.POST("/api/v1/batches/{batchId}/controls", { params: { path: { batchId: id } }, body })
          : await client.POST("/api/v1/runs/{runId}/controls", { params: { path: { runId: id } }, body }),
      );
      setResult({ kind: "accepted", outcome, text: outcomeText(type, outcome) });
      setAccepted({ from: props.control, to: outcome.desiredState });
      props.onControlled();
    } catch (error) {
      const failure =
        error instanceof ApiError
          ? { status: error.status, code: error.code, message: error.message }
          : { status: undefined, code: undefined, message: error instanceof Error ? error.message : String(error) };
      setResult({ kind: "refused", code: failure.code, text: failureText(action, type, failure) });
    } finally {
      setBusy(undefined);
    }
  };

  const confirmStop = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "").trim();
    event.currentTarget.reset();
    dialog.current?.close();
    void send("stop", reason || undefined);
  };

  const said = result?.kind === "accepted" ? result : undefined;
  if (view.actions.length === 0 && view.state === undefined && !result) return null;
  return (
    <div className="launch-controls" data-controls={type}>
      {view.state ? (
        <span className="badge control-state" data-control-state={view.state}>
          {STATE_LABELS[view.state]}
        </span>
      ) : null}
      {view.actions.length > 0 ? (
        // aria-disabled, not disabled, while a control is sent: a disabled button would drop the keyboard's focus
        <fieldset className="control-buttons">
          <legend className="visually-hidden">Control this {type}</legend>
          {view.actions.map((action) =>
            action === "stop" ? (
              <button
                key={action}
                type="button"
                className="danger"
                aria-haspopup="dialog"
                onClick={() => {
                  if (!busy) dialog.current?.showModal();
                }}
                aria-disabled={busy !== undefined}
              >
                Stop…
              </button>
            ) : (
              // one button for pause and resume, so focus stays on it when it turns from one to the other
              <button key="hold" type="button" onClick={() => void send(action)} aria-disabled={busy !== undefined}>
                {BUTTON_TEXT[action]}
              </button>
            ),
          )}
        </fieldset>
      ) : null}
      <span
        className="control-status muted"
        role="status"
        aria-live="polite"
        data-desired-state={said?.outcome.desiredState}
        data-cancelled={said?.outcome.cancelled.length}
      >
        {busy ? `Sending ${busy}…` : (said?.text ?? "")}
      </span>
      {result?.kind === "refused" ? (
        <p className="form-error control-error" role="alert" data-code={result.code ?? ""}>
          {result.text}
        </p>
      ) : null}
      <dialog ref={dialog} className="dialog stop-dialog" aria-labelledby={titleId}>
        <form onSubmit={confirmStop}>
          <h2 id={titleId}>Stop this {type}?</h2>
          <p>
            {type === "batch"
              ? "Queued runs are removed and running ones are aborted; they end as cancelled. This cannot be undone."
              : "The run is aborted (or removed if it has not started) and ends as cancelled. This cannot be undone."}
          </p>
          <label className="stop-reason">
            Reason (optional, kept in the audit log)
            <input name="reason" type="text" maxLength={1_000} autoComplete="off" />
          </label>
          <div className="dialog-actions">
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
            <button type="submit" className="danger">
              Stop {type}
            </button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
