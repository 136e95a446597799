// The targets of `npm run bench` (issues #12 and "Platform core", platform research §9) and their
// checks over the report bench/run.mjs assembled. A figure that was not measured checks as `met: null`.
import { round } from "./stats.mjs";

export const TARGETS = {
  throughputRatio: { sequential: 15, concurrent: 10 }, // workload E, anchorMs / rehearseMs, at least (issue #12)
  rssRatio: 1 / 4, // rehearseRss / anchorRss, at most (issue #12)
  wThroughputRatio: 12, // workload W (issue #12), anchorMs / rehearseMs, at least, both modes
  wRssRatio: 1 / 4, // workload W, RSS after the run, rehearse / anchor, at most (issue #12)
  judgePromptChars: 2048, // workload W, longest judge prompt Rehearse sends, at most
  reporterThroughputRatio: 8, // workload E with the HTTP reporter on, anchorMs / rehearseMs, at least, both modes
  reporterCallerUsPerEvent: 50, // the reporter's CPU per event on the caller's path, at most (platform research §9)
  coldImportMs: 60, // `await import("@rehearse/core")` in a fresh process, at most (issue #12)
  concurrentOverSequential: 1.2, // workload E, rehearse concurrent ms / sequential ms in the same run, at most
  installedSizeMB: 35, // npm install of the packed library with production dependencies, du, at most
  coldImportRssMB: 60,
  heapGrowthMB: 20,
  latencyEfficiencyPct: 95,
  redTeamTurnCpuRatio: 2, // red team: harness CPU per turn at turn 30 / at turn 5, at most
  declarativeRunRatio: 1.5, // declarative: run time of 1000 file-compiled scenarios / the same built in TS, at most
  sseP95Ms: 250, // live stream, 1 000 subscribers: event (ingest POST) → client p95, at most (platform research §9)
  sseKBPerConnection: 100, // live stream: server RSS growth per open connection, at most
  serveReadyMs: 3000, // `rehearse serve` on a fresh data dir, spawn → URL printed, at most (issue "Platform core")
  ingestPglite: 5000, // events/s sustained through POST /api/v1/events, embedded, at least
  ingestPostgres: 10000, // the same on PostgreSQL 15, at least
  ingestAckP99Ms: 50, // ack p99 of 100-event batches offered at a steady 5 000 events/s, at most
  queryP95Ms: 100, // list, filter, detail, scenario history at 100 000 runs, p95, at most
  serverRssMB: 300, // server RSS with 100 000 runs and 100 live streams open, at most
  dashboardFcpMs: 1500, // first contentful paint of the home page and of a 1 000-run batch page at 100 000 runs, at most
  dashboardApiBytes: 1024 * 1024, // the largest API response those pages receive, at most
  dashboardFirstViewJsGzipBytes: 250 * 1024, // JS the first view loads, gzip, at most
  dashboardScrollFrameP95Ms: 33.4, // scrolling the 1 000-run table: frame interval p95 (30 fps), at most
  dashboardScrollFrameMaxMs: 100, // …and the longest frame, at most
  workersScaling2: 1.8, // launched runs on Redis, latency-bound: throughput with 2 worker processes / with 1, at least
  workersScaling4: 3.2, // …with 4 worker processes / with 1, at least
  reliabilityLostRuns: 0, // 1 000 launched runs through two worker kills and a Redis restart: runs not settled, at most
  reliabilityDuplicatedRuns: 0, // …runs two attempts both finished, at most
  tracingOnOverOff: 1.5, // workload W with tracing on (in-memory exporter) ÷ off, median totalMs, at most, both modes (issue 17)
  tracingCollectorSize: 0, // spans the judge's collector still holds after 10 000 traced runs, at most
  voiceEffectMs: 2, // the slowest audio effect on 1 s of 24 kHz audio, median ms, at most (issue 18)
  voiceTurnMs: 5, // the voice harness's own time per turn (no TTS/STT/agent time), median ms, at most
  voiceRunOverheadMB: 10, // heap per concurrent voice run beyond its recording, MB, at most
  graphHopUs: 100, // the graph harness's own cost per hop with model-free nodes, µs, at most (issue 19)
  graphRatio: 1.5, // a 10-node graph scenario over the same conversation against one agent, at most
  importMs: 30_000, // importing 10 000 production conversations into scenario files, ms, at most (issue 20)
  toolCallOverheadMs: 2, // a simulated tool's or an MCP tool call's own cost, model time excluded, ms, at most (issue 20)
  rateLimitOverheadMs: 5, // the model-call rate limiter, memory store: mean ms added per call, and a limited call's p99, at most
};

