/**
 * Batch vs batch (`/diff/batches?base=&head=&show=changed|all`): the summary
 * (pass rate base → head, p95 duration and cost deltas, scenarios per
 * classification), then the scenarios grouped regressions first, then
 * fixed, flaky, still failing, new and removed; unchanged ones only with
 * `show=all`. Every trial pair links to its runs and their run diff. A cut
 * list says so. Without both ids it asks for them.
 */
import { unwrap } from "../../api/client";
import { useQuery } from "../../api/query";
import { useApi } from "../../app/api-context";
import { paths } from "../../app/paths";
import { useSearchParam } from "../../app/router";
import { count } from "../../components/format";
import { Page } from "../../components/page";
import { Loading } from "../../components/states";
import { ItemGroupSection } from "./batch-diff-items";
import { BatchCards, BatchSummary, ClassificationCounts } from "./batch-diff-summary";
import { type BatchShow, groupItems } from "./batch-groups";
import { DiffFailure } from "./diff-failure";
import { DiffPicker } from "./diff-picker";
import { useRowKeys } from "./use-row-keys";
import "./diff.css";
import "./batch-diff.css";

// the same key as the batch view, so what one loaded the other reuses
const batchKey = (batchId: string) => `/api/v1/batches/${batchId}`;

export default function BatchDiffView() {
  const client = useApi();
  const [base] = useSearchParam("base");
  const [head] = useSearchParam("head");
  const [showParam, setShow] = useSearchParam("show", "changed");
  const show: BatchShow = showParam === "all" ? "all" : "changed";
  const ready = base !== "" && head !== "";
  const diff = useQuery(
    ready ? `/api/v1/diff/batches?base=${encodeURIComponent(base)}&head=${encodeURIComponent(head)}` : undefined,
    async () => unwrap(await client.GET("/api/v1/diff/batches", { params: { query: { base, head } } })),
  );
  const baseBatch = useQuery(ready ? batchKey(base) : undefined, async () =>
    unwrap(await client.GET("/api/v1/batches/{batchId}", { params: { path: { batchId: base } } })),
  );
  const headBatch = useQuery(ready ? batchKey(head) : undefined, async () =>
    unwrap(await client.GET("/api/v1/batches/{batchId}", { params: { path: { batchId: head } } })),
  );
  useRowKeys();

  const crumbs = [
    { label: "Sets", to: paths.home() },
    ...(headBatch.data ? [{ label: headBatch.data.setId, to: paths.set(headBatch.data.setId) }] : []),
    { label: "Batch diff" },
  ];
  const picker = <DiffPicker noun="batch" base={base} head={head} target={paths.batchDiff} />;
  if (!ready) {
    return (
      <Page title="Batch diff" crumbs={crumbs}>
        <p>Compare two batches: paste their ids (base is the earlier one).</p>
        {picker}
      </Page>
    );
  }

  const data = diff.data;
  const groups = data ? groupItems(data.items, show) : [];
  const counts = data?.summary.classifications ?? {};
  const hiddenUnchanged = show === "changed" ? (counts.unchanged ?? 0) : 0;
  return (
    <Page
      title="Batch diff"
      crumbs={crumbs}
      wide
      actions={
        <label className="toggle">
          <input
            type="checkbox"
            checked={show === "all"}
            onChange={(event) => setShow(event.target.checked ? "all" : "changed")}
          />
          Show unchanged scenarios
        </label>
      }
    >
      <details className="picker-details" open={diff.error !== undefined || undefined}>
        <summary>Compare other batches</summary>
        {picker}
      </details>
      {diff.error ? (
        <DiffFailure error={diff.error} retry={diff.reload} />
      ) : !data ? (
        <Loading what="the diff" />
      ) : (
        <div className="batch-diff">
          <BatchWarnings base={base} head={head} baseSet={baseBatch.data?.setId} headSet={headBatch.data?.setId} />
          <BatchCards baseId={base} headId={head} base={baseBatch.data} head={headBatch.data} />
          <BatchSummary diff={data} />
          <ClassificationCounts counts={counts} shown={new Set(groups.map((group) => group.classification))} />
          {data.truncated ? (
            <p className="diff-warning" role="note" data-truncated="true">
              {data.items.length < data.total
                ? `Showing ${count(data.items.length)} of ${count(data.total)} scenarios: the server cut the list to keep the response small.`
                : "A batch has more runs than a diff reads; the figures cover the runs read."}
            </p>
          ) : null}
          {groups.length === 0 ? (
            <p className="state muted">
              {data.items.length === 0 ? "Neither batch has runs." : "No scenario changed between these batches."}
            </p>
          ) : (
            groups.map((group) => (
              <ItemGroupSection
                key={group.classification}
                group={group}
                total={counts[group.classification] ?? group.items.length}
              />
            ))
          )}
          {hiddenUnchanged > 0 ? (
            <p className="muted">
              {count(hiddenUnchanged)} unchanged {hiddenUnchanged === 1 ? "scenario is" : "scenarios are"} hidden.{" "}
              <button type="button" className="link-button" onClick={() => setShow("all")}>
                Show them
              </button>
            </p>
          ) : null}
        </div>
      )}
    </Page>
  );
}

function BatchWarnings(props: { base: string; head: string; baseSet: string | undefined; headSet: string | undefined }) {
  const warnings: string[] = [];
  if (props.base === props.head) warnings.push("Base and head are the same batch.");
  if (props.baseSet !== undefined && props.headSet !== undefined && props.baseSet !== props.headSet) {
    warnings.push(`These batches belong to different sets (${props.baseSet} and ${props.headSet}); the diff is shown anyway.`);
  }
  if (warnings.length === 0) return null;
  return (
    <div className="diff-warning" role="note">
      {warnings.map((warning) => (
        <p key={warning}>{warning}</p>
      ))}
    </div>
  );
}
