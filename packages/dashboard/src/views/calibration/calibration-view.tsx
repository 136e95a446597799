/**
 * Judge calibration (`/calibration`, decision 0050): people label judged
 * runs in a keyboard-driven review queue (for those who may label: Admin and
 * Operator), and everyone who reads runs sees how well the judge agrees with
 * them — per criterion and judge version, with Cohen's κ and the confusion.
 */
import { useCallback } from "react";
import { unwrap } from "../../api/client";
import { useQuery, useQueryCache } from "../../api/query";
import { useApi } from "../../app/api-context";
import { may, useSession } from "../../app/session";
import { Page } from "../../components/page";
import { Failure, Loading } from "../../components/states";
import { AgreementTables } from "./agreement-table";
import type { AgreementReport } from "./calibration-model";
import { ReviewQueue } from "./review-queue";
import "./calibration.css";

const QUEUE = "/api/v1/calibration/queue";
const AGREEMENT = "/api/v1/calibration/agreement";

export default function CalibrationView() {
  const client = useApi();
  const cache = useQueryCache();
  const { caller } = useSession();
  const labeller = may(caller, "runs:label");
  const queue = useQuery(labeller ? QUEUE : undefined, async () =>
    unwrap(await client.GET("/api/v1/calibration/queue", { params: { query: { limit: 20 } } })),
  );
  const agreement = useQuery<AgreementReport>(AGREEMENT, async () => unwrap(await client.GET("/api/v1/calibration/agreement")));
  const saved = useCallback(() => {
    cache.invalidate(QUEUE);
    cache.invalidate(AGREEMENT);
  }, [cache]);

  return (
    <Page title="Calibration" wide>
      <section aria-labelledby="queue-heading" className="calibration-section">
        <h2 id="queue-heading">Review queue</h2>
        {!labeller ? (
          <p data-testid="queue-forbidden">Labelling runs needs the Operator or Admin role; you can read the agreement below.</p>
        ) : queue.error ? (
          <Failure error={queue.error} retry={queue.reload} />
        ) : !queue.data ? (
          <Loading what="the review queue" />
        ) : (
          <ReviewQueue client={client} items={queue.data.items} remaining={queue.data.remaining} onSaved={saved} />
        )}
      </section>
      <section aria-labelledby="agreement-heading" className="calibration-section">
        <h2 id="agreement-heading">Judge–human agreement</h2>
        {agreement.error ? (
          <Failure error={agreement.error} retry={agreement.reload} />
        ) : !agreement.data ? (
          <Loading what="the agreement" />
        ) : (
          <AgreementTables report={agreement.data} />
        )}
      </section>
    </Page>
  );
}
