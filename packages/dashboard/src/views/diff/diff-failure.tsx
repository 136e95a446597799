/** A diff that could not load: "not found" names the id the server could not find; other errors can be retried. */
import { ApiError } from "../../api/client";
import { Failure } from "../../components/states";

export function DiffFailure(props: { error: Error; retry: () => void }) {
  if (props.error instanceof ApiError && props.error.status === 404) {
    return (
      <div className="state state-error" role="alert" data-state="not-found">
        <p>Not found: {props.error.message}. Check the ids above (another tenant's are not shown).</p>
      </div>
    );
  }
  return <Failure error={props.error} retry={props.retry} />;
}
