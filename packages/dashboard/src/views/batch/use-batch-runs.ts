/**
 * The batch page's data: the batch (`GET /api/v1/batches/{id}`) and all its
 * runs as summary rows (`GET /api/v1/runs?batchId=…`, 200 a page, following
 * `nextCursor`), kept current by the batch's live topic: frames patch rows in
 * place (batched into one render per 100 ms), a run the page has not seen is
 * added, and the cards' last messages are fed. Nothing polls while the stream
 * is open; while it is down the page reloads every few seconds (the runs while
 * some are going, else the batch, and the runs only if it has new ones);
 * after `resync` it reloads once.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type Schemas, unwrap } from "../../api/client";
import { useQuery, useQueryCache } from "../../api/query";
import { useApi } from "../../app/api-context";
import { useLive, useLiveStatus, usePollWhileDown } from "../../live/use-live";
import { applyFrameToRow, type CardMessage, flatMetadata, frameMessages } from "./batch-live";
import type { RunRow } from "./batch-rows";
import { CardMessageStore } from "./card-messages";

type Batch = Schemas["Batch"];

const PAGE_SIZE = 200;
/** A running run with no frame for this long shows as stalled (the server's rule, 2 minutes). */
const STALLED_AFTER_MILLISECONDS = 120_000;

export interface BatchRuns {
  batch: { data: Batch | undefined; error: Error | undefined; reload: () => void };
  /** Every run loaded so far (in no particular order); undefined before the first page. */
  rows: RunRow[] | undefined;
  error: Error | undefined;
  /** All pages are loaded: counts derived from `rows` are the batch's. */
  complete: boolean;
  cards: CardMessageStore;
  reload: () => void;
}

export function batchKey(batchId: string): string {
  return `/api/v1/batches/${batchId}`;
}

/** The newer of two copies of a run (by its last event; the page's copy on a tie). */
function newer(loaded: RunRow, held: RunRow | undefined): RunRow {
  if (held && Date.parse(held.lastEventAt) > Date.parse(loaded.lastEventAt)) return held;
  return loaded;
}

/** A run's detail as a summary row (the detail is a superset; its metadata bounded as summaries are). */
function rowOfDetail(detail: Schemas["RunDetail"]): RunRow {
  return { ...detail, metadata: flatMetadata(detail.metadata) };
}

