import type { FinishedSpan, StartedSpan, TraceSpanProcessor } from "../telemetry/span-types.js";

/**
 * The one span processor Rehearse adds to a provider; it passes every span to
 * the processors it holds, and more can join later (a run that reports to a
 * Rehearse server adds that export when it starts), which SDK 2 providers no
 * longer allow (`addSpanProcessor` is gone). A processor that throws does not
 * stop the others.
 */
export class ProcessorHub implements TraceSpanProcessor {
  private readonly processors: TraceSpanProcessor[] = [];

  add(processor: TraceSpanProcessor): void {
    this.processors.push(processor);
  }

  onStart(span: StartedSpan, parentContext: unknown): void {
    for (const processor of this.processors) {
      try {
        processor.onStart(span, parentContext);
      } catch {
        // a broken processor must not break the run it observes
      }
    }
  }

  onEnd(span: FinishedSpan): void {
    for (const processor of this.processors) {
      try {
        processor.onEnd(span);
      } catch {
        // as above
      }
    }
  }

  async forceFlush(): Promise<void> {
    await Promise.allSettled(this.processors.map((processor) => processor.forceFlush()));
  }

  async shutdown(): Promise<void> {
    await Promise.allSettled(this.processors.map((processor) => processor.shutdown()));
  }
}
