import { ConfigError } from "../domain/errors.js";
import type { EventCountTriggerSpec, RandomTriggerSpec, TimestampTriggerSpec, TriggerSpec } from "../domain/trigger-spec.js";

export type { EventCountTriggerSpec, RandomTriggerSpec, TimestampTriggerSpec, TriggerSpec } from "../domain/trigger-spec.js";

/** What a trigger sees when evaluated. */
export interface TriggerContext {
  /** Virtual clock: seconds since the run started. */
  readonly now: number;
  /** Events so far, by event type. */
  readonly eventCounts: Readonly<Record<string, number>>;
  /** Events so far, all types. */
  readonly totalEvents: number;
}

/** The outcome of one evaluation; `reason` explains it either way, for the injection log. */
export interface TriggerDecision {
  readonly fired: boolean;
  readonly reason: string;
}

/** A validated trigger that remembers how often it fired. */
export interface Trigger {
  /** The validated spec. */
  readonly spec: TriggerSpec;
  /** How many evaluations have fired so far. */
  readonly fires: number;
  /** Decides whether the trigger fires now; counts the fire against `max_triggers`. */
  evaluate(context: TriggerContext): TriggerDecision;
}

/** Options of {@link createTrigger}. */
export interface CreateTriggerOptions {
  /** The run's seeded random source, numbers in [0, 1); required by `random` triggers. */
  readonly random?: () => number;
  /** Where the spec came from (a file path), for error messages. Default `createTrigger()`. */
  readonly source?: string;
  /** Dotted path of the spec within `source`, prefixed to field paths in errors. */
  readonly path?: string;
}

const fieldsByKind = {
  timestamp: ["kind", "at", "duration", "max_triggers"],
  event_count: ["kind", "count", "event_type", "max_triggers"],
  random: ["kind", "probability", "max_triggers"],
} as const satisfies Record<TriggerSpec["kind"], readonly string[]>;

/**
 * Validates a trigger spec (a bad value throws `ConfigError` naming the field)
 * and returns a trigger to evaluate at each check point. I/O-free and
 * deterministic: the only randomness is `options.random`, the run's seeded RNG,
 * drawn once per evaluation of a `random` trigger that can still fire.
 *
 * @example
 * const trigger = createTrigger({ kind: "random", probability: 0.3, max_triggers: 2 }, { random: () => rng.next() });
 * const decision = trigger.evaluate({ now: 12, eventCounts: { user_input: 3 }, totalEvents: 7 });
 * log.push(decision.reason); // e.g. "random 0.42 ≥ probability 0.3"
 */
export function createTrigger(spec: TriggerSpec, options: CreateTriggerOptions = {}): Trigger {
  const valid = validate(spec, options);
  const random = options.random;
  const limit = valid.max_triggers ?? (valid.kind === "timestamp" && valid.duration !== undefined ? Infinity : 1);
  let fires = 0;
  const check = (context: TriggerContext): TriggerDecision => {
    switch (valid.kind) {
      case "timestamp":
        return checkTimestamp(valid, context.now);
      case "event_count":
        return checkEventCount(valid, context);
      case "random":
        // validate() guarantees `random` for this kind.
        return checkRandom(valid, (random as () => number)());
      default:
        return valid satisfies never;
    }
  };
  return {
    spec: valid,
    get fires() {
      return fires;
    },
    evaluate(context) {
      // Checked before drawing so an exhausted trigger does not consume the shared RNG.
      if (fires >= limit) return { fired: false, reason: `max_triggers ${limit} reached` };
      const decision = check(context);
      if (decision.fired) fires++;
      return decision;
    },
  };
}

