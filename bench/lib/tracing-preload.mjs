// Turns tracing on in a workload W run without changing bench.mjs: loaded first with
// `node --import bench/lib/tracing-preload.mjs bench.mjs …` (bench/tracing.mjs does), it calls
// `setupTracing` of the Rehearse build that `BENCH_TARGET` names (the same module bench.mjs imports)
// with one in-memory exporter behind a SimpleSpanProcessor.
//
// The exporter is drained every `RESET_EVERY` spans (counted by name, then `reset()`), so the spans
// it holds are not what grows. When the process exits, one JSON object goes to the file
// `BENCH_TRACING_REPORT` names: `{ spans, runs, spansPerRun, byName, collectorSize }`, all counted
// here — `runs` is the number of `rehearse.run` spans, `collectorSize` the spans the judge's
// collector still holds.
import { writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";

const RESET_EVERY = 1000;
const target = process.env.BENCH_TARGET;
const reportFile = process.env.BENCH_TRACING_REPORT;
if (!target || !reportFile) throw new Error("tracing-preload: set BENCH_TARGET and BENCH_TRACING_REPORT");

/** Spans exported so far, by the first word of their name (`rehearse.turn`, `invoke_agent`, `chat`, …). */
const byName = {};

/** An in-memory exporter that counts what it held and empties itself every RESET_EVERY spans. */
class DrainingExporter extends InMemorySpanExporter {
  export(spans, done) {
    super.export(spans, done);
    if (this.getFinishedSpans().length >= RESET_EVERY) this.drain();
  }

  drain() {
    for (const span of this.getFinishedSpans()) {
      const kind = span.name.split(" ")[0];
      byName[kind] = (byName[kind] ?? 0) + 1;
    }
    this.reset();
  }
}

const exporter = new DrainingExporter();
const { setupTracing, judgeSpanCollector } = await import(pathToFileURL(target).href);
// `BENCH_TRACING_PROCESSOR=batch`: the same exporter behind a BatchSpanProcessor (what an export in production uses);
// `none`: no processor of the user's, only what `setupTracing` adds itself (the judge's collector), for profiling
const processor =
  process.env.BENCH_TRACING_PROCESSOR === "batch"
    ? new BatchSpanProcessor(exporter, { maxQueueSize: 65_536, maxExportBatchSize: 1_024, scheduledDelayMillis: 200 })
    : new SimpleSpanProcessor(exporter);
setupTracing({ spanProcessors: process.env.BENCH_TRACING_PROCESSOR === "none" ? [] : [processor] });

process.once("exit", () => {
  exporter.drain();
  const spans = Object.values(byName).reduce((sum, count) => sum + count, 0);
  const runs = byName["rehearse.run"] ?? 0;
  writeFileSync(
    reportFile,
    JSON.stringify({
      spans,
      runs,
      spansPerRun: runs ? Math.round((spans / runs) * 100) / 100 : null,
      byName,
      collectorSize: judgeSpanCollector.size,
    }),
  );
});
