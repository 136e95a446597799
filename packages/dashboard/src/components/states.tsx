/** What a view shows while loading, on an error, or with nothing to show. */
import { ApiError } from "../api/client";

export function Loading(props: { what: string }) {
  return (
    <p className="state" role="status" aria-live="polite">
      Loading {props.what}…
    </p>
  );
}

export function Failure(props: { error: Error; retry?: () => void }) {
  const notFound = props.error instanceof ApiError && props.error.status === 404;
  return (
    <div className="state state-error" role="alert">
      <p>{notFound ? "Not found (or not in your tenant)." : `Could not load: ${props.error.message}`}</p>
      {props.retry && !notFound ? (
        <button type="button" onClick={props.retry}>
          Retry
        </button>
      ) : null}
    </div>
  );
}

export function Empty(props: { children: React.ReactNode }) {
  return <p className="state muted">{props.children}</p>;
}