export function useBatchRuns(batchId: string): BatchRuns {
  const client = useApi();
  const cache = useQueryCache();
  const batch = useQuery(batchKey(batchId), async () =>
    unwrap(await client.GET("/api/v1/batches/{batchId}", { params: { path: { batchId } } })),
  );

  const rows = useRef(new Map<string, RunRow>());
  const seenAt = useRef(new Map<string, number>());
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<Error | undefined>(undefined);
  const [complete, setComplete] = useState(false);
  /** The load in progress (a new one replaces it) and the runs frames touched meanwhile. */
  const loading = useRef<{ touched: Set<string> } | undefined>(undefined);
  const unknown = useRef(new Set<string>());
  const publishTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const batchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const publish = useCallback(() => {
    if (publishTimer.current) return;
    publishTimer.current = setTimeout(() => {
      publishTimer.current = undefined;
      setVersion((current) => current + 1);
    }, 100);
  }, []);

  const cards = useMemo(
    () =>
      new CardMessageStore({
        describe: (runId) => {
          const row = rows.current.get(runId);
          return row
            ? { messageCount: row.messageCount, settled: row.state === "finished" || row.state === "cancelled" }
            : undefined;
        },
        fetch: async (runId, from, limit) => {
          const page = unwrap(
            await client.GET("/api/v1/runs/{runId}/messages", { params: { path: { runId }, query: { from, limit } } }),
          );
          return page.items as CardMessage[];
        },
      }),
    [client],
  );

  const fetchUnknown = useCallback(
    async (runId: string) => {
      if (unknown.current.has(runId)) return;
      unknown.current.add(runId);
      try {
        const detail = unwrap(await client.GET("/api/v1/runs/{runId}", { params: { path: { runId } } }));
        if (detail.batchId !== batchId) return;
        rows.current.set(runId, newer(rowOfDetail(detail), rows.current.get(runId)));
        seenAt.current.set(runId, Date.now());
        publish();
      } catch {
        // the next frame of this run or a reload brings it
      } finally {
        unknown.current.delete(runId);
      }
    },
    [client, batchId, publish],
  );

  const loadRuns = useCallback(async () => {
    const current = { touched: new Set<string>() };
    loading.current = current;
    const found = new Set<string>();
    let cursor: string | undefined;
    try {
      do {
        const page = unwrap(
          await client.GET("/api/v1/runs", { params: { query: { batchId, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }),
        );
        if (loading.current !== current) return;
        const now = Date.now();
        for (const item of page.items as RunRow[]) {
          found.add(item.runId);
          rows.current.set(item.runId, newer(item, current.touched.has(item.runId) ? rows.current.get(item.runId) : undefined));
          seenAt.current.set(item.runId, now);
        }
        cursor = page.nextCursor ?? undefined;
        setError(undefined);
        publish();
      } while (cursor);
      // runs gone since (deleted) leave, unless a frame brought them during the load
      for (const runId of [...rows.current.keys()]) {
        if (!found.has(runId) && !current.touched.has(runId)) rows.current.delete(runId);
      }
      loading.current = undefined;
      setComplete(true);
      publish();
    } catch (caught) {
      if (loading.current !== current) return;
      loading.current = undefined;
      setError(caught instanceof Error ? caught : new Error(String(caught)));
    }
  }, [client, batchId, publish]);

  const reload = useCallback(() => {
    cache.invalidate(batchKey(batchId));
    void loadRuns().then(() => cards.refresh());
  }, [cache, batchId, cards, loadRuns]);

  useEffect(() => {
    rows.current = new Map();
    seenAt.current = new Map();
    setComplete(false);
    setError(undefined);
    setVersion((current) => current + 1);
    void loadRuns();
    return () => {
      loading.current = undefined;
      clearTimeout(publishTimer.current);
      clearTimeout(batchTimer.current);
      publishTimer.current = undefined;
      batchTimer.current = undefined;
      cards.clear();
    };
  }, [loadRuns, cards]);

  useLive([`batch:${batchId}`], (frame) => {
    if (frame.kind === "resync") {
      reload();
      return;
    }
    const runId = frame.data.runId;
    if (!runId || frame.data.batchId !== batchId) return;
    loading.current?.touched.add(runId);
    const change = applyFrameToRow(rows.current.get(runId), frame, { counters: loading.current === undefined, now: Date.now() });
    if (change.kind === "row") {
      rows.current.set(runId, change.row);
      seenAt.current.set(runId, Date.now());
      publish();
    } else if (change.kind === "unknown") void fetchUnknown(runId);
    if (frame.kind === "run.messages") cards.live(runId, frameMessages(frame));
    if (frame.kind === "run.state" && !batchTimer.current) {
      // the batch's duration and cost follow its runs; once a second at most
      batchTimer.current = setTimeout(() => {
        batchTimer.current = undefined;
        cache.invalidate(batchKey(batchId));
      }, 1_000);
    }
  });

  // rows.current changes in place; `version` says when, so the list is rebuilt once per published change
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the change signal of rows.current
  const list = useMemo(() => (rows.current.size > 0 || complete ? [...rows.current.values()] : undefined), [version, complete]);
  const active = list?.some((row) => row.state === "running" || row.state === "queued") ?? batch.data?.counts.running !== 0;
  // while the stream is down: runs still going reload the list; otherwise only the batch is asked, and
  // the list reloads when the batch has runs the page does not (a run reported into a finished batch)
  usePollWhileDown(true, () => (active ? reload() : cache.invalidate(batchKey(batchId))), 5_000);
  const live = useLiveStatus();
  useEffect(() => {
    if (live === "open" || !complete || !batch.data || batch.data.counts.total === rows.current.size) return;
    void loadRuns().then(() => cards.refresh());
  }, [live, complete, batch.data, loadRuns, cards]);

  // a running run that goes quiet for two minutes shows as stalled, as the server would say on a reload
  useEffect(() => {
    if (!active) return undefined;
    const timer = setInterval(() => {
      const now = Date.now();
      let changed = false;
      for (const [runId, row] of rows.current) {
        if (row.state === "running" && now - (seenAt.current.get(runId) ?? now) > STALLED_AFTER_MILLISECONDS) {
          rows.current.set(runId, { ...row, state: "stalled" });
          changed = true;
        }
      }
      if (changed) publish();
    }, 15_000);
    return () => clearInterval(timer);
  }, [active, publish]);

  return { batch: { data: batch.data, error: batch.error, reload: batch.reload }, rows: list, error, complete, cards, reload };
}
