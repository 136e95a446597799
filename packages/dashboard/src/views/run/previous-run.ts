/** Which of a scenario's runs came just before this one (the one "Compare with previous run" diffs against). */

interface Started {
  runId: string;
  startedAt: string;
}

/** The latest run of `runs` that started before `run` (not `run` itself); undefined when none did. */
export function previousRun<Run extends Started>(runs: readonly Run[], run: Started): Run | undefined {
  const at = Date.parse(run.startedAt);
  let best: Run | undefined;
  for (const candidate of runs) {
    if (candidate.runId === run.runId) continue;
    const time = Date.parse(candidate.startedAt);
    if (time > at || (time === at && candidate.runId > run.runId)) continue;
    if (!best || time > Date.parse(best.startedAt)) best = candidate;
  }
  return best;
}
