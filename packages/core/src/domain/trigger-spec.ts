/** Fields every trigger accepts. */
interface TriggerLimits {
  /**
   * Stop firing after this many fires. Default: 1, so a trigger fires once
   * (U-OR-5), except a `timestamp` trigger with a `duration`, which stays
   * active for its whole window unless limited.
   */
  readonly max_triggers?: number;
}

/** Fires once the virtual clock (seconds since the run started) reaches `at`. */
export interface TimestampTriggerSpec extends TriggerLimits {
  readonly kind: "timestamp";
  /** Seconds since the run start, ≥ 0. */
  readonly at: number;
  /** Seconds the trigger stays active after `at` (window `[at, at + duration)`), > 0. */
  readonly duration?: number;
}

/** Fires once `count` events (of `event_type`, or of any type) have happened. */
export interface EventCountTriggerSpec extends TriggerLimits {
  readonly kind: "event_count";
  /** Events needed, an integer ≥ 1. */
  readonly count: number;
  /** Only count events of this type; all events when absent. */
  readonly event_type?: string;
}

/** Fires with `probability` at each evaluation, drawing from the run's seeded random. */
export interface RandomTriggerSpec extends TriggerLimits {
  readonly kind: "random";
  /** Chance in [0, 1] of firing per evaluation; 0 never fires, 1 always does. */
  readonly probability: number;
}

/** When an injection fires. Field names follow the scenario-file (snake_case) vocabulary. */
export type TriggerSpec = TimestampTriggerSpec | EventCountTriggerSpec | RandomTriggerSpec;