function checkTimestamp(spec: TimestampTriggerSpec, now: number): TriggerDecision {
  const at = seconds(spec.at);
  if (spec.duration === undefined) {
    return now >= spec.at
      ? { fired: true, reason: `timestamp ${at} reached at ${seconds(now)}` }
      : { fired: false, reason: `timestamp ${at} not reached at ${seconds(now)}` };
  }
  const window = `timestamp window ${at}–${seconds(spec.at + spec.duration)}`;
  if (now < spec.at) return { fired: false, reason: `${window} not reached at ${seconds(now)}` };
  if (now >= spec.at + spec.duration) return { fired: false, reason: `${window} ended at ${seconds(now)}` };
  return { fired: true, reason: `${window} active at ${seconds(now)}` };
}

function checkEventCount(spec: EventCountTriggerSpec, context: TriggerContext): TriggerDecision {
  const seen = spec.event_type === undefined ? context.totalEvents : (context.eventCounts[spec.event_type] ?? 0);
  const what = spec.event_type === undefined ? "events" : `${spec.event_type} events`;
  return seen >= spec.count
    ? { fired: true, reason: `event_count ${spec.count} reached: ${seen} ${what}` }
    : { fired: false, reason: `event_count ${spec.count} not reached: ${seen} ${what}` };
}

function checkRandom(spec: RandomTriggerSpec, draw: number): TriggerDecision {
  if (!(draw >= 0 && draw < 1)) throw new RangeError(`random trigger: random() must return a number in [0, 1), got ${draw}`);
  const fired = draw < spec.probability;
  const shown = formatDraw(draw, spec.probability);
  return { fired, reason: `random ${shown} ${fired ? "<" : "≥"} probability ${spec.probability}` };
}

/** Four significant digits, unless rounding would make the draw look equal to the threshold. */
function formatDraw(draw: number, probability: number): string {
  const short = Number(draw.toPrecision(4));
  return short === probability && draw !== probability ? String(draw) : String(short);
}

function seconds(value: number): string {
  return `${Number(value.toFixed(3))}s`;
}

function validate(spec: TriggerSpec, options: CreateTriggerOptions): TriggerSpec {
  const source = options.source ?? "createTrigger()";
  const fail = (field: string, problem: string): never => {
    const path = options.path ? `${options.path}.${field}` : field;
    throw new ConfigError(`trigger: \`${path}\` ${problem}`, { source, path });
  };
  if (typeof spec !== "object" || spec === null) return fail("kind", "missing: the trigger must be an object");
  const record = spec as unknown as Record<string, unknown>;
  const kind = record.kind;
  if (typeof kind !== "string" || !Object.hasOwn(fieldsByKind, kind)) {
    return fail("kind", `must be one of ${Object.keys(fieldsByKind).join(", ")}, got ${JSON.stringify(kind)}`);
  }
  const allowed: readonly string[] = fieldsByKind[kind as TriggerSpec["kind"]];
  for (const field of Object.keys(record)) {
    if (!allowed.includes(field)) fail(field, `is not a field of ${kind} triggers (allowed: ${allowed.join(", ")})`);
  }
  const number = (field: string, test: (value: number) => boolean, expected: string, optional = false) => {
    const value = record[field];
    if (value === undefined && optional) return;
    if (typeof value !== "number" || !Number.isFinite(value) || !test(value)) {
      fail(field, `must be ${expected}, got ${JSON.stringify(value)}`);
    }
  };
  number("max_triggers", (value) => Number.isInteger(value) && value >= 1, "an integer ≥ 1", true);
  if (kind === "timestamp") {
    number("at", (value) => value >= 0, "a number of seconds ≥ 0");
    number("duration", (value) => value > 0, "a number of seconds > 0", true);
  } else if (kind === "event_count") {
    number("count", (value) => Number.isInteger(value) && value >= 1, "an integer ≥ 1");
    const type = record.event_type;
    if (type !== undefined && (typeof type !== "string" || type === "")) {
      fail("event_type", `must be a non-empty string, got ${JSON.stringify(type)}`);
    }
  } else {
    number("probability", (value) => value >= 0 && value <= 1, "a number from 0 to 1");
    if (typeof options.random !== "function") fail("kind", "random needs the run's seeded random (options.random)");
  }
  return { ...spec };
}
