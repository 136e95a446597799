/**
 * Which view a path shows. The home view is in the first bundle; every other
 * view is its own chunk, loaded on first visit (the first view stays small).
 */
import { lazy, type ReactNode } from "react";
import SetsView from "../views/sets/sets-view";
import { match } from "./router";

const SetView = lazy(() => import("../views/sets/set-view"));
const BatchView = lazy(() => import("../views/batch/batch-view"));
const RunView = lazy(() => import("../views/run/run-view"));
const RunDiffView = lazy(() => import("../views/diff/run-diff-view"));
const BatchDiffView = lazy(() => import("../views/diff/batch-diff-view"));
const AnalyticsView = lazy(() => import("../views/analytics/analytics-view"));
const WorkersView = lazy(() => import("../views/workers/workers-view"));
const CalibrationView = lazy(() => import("../views/calibration/calibration-view"));

type Params = Record<string, string>;

const ROUTES: Array<[pattern: string, render: (params: Params) => ReactNode]> = [
  ["/", () => <SetsView />],
  ["/sets/:setId/analytics", (params) => <AnalyticsView setId={params.setId!} />],
  ["/sets/:setId/:batchId", (params) => <BatchView batchId={params.batchId!} />],
  ["/sets/:setId", (params) => <SetView setId={params.setId!} />],
  ["/batches/:batchId", (params) => <BatchView batchId={params.batchId!} />],
  ["/runs/:runId", (params) => <RunView runId={params.runId!} />],
  ["/diff/runs", () => <RunDiffView />],
  ["/diff/batches", () => <BatchDiffView />],
  ["/workers", () => <WorkersView />],
  ["/calibration", () => <CalibrationView />],
];

/** The element for `path`, or undefined for an unknown path. */
export function routeElement(path: string): ReactNode | undefined {
  for (const [pattern, render] of ROUTES) {
    const params = match(pattern, path);
    if (params) return render(params);
  }
  return undefined;
}
