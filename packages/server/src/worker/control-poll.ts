/**
 * A worker's link to the server besides its jobs: every `intervalMs` while it
 * holds runs (so a stop reaches a running model call well within a second),
 * and every `idleIntervalMs` otherwise, it sends its heartbeat and learns
 * the control state of the runs it holds. A failed poll is logged and tried
 * again at the next tick; runs go on meanwhile.
 */
import type { JobRunner } from "./job-runner.js";
import type { WorkerApi, WorkerStatus } from "./worker-api.js";

export interface ControlPollOptions {
  api: WorkerApi;
  runner: JobRunner;
  status: () => Omit<WorkerStatus, "active" | "processed" | "failed">;
  intervalMs?: number;
  idleIntervalMs?: number;
  warn: (message: string) => void;
}

export class ControlPoll {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastBeat = 0;
  /** When the scheduled poll runs (infinity while one is running). */
  private due = Number.POSITIVE_INFINITY;
  private polling: Promise<void> = Promise.resolve();

  constructor(private readonly options: ControlPollOptions) {}

  start(): void {
    this.schedule(0);
  }

  /** A run started: poll at the busy pace from now on (an idle worker may be seconds from its next poll). */
  wake(): void {
    if (this.stopped || this.due <= Date.now() + (this.options.intervalMs ?? 400)) return;
    if (this.timer) clearTimeout(this.timer);
    this.schedule(this.options.intervalMs ?? 400);
  }

  /** Polls now (a worker shutting down says so); resolves when the poll is done. */
  async pollNow(stopping = false): Promise<void> {
    await this.polling;
    this.polling = this.poll(stopping);
    await this.polling;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.due = Date.now() + delay;
    this.timer = setTimeout(() => {
      this.due = Number.POSITIVE_INFINITY;
      this.polling = this.poll(false).finally(() => {
        const busy = this.options.runner.activeRunIds.length > 0;
        this.schedule(busy ? (this.options.intervalMs ?? 400) : (this.options.idleIntervalMs ?? 5_000));
      });
    }, delay);
    this.timer.unref?.();
  }

  private async poll(stopping: boolean): Promise<void> {
    const { runner, api } = this.options;
    const held = runner.heldAttempts;
    const runIds = Object.keys(held);
    const now = Date.now();
    // an idle worker only beats; a busy one asks for controls every tick
    if (runIds.length === 0 && !stopping && now - this.lastBeat < (this.options.idleIntervalMs ?? 5_000) - 50) return;
    try {
      const controls = await api.poll(
        {
          ...this.options.status(),
          active: runIds.length,
          processed: runner.processed,
          failed: runner.failed,
          ...(stopping ? { stopping } : {}),
        },
        held,
      );
      this.lastBeat = now;
      runner.applyControls(controls);
    } catch (error) {
      this.options.warn(`worker poll failed (runs go on; trying again): ${(error as Error).message}`);
    }
  }
}
