/** The dashboard's URLs, in one place (views link with these; the server's SPA fallback serves them all). */
import { href } from "./router";

const part = encodeURIComponent;

export const paths = {
  home: (query: { q?: string } = {}) => href("/", query),
  login: (returnTo?: string) => href("/login", { returnTo }),
  set: (setId: string) => `/sets/${part(setId)}`,
  analytics: (setId: string) => `/sets/${part(setId)}/analytics`,
  batch: (batchId: string, query: Record<string, string | undefined> = {}) => href(`/batches/${part(batchId)}`, query),
  run: (runId: string, query: Record<string, string | undefined> = {}) => href(`/runs/${part(runId)}`, query),
  runDiff: (base: string, head: string) => href("/diff/runs", { base, head }),
  batchDiff: (base: string, head: string) => href("/diff/batches", { base, head }),
  workers: () => "/workers",
  calibration: () => "/calibration",
};
