/**
 * The agent's response times over a run, in seconds, each measured from the
 * user's last audio to the agent's first audio of its answer (never estimated
 * from configuration). `timeToFirstByte` is the first such measurement;
 * `interruptResponseTime` is how long the agent took to stop after the first
 * user interrupt that found it speaking.
 */
export class LatencyMetrics {
  readonly measurements: number[];
  timeToFirstByte?: number;
  interruptResponseTime?: number;

  constructor(init: { measurements?: number[]; timeToFirstByte?: number; interruptResponseTime?: number } = {}) {
    this.measurements = [...(init.measurements ?? [])];
    if (init.timeToFirstByte !== undefined) this.timeToFirstByte = init.timeToFirstByte;
    if (init.interruptResponseTime !== undefined) this.interruptResponseTime = init.interruptResponseTime;
  }

  /** Adds one turn's response time; the first one is also the time to first byte. */
  record(seconds: number): void {
    this.measurements.push(seconds);
    if (this.timeToFirstByte === undefined) this.timeToFirstByte = seconds;
  }

  /** The mean response time; undefined without measurements. */
  get avgResponseTime(): number | undefined {
    if (this.measurements.length === 0) return undefined;
    return this.measurements.reduce((sum, value) => sum + value, 0) / this.measurements.length;
  }

  /** The median response time. */
  get p50ResponseTime(): number | undefined {
    const sorted = this.sorted();
    if (sorted.length === 0) return undefined;
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  }

  /** The 95th percentile, ceiling-style (`sorted[min(n-1, ceil(0.95·(n-1)))]`, as the reference). */
  get p95ResponseTime(): number | undefined {
    const sorted = this.sorted();
    if (sorted.length === 0) return undefined;
    return sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * (sorted.length - 1)))];
  }

  toJSON(): Record<string, unknown> {
    return {
      measurements: this.measurements,
      timeToFirstByte: this.timeToFirstByte,
      interruptResponseTime: this.interruptResponseTime,
      avgResponseTime: this.avgResponseTime,
      p50ResponseTime: this.p50ResponseTime,
      p95ResponseTime: this.p95ResponseTime,
    };
  }

  private sorted(): number[] {
    return [...this.measurements].sort((left, right) => left - right);
  }
}
