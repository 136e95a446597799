/**
 * Pause, Resume and Stop for a launched batch or run (`POST
 * /api/v1/{batches|runs}/{id}/controls`). Stop asks first, in a dialog with
 * an optional reason (audited with the control). What the server accepted
 * is said in a polite live region (`data-desired-state` carries it); a
 * refusal (409 `not_controllable`, `already_settled`, 403) in an alert.
 * `available` says whether the controls apply now (launch-control-model.ts:
 * launched, unsettled, a caller holding `runs:launch`; the server refuses
 * everyone else anyway): once the target settles the buttons go, and what
 * the last control did stays said.
 */
import { type FormEvent, useId, useRef, useState } from "react";
import { ApiError, unwrap } from "../api/client";
import { useApi } from "../app/api-context";
import {
  type ControlAction,
  type ControlOutcome,
  type ControlTargetType,
  failureText,
  outcomeText,
} from "./launch-control-model";
import "./launch-controls.css";

type Result =
  | { kind: "accepted"; outcome: ControlOutcome; text: string }
  | { kind: "refused"; code: string | undefined; text: string };

export function LaunchControls(props: { type: ControlTargetType; id: string; available: boolean; onControlled: () => void }) {
  const { type, id } = props;
  const client = useApi();
  const [busy, setBusy] = useState<ControlAction | undefined>(undefined);
  const [result, setResult] = useState<Result | undefined>(undefined);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  const send = async (action: ControlAction, reason?: string) => {
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

  const accepted = result?.kind === "accepted" ? result : undefined;
  if (!props.available && !result) return null;
  return (
    <div className="launch-controls" data-controls={type}>
      {props.available ? (
        <fieldset className="control-buttons">
          <legend className="visually-hidden">Control this {type}</legend>
          <button type="button" onClick={() => void send("pause")} disabled={busy !== undefined}>
            Pause
          </button>
          <button type="button" onClick={() => void send("resume")} disabled={busy !== undefined}>
            Resume
          </button>
          <button
            type="button"
            className="danger"
            aria-haspopup="dialog"
            onClick={() => dialog.current?.showModal()}
            disabled={busy !== undefined}
          >
            Stop…
          </button>
        </fieldset>
      ) : null}
      <span
        className="control-status muted"
        role="status"
        aria-live="polite"
        data-desired-state={accepted?.outcome.desiredState}
        data-cancelled={accepted?.outcome.cancelled.length}
      >
        {busy ? `Sending ${busy}…` : (accepted?.text ?? "")}
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
