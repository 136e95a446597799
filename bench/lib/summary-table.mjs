// The compact, human-readable summary run.mjs prints on stderr after the JSON report.

const text = (value) => (value === null || value === undefined ? "–" : String(value));

function table(rows) {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => text(row[column]).length)));
  return rows.map((row) =>
    row
      .map((cell, column) => text(cell).padEnd(widths[column]))
      .join("  ")
      .trimEnd(),
  );
}

const met = (targets, name) => {
  const entry = targets.find((target) => target.name.startsWith(name));
  return entry ? `${entry.target}${entry.met === null ? "" : entry.met ? " ✓" : " ✗"}` : "";
};

/** Lines of the summary table of `report` (see run.mjs). */
export function summaryTable(report) {
  const rows = [["measure", "anchor", "rehearse", "ratio", "target"]];
  const targets = report.targets ?? [];
  for (const [workload, key, timeKey] of [
    ["E", "workloadE", "ms"],
    ["W", "workloadW", "totalMs"],
  ]) {
    for (const mode of ["sequential", "concurrent"]) {
      const cell = report[key]?.[mode];
      if (!cell) continue;
      const short = mode === "sequential" ? "seq" : "conc";
      rows.push([
        `${workload} ${short} ms (median)`,
        cell.anchor?.[timeKey],
        cell.rehearse?.[timeKey],
        cell.throughputRatio === undefined ? "" : `${text(cell.throughputRatio)}× faster`,
        met(targets, `${key}.${mode}.throughputRatio`),
      ]);
      rows.push([
        `${workload} ${short} RSS MB after`,
        cell.anchor?.rssMB,
        cell.rehearse?.rssMB,
        cell.rssRatio === undefined ? "" : `${text(cell.rssRatio)} of anchor`,
        met(targets, `${key}.${mode}.rssRatio`),
      ]);
      if (workload === "W") {
        rows.push([
          `W ${short} peak RSS MB`,
          cell.anchor?.peakRssMB,
          cell.rehearse?.peakRssMB,
          cell.peakRssRatio === undefined ? "" : `${text(cell.peakRssRatio)} of anchor`,
          "",
        ]);
      }
    }
  }
  if (report.workloadE?.rehearseConcurrentOverSequential !== undefined) {
    rows.push([
      "E rehearse conc ÷ seq ms",
      "",
      report.workloadE.rehearseConcurrentOverSequential,
      "",
      met(targets, "workloadE.rehearseConcurrentOverSequential"),
    ]);
  }
  const w = report.workloadW;
  if (w?.sequential) {
    const anchorChars = Math.max(w.sequential.anchor?.maxJudgePromptChars ?? 0, w.concurrent?.anchor?.maxJudgePromptChars ?? 0);
    rows.push([
      "W judge prompt chars (max)",
      anchorChars || null,
      w.rehearseMaxJudgePromptChars,
      "",
      met(targets, "workloadW.maxJudgePromptChars"),
    ]);
    rows.push(["W network attempts", "", w.rehearseNetAttempts, "", met(targets, "workloadW.netAttempts")]);
  }
  const cold = report.coldImport;
  if (cold) {
    rows.push(["cold import ms", "", cold.importMs, "", met(targets, "coldImport.importMs")]);
    const loaded = cold.modules?.onImport;
    if (loaded) {
      rows.push([
        "cold import modules loaded",
        "",
        loaded.modules,
        `${text(loaded.rehearseFiles)} dist (${text(loaded.sourceModules)} source modules) + ${text(loaded.nodeModulesFiles)} node_modules`,
        "",
      ]);
    }
    rows.push(["cold import RSS MB", "", cold.rssMB, `bare node ${text(cold.bareNodeRssMB)}`, met(targets, "coldImport.rssMB")]);
  }
  if (report.installedSize) {
    rows.push([
      "installed size MB (prod deps, du)",
      "",
      report.installedSize.installedMB,
      `${text(report.installedSize.packages)} packages`,
      met(targets, "installedSize.installedMB"),
    ]);
  }
  if (report.memory)
    rows.push(["memory heap growth MB", "", report.memory.heapGrowthMB, "", met(targets, "memory.heapGrowthMB")]);
  if (report.latency)
    rows.push(["latency efficiency %", "", report.latency.efficiencyPct, "", met(targets, "latency.efficiencyPct")]);
  const declarative = report.declarative;
  if (declarative) {
    rows.push([
      "declarative validation files/s",
      "",
      declarative.validationFilesPerSecond,
      `${declarative.files} YAML files`,
      "",
    ]);
    rows.push([
      "declarative run, files / TS",
      "",
      declarative.runOverheadRatio,
      `${declarative.perScenarioFilesMs} / ${declarative.perScenarioTypescriptMs} ms per scenario`,
      met(targets, "declarative.runOverheadRatio"),
    ]);
  }
  const cli = report.cliRun;
  if (cli) {
    rows.push([
      "CLI run: first result / total ms",
      "",
      `${cli.coldStartToFirstResultMs} / ${cli.totalMs}`,
      `${cli.scenarios} example scenarios`,
      "",
    ]);
    rows.push(["CLI run: peak RSS MB", "", cli.peakRssMB, "", ""]);
  }
  if (report.htmlReport) rows.push(["HTML report, 1 000 scenarios MB", "", report.htmlReport.megabytes, "self-contained", ""]);
  const redTeam = report.redTeam;
  if (redTeam) {
    rows.push([
      "red team CPU/turn t30 / t5",
      "",
      redTeam.turn30OverTurn5,
      `${redTeam.cpuPerTurnMicros.turn30} / ${redTeam.cpuPerTurnMicros.turn5} µs`,
      met(targets, "redTeam.turn30OverTurn5"),
    ]);
    rows.push(["red team peak RSS MB", "", redTeam.peakRssMB, `concurrent runs × ${redTeam.turns} turns`, ""]);
  }
  const replay = report.replay;
  if (replay) {
    rows.push([`replay ${replay.n}: passed`, "", `${replay.replay.passed}/${replay.n}`, "", met(targets, "replay.passed")]);
    rows.push([
      "replay model calls",
      "",
      replay.replay.modelCalls,
      `record made ${replay.record.modelCalls}`,
      met(targets, "replay.modelCalls"),
    ]);
    rows.push(["replay / record ms", "", `${replay.replay.ms} / ${replay.record.ms}`, `concurrency ${replay.concurrency}`, ""]);
    rows.push(["cassettes files / MB", "", `${replay.cassettes.files} / ${replay.cassettes.sizeMB}`, "", ""]);
  }
  const sse = report.sse;
  if (sse) {
    rows.push([
      `SSE ${sse.subscribers} subs: p50/p95/p99 ms`,
      "",
      `${sse.latencyMs.p50} / ${sse.latencyMs.p95} / ${sse.latencyMs.p99}`,
      `ingest ack p95 ${text(sse.ingestAckMs?.p95)}`,
      met(targets, "sse.latencyMs.p95"),
    ]);
    rows.push([
      "SSE server RSS MB idle/100/all",
      "",
      `${sse.serverRssMB.idle} / ${sse.serverRssMB.clients100} / ${sse.serverRssMB.clientsAll}`,
      `${text(sse.kbPerConnection)} KB per connection`,
      met(targets, "sse.kbPerConnection"),
    ]);
  }
  const tracing = report.tracing;
  for (const mode of ["sequential", "concurrent"]) {
    const cell = tracing?.workloadW?.[mode];
    if (!cell) continue;
    rows.push([
      `W ${mode === "sequential" ? "seq" : "conc"} ms, tracing off / on (simple processor)`,
      "",
      `${text(cell.off.totalMs)} / ${text(cell.on.totalMs)}`,
      `${text(cell.onOverOff)}× (${text(cell.on.spansPerRun)} spans/run)`,
      met(targets, `tracing.workloadW.${mode}.onOverOff`),
    ]);
    if (cell.batch)
      rows.push([
        `W ${mode === "sequential" ? "seq" : "conc"} ms, tracing on (batch processor)`,
        "",
        text(cell.batch.totalMs),
        `${text(cell.batchOverOff)}×`,
        met(targets, `tracing.workloadW.${mode}.batchOverOff`),
      ]);
  }
  const floor = tracing?.sdkFloor?.wShape;
  if (floor?.overWSequentialOff) {
    const ratio = floor.overWSequentialOff;
    rows.push([
      "W seq floor: OTel SDK alone, W's shape (none / simple / batch)",
      "",
      `${text(floor.usPerRun.none)} / ${text(floor.usPerRun.simple)} / ${text(floor.usPerRun.batch)} µs/run`,
      `${text(ratio.none)} / ${text(ratio.simple)} / ${text(ratio.batch)}×; +collector batch ${text(ratio["batch+collector"])}×`,
      "",
    ]);
  }
  const asyncCell = tracing?.workloadW?.sequential;
  if (asyncCell?.asyncContextOn)
    rows.push([
      "W seq ms, tracing off, AsyncLocalStorage on",
      "",
      text(asyncCell.asyncContextOn.totalMs),
      `${text(asyncCell.asyncContextOverOff)}×`,
      "",
    ]);
  if (tracing?.memory) {
    const { heapAt1000MB, heapAt5000MB, heapAt10000MB, collectorSizeAtEnd } = tracing.memory;
    rows.push([
      "traced heap MB at 1k / 5k / 10k runs",
      "",
      `${text(heapAt1000MB)} / ${text(heapAt5000MB)} / ${text(heapAt10000MB)}`,
      `collector ${text(collectorSizeAtEnd)} spans`,
      met(targets, "tracing.memory.heapGrowthMB"),
    ]);
  }
  const voice = report.voice;
  if (voice?.effects)
    rows.push([
      "voice effects, ms per 1 s of audio (worst)",
      "",
      text(voice.effects.worst),
      text(voice.effects.worstEffect),
      met(targets, "voice.effects.worst (ms per 1 s of audio)"),
    ]);
  if (voice?.turn)
    rows.push([
      "voice harness ms per turn / MB per concurrent run",
      "",
      `${text(voice.turn.perTurnMs?.median)} / ${text(voice.turn.concurrent?.overheadMBPerRun)}`,
      `+ recording ${text(voice.turn.concurrent?.recordingMBPerRun)} MB`,
      met(targets, "voice.turn.perTurnMs.median"),
    ]);
  const rateLimit = report.rateLimit;
  if (rateLimit?.memory) {
    rows.push([
      "rate limiter ms per call (memory)",
      "",
      rateLimit.memory.overheadMs,
      `p99 ${text(rateLimit.memory.p99Ms)}; postgres ${text(rateLimit.postgres?.overheadMs ?? "–")}`,
      met(targets, "rateLimit.memory.overheadMs"),
    ]);
  }
  return table(rows);
}
