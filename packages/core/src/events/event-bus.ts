import { errorMessage } from "../domain/errors.js";
import type { Reporter, ScenarioEvent } from "../domain/event.js";
import type { Diagnostic, ScenarioResult } from "../domain/result.js";

/** The default bound on waiting for reporters after a run, in milliseconds. */
export const DEFAULT_DELIVERY_TIMEOUT_MS = 5_000;

/** A synchronous receiver of a run's events; `result` accompanies `SCENARIO_RUN_FINISHED`. */
export type EventListener = (event: ScenarioEvent, result?: ScenarioResult) => void;

/** Who receives a run's events, and how long the run waits for reporters. */
export interface EventBusOptions {
  /**
   * Called synchronously with each event (and, for `SCENARIO_RUN_FINISHED`,
   * the run's result); a throw becomes a diagnostic. No promise is made per
   * event, so a reporter whose work is synchronous is cheapest attached here.
   */
  listeners?: ReadonlyArray<EventListener>;
  /**
   * Synchronous listeners that need no message events: with only these, the
   * run builds no `SCENARIO_MESSAGE_SNAPSHOT` (the whole conversation, per
   * step) and no `user_input`/`agent_message`/`system_event` (tracing's
   * listener: it follows turns, judgments, injections and the run's end).
   */
  lightListeners?: ReadonlyArray<EventListener>;
  reporters?: readonly Reporter[];
  /** How long `flush()` waits for reporters; default 5 000 ms. */
  deliveryTimeoutMs?: number;
}

/**
 * One run's event bus. Listeners get each event synchronously; each reporter
 * gets events in order through its own promise chain, so a slow reporter
 * delays only itself. `flush()` waits for the chains at most
 * `deliveryTimeoutMs` and reports late or failing reporters as diagnostics.
 *
 * Emitting costs nothing when nobody listens: check `active` before building
 * an event.
 */
export class EventBus {
  /** A bus nobody listens to: it holds no state, so every unobserved run (and every fork) shares it. */
  static readonly silent: EventBus = new EventBus();

  /** A bus for these listeners and reporters, or the shared silent bus when there are none. */
  static for(options: EventBusOptions): EventBus {
    const listening =
      (options.listeners?.length ?? 0) > 0 || (options.reporters?.length ?? 0) > 0 || (options.lightListeners?.length ?? 0) > 0;
    return listening ? new EventBus(options) : EventBus.silent;
  }

  readonly active: boolean;
  /** Someone wants the message events (snapshots, user_input, agent_message, system_event): a listener or a reporter. */
  readonly wantsMessages: boolean;

  /**
   * False when `flush()` has nothing to wait for or report: no reporter (the
   * listeners are synchronous) and no listener threw. The engine then skips it.
   */
  get needsFlush(): boolean {
    return this.deliveries.length > 0 || this.diagnostics.length > 0;
  }
  private readonly listeners: ReadonlyArray<EventListener>;
  private readonly deliveries: Array<{ reporter: Reporter; name: string; chain: Promise<void>; settled: boolean }>;
  private readonly diagnostics: Diagnostic[] = [];
  private readonly deliveryTimeoutMs: number;

  constructor(options: EventBusOptions = {}) {
    this.listeners =
      options.lightListeners && options.lightListeners.length > 0
        ? [...options.lightListeners, ...(options.listeners ?? [])]
        : (options.listeners ?? []);
    this.deliveries = (options.reporters ?? []).map((reporter, index) => ({
      reporter,
      name: reporter.name ?? `reporter #${index + 1}`,
      chain: Promise.resolve(),
      settled: true,
    }));
    this.deliveryTimeoutMs = options.deliveryTimeoutMs ?? DEFAULT_DELIVERY_TIMEOUT_MS;
    this.active = this.listeners.length > 0 || this.deliveries.length > 0;
    this.wantsMessages = (options.listeners?.length ?? 0) > 0 || this.deliveries.length > 0;
  }

  /** Delivers `event`; `result` accompanies `SCENARIO_RUN_FINISHED` for `onRunFinished`. */
  emit(event: ScenarioEvent, result?: ScenarioResult): void {
    for (const listener of this.listeners) {
      try {
        listener(event, result);
      } catch (error) {
        this.diagnostics.push({
          kind: "listener",
          message: `an onEvent listener threw on ${event.type}: ${errorMessage(error)}`,
        });
      }
    }
    for (const delivery of this.deliveries) {
      delivery.settled = false;
      const chain = delivery.chain
        .then(() => deliver(delivery.reporter, event, result))
        .catch((error: unknown) => {
          this.diagnostics.push({
            kind: "reporter",
            source: delivery.name,
            message: `${delivery.name} failed on ${event.type}: ${errorMessage(error)}`,
          });
        });
      delivery.chain = chain;
      void chain.then(() => {
        if (delivery.chain === chain) delivery.settled = true;
      });
    }
  }

  /**
   * Waits until every reporter has taken every event, or the delivery timeout
   * passes. Returns what went wrong (late or failing reporters, listener errors).
   */
  async flush(): Promise<Diagnostic[]> {
    const pending = this.deliveries.filter((delivery) => !delivery.settled);
    if (pending.length > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.deliveryTimeoutMs);
      });
      await Promise.race([Promise.all(pending.map((delivery) => delivery.chain)), timeout]);
      clearTimeout(timer);
      for (const delivery of pending) {
        if (!delivery.settled) {
          this.diagnostics.push({
            kind: "reporter",
            source: delivery.name,
            message: `${delivery.name} did not finish within ${this.deliveryTimeoutMs} ms; the run did not wait for it`,
          });
        }
      }
    }
    return [...this.diagnostics];
  }
}

async function deliver(reporter: Reporter, event: ScenarioEvent, result: ScenarioResult | undefined): Promise<void> {
  await reporter.onEvent?.(event);
  switch (event.type) {
    case "SCENARIO_RUN_STARTED":
      await reporter.onRunStarted?.(event);
      break;
    case "SCENARIO_MESSAGE_SNAPSHOT":
      await reporter.onMessageSnapshot?.(event);
      break;
    case "SCENARIO_RUN_FINISHED":
      if (result) await reporter.onRunFinished?.(event, result);
      break;
    default:
      break;
  }
}
