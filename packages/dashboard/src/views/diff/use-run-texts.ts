/**
 * The texts of a run's messages by index, read page by page from
 * `GET /api/v1/runs/{id}/messages` only when the diff needs them (equal
 * messages shown, or a message too large for the diff's word budget).
 * At most as many messages as the diff aligns are read.
 */
import { type Schemas, unwrap } from "../../api/client";
import { useQuery } from "../../api/query";
import { useApi } from "../../app/api-context";
import { messageText } from "./message-text";

/** The server's page size limit. */
const PAGE = 500;

export interface RunTexts {
  texts: ReadonlyMap<number, { role: string; text: string }> | undefined;
  loading: boolean;
  error: Error | undefined;
}

/** The query-cache key of a run's texts (the view invalidates it when the run changes). */
export const textsKey = (runId: string) => `diff:texts:${runId}`;

export function useRunTexts(runId: string, upTo: number, enabled: boolean): RunTexts {
  const client = useApi();
  const state = useQuery(enabled ? textsKey(runId) : undefined, async () => {
    const texts = new Map<number, { role: string; text: string }>();
    let from: number | null = 0;
    while (from !== null && from < upTo) {
      const page: Schemas["MessagePage"] = unwrap(
        await client.GET("/api/v1/runs/{runId}/messages", { params: { path: { runId }, query: { from, limit: PAGE } } }),
      );
      for (const item of page.items) texts.set(item.index, { role: item.role, text: messageText(item) });
      from = page.nextFrom;
    }
    return texts;
  });
  return { texts: state.data, loading: enabled && state.loading, error: state.error };
}