/** Every target against `report`: `{ name, value, target, met }`, `met` null when not measured. */
export function checkTargets(report, { replayScenarios }) {
  const checks = [];
  const check = (name, value, op, target) => {
    const met = value === null || value === undefined ? null : op === ">=" ? value >= target : value <= target;
    checks.push({ name, value, target: `${op} ${round(target, 3)}`, met });
  };
  for (const mode of ["sequential", "concurrent"]) {
    const cell = report.workloadE?.[mode];
    if (cell?.anchor) {
      check(`workloadE.${mode}.throughputRatio (anchorMs/rehearseMs)`, cell.throughputRatio, ">=", TARGETS.throughputRatio[mode]);
      check(`workloadE.${mode}.rssRatio (rehearseRss/anchorRss)`, cell.rssRatio, "<=", TARGETS.rssRatio);
    }
  }
  for (const mode of ["sequential", "concurrent"]) {
    const cell = report.workloadW?.[mode];
    if (cell?.anchor) {
      check(`workloadW.${mode}.throughputRatio (anchorMs/rehearseMs)`, cell.throughputRatio, ">=", TARGETS.wThroughputRatio);
      check(`workloadW.${mode}.rssRatio (rehearseRss/anchorRss, after the run)`, cell.rssRatio, "<=", TARGETS.wRssRatio);
    }
  }
  check(
    "workloadE.rehearseConcurrentOverSequential (concurrent ms / sequential ms)",
    report.workloadE?.rehearseConcurrentOverSequential,
    "<=",
    TARGETS.concurrentOverSequential,
  );
  check(
    "workloadW.maxJudgePromptChars (rehearse)",
    report.workloadW?.rehearseMaxJudgePromptChars,
    "<=",
    TARGETS.judgePromptChars,
  );
  check("workloadW.netAttempts (rehearse)", report.workloadW?.rehearseNetAttempts, "<=", 0);
  for (const mode of ["sequential", "concurrent"]) {
    check(
      `reporter.workloadE.${mode}.throughputRatio (anchorMs/rehearseMs, reporter on)`,
      report.reporter?.workloadE?.[mode]?.throughputRatio,
      ">=",
      TARGETS.reporterThroughputRatio,
    );
  }
  check("reporter.cost.callerUsPerEvent", report.reporter?.cost?.callerUsPerEvent, "<=", TARGETS.reporterCallerUsPerEvent);
  check("replay.passed", report.replay?.replay?.passed, ">=", replayScenarios);
  check("replay.modelCalls", report.replay?.replay?.modelCalls, "<=", 0);
  check("coldImport.importMs", report.coldImport?.importMs, "<=", TARGETS.coldImportMs);
  check("coldImport.rssMB", report.coldImport?.rssMB, "<=", TARGETS.coldImportRssMB);
  check("installedSize.installedMB", report.installedSize?.installedMB, "<=", TARGETS.installedSizeMB);
  const onImport = report.coldImport?.modules?.onImport;
  checks.push({
    name: "coldImport.ai not loaded",
    value: onImport ? !onImport.ai.loaded : null,
    target: "true",
    met: onImport ? !onImport.ai.loaded : null,
  });
  checks.push({
    name: "coldImport.zod not loaded",
    value: onImport ? !onImport.zod.loaded : null,
    target: "true",
    met: onImport ? !onImport.zod.loaded : null,
  });
  check("redTeam.turn30OverTurn5", report.redTeam?.turn30OverTurn5, "<=", TARGETS.redTeamTurnCpuRatio);
  check("declarative.runOverheadRatio", report.declarative?.runOverheadRatio, "<=", TARGETS.declarativeRunRatio);
  check("memory.heapGrowthMB", report.memory?.heapGrowthMB, "<=", TARGETS.heapGrowthMB);
  check("latency.efficiencyPct", report.latency?.efficiencyPct, ">=", TARGETS.latencyEfficiencyPct);
  check("sse.latencyMs.p95 (1 000 subscribers)", report.sse?.latencyMs?.p95, "<=", TARGETS.sseP95Ms);
  check("sse.kbPerConnection", report.sse?.kbPerConnection, "<=", TARGETS.sseKBPerConnection);
  check("server.ready.freshDataDirMs", report.server?.ready?.freshDataDirMs, "<=", TARGETS.serveReadyMs);
  for (const engine of ["pglite", "postgres"]) {
    const figures = report.server?.[engine];
    check(
      `server.${engine}.ingest.eventsPerSecond`,
      figures?.ingest?.eventsPerSecond,
      ">=",
      engine === "pglite" ? TARGETS.ingestPglite : TARGETS.ingestPostgres,
    );
    check(`server.${engine}.ingest.ackP99Ms`, figures?.ingest?.ackP99Ms, "<=", TARGETS.ingestAckP99Ms);
    for (const query of ["list", "filter", "detail", "scenarioHistory"]) {
      check(
        `server.${engine}.queriesAt100kRuns.${query}.p95Ms`,
        figures?.queriesAt100kRuns?.[query]?.p95Ms,
        "<=",
        TARGETS.queryP95Ms,
      );
    }
    check(
      `server.${engine}.queriesAt100kRuns.batchDiff1000Runs.p95Ms`,
      figures?.queriesAt100kRuns?.batchDiff1000Runs?.p95Ms,
      "<=",
      500,
    );
    check(`server.${engine}.rssWith100kRunsAnd100StreamsMB`, figures?.rssWith100kRunsAnd100StreamsMB, "<=", TARGETS.serverRssMB);
  }
  check("rateLimit.memory.overheadMs (per model call)", report.rateLimit?.memory?.overheadMs, "<=", TARGETS.rateLimitOverheadMs);
  check("rateLimit.memory.p99Ms (one limited call)", report.rateLimit?.memory?.p99Ms, "<=", TARGETS.rateLimitOverheadMs);
  const dashboard = report.dashboard;
  check("dashboard.home.fcpMs", dashboard?.home?.fcpMs, "<=", TARGETS.dashboardFcpMs);
  check("workers.scaling2 (2 workers / 1)", report.workers?.scaling2, ">=", TARGETS.workersScaling2);
  check("workers.scaling4 (4 workers / 1)", report.workers?.scaling4, ">=", TARGETS.workersScaling4);
  check("reliability.lost (runs not settled)", report.reliability?.lost, "<=", TARGETS.reliabilityLostRuns);
  check("reliability.duplicated (runs finished twice)", report.reliability?.duplicated, "<=", TARGETS.reliabilityDuplicatedRuns);
  for (const mode of ["sequential", "concurrent"]) {
    check(`tracing.workloadW.${mode}.onOverOff`, report.tracing?.workloadW?.[mode]?.onOverOff, "<=", TARGETS.tracingOnOverOff);
    check(
      `tracing.workloadW.${mode}.batchOverOff`,
      report.tracing?.workloadW?.[mode]?.batchOverOff,
      "<=",
      TARGETS.tracingOnOverOff,
    );
  }
  check(
    "tracing.memory.heapGrowthMB (1 000 → 10 000 traced runs)",
    report.tracing?.memory?.heapGrowthMB,
    "<=",
    TARGETS.heapGrowthMB,
  );
  check("tracing.memory.collectorSizeAtEnd", report.tracing?.memory?.collectorSizeAtEnd, "<=", TARGETS.tracingCollectorSize);
  check("voice.effects.worst (ms per 1 s of audio)", report.voice?.effects?.worst, "<=", TARGETS.voiceEffectMs);
  check("voice.turn.perTurnMs.median", report.voice?.turn?.perTurnMs?.median, "<=", TARGETS.voiceTurnMs);
  check("graphs.perHopUs", report.graphs?.perHopUs?.value, "<=", TARGETS.graphHopUs);
  check("graphs.ratio", report.graphs?.ratio?.value, "<=", TARGETS.graphRatio);
  check("graphs.withListener.ratio", report.graphs?.withListener?.ratio?.value, "<=", TARGETS.graphRatio);
  check("imports.ms (10 000 conversations)", report.imports?.ms, "<=", TARGETS.importMs);
  check("simulatedTools.perCallMs", report.simulatedTools?.perCallMs, "<=", TARGETS.toolCallOverheadMs);
  check("mcp.httpOverheadMs", report.mcp?.httpOverheadMs, "<=", TARGETS.toolCallOverheadMs);
  check("mcp.stdioOverheadMs", report.mcp?.stdioOverheadMs, "<=", TARGETS.toolCallOverheadMs);
  check(
    "voice.turn.concurrent.overheadMBPerRun",
    report.voice?.turn?.concurrent?.overheadMBPerRun,
    "<=",
    TARGETS.voiceRunOverheadMB,
  );
  check("dashboard.batch.fcpMs", dashboard?.batch?.fcpMs, "<=", TARGETS.dashboardFcpMs);
  check("dashboard.largestApiResponseBytes", dashboard?.largestApiResponseBytes, "<=", TARGETS.dashboardApiBytes);
  check("dashboard.firstViewJs.gzipBytes", dashboard?.firstViewJs?.gzipBytes, "<=", TARGETS.dashboardFirstViewJsGzipBytes);
  check("dashboard.batch.scroll.frameP95Ms", dashboard?.batch?.scroll?.frameP95Ms, "<=", TARGETS.dashboardScrollFrameP95Ms);
  check("dashboard.batch.scroll.frameMaxMs", dashboard?.batch?.scroll?.frameMaxMs, "<=", TARGETS.dashboardScrollFrameMaxMs);
  return checks;
}
