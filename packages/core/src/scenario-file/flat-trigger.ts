/**
 * The seed's flat trigger keys (`trigger_type` with `target_timestamp` /
 * `target_event_count` / `probability`, plus `max_triggers` and `duration`)
 * and their translation to a canonical `trigger: { kind, … }`.
 *
 * @module
 */
import { z } from "zod";
import { conditionTypes, type Injection } from "../domain/declarative.js";
import type { TriggerSpec } from "../environment/triggers.js";

const triggerKinds = ["timestamp", "event_count", "random"] as const;
type TriggerKind = (typeof triggerKinds)[number];
/** Zod fields of the flat trigger keys. */
export const flatShape = {
  trigger_type: z.enum(triggerKinds).optional(),
  target_timestamp: z.number().min(0).optional(),
  target_event_count: z.int().min(1).optional(),
  probability: z.number().min(0).max(1).optional(),
  max_triggers: z.int().min(1).optional(),
  duration: z.number().positive().optional(),
};
/** A flat trigger key other than `trigger_type`. */
export type FlatKey = Exclude<keyof typeof flatShape, "trigger_type">;
const flatKeys = ["target_timestamp", "target_event_count", "probability", "max_triggers", "duration"] as const;
const keysOfKind: Record<TriggerKind, readonly FlatKey[]> = {
  timestamp: ["target_timestamp", "duration", "max_triggers"],
  event_count: ["target_event_count", "max_triggers"],
  random: ["probability", "max_triggers"],
};
const requiredKey: Record<TriggerKind, FlatKey> = {
  timestamp: "target_timestamp",
  event_count: "target_event_count",
  random: "probability",
};
/** Flat keys that are an injection's own fields, not trigger fields (seed §1.5). */
const ownKeys: Partial<Record<string, readonly FlatKey[]>> = {
  tool_error: ["probability"],
  system_condition: ["target_timestamp", "duration"],
};

/** An injection object as written, flat keys and all. */
export type FlatValue = Record<string, unknown> & { trigger_type?: TriggerKind; trigger?: unknown };

/** Flat keys that are the injection's own fields for `type` (seed §1.5), so not trigger keys. */
export function ownFlatKeys(type: string): readonly FlatKey[] {
  return ownKeys[type] ?? [];
}

/** Refinement: flat trigger keys come with a `trigger_type`, fit it, and do not meet a canonical `trigger`. */
export function checkFlatTrigger(kind: string) {
  const own = ownFlatKeys(kind);
  return (value: FlatValue, context: z.RefinementCtx): void => {
    const issue = (key: string, message: string) => context.addIssue({ code: "custom", path: [key], message });
    const present = flatKeys.filter((key) => !own.includes(key) && value[key] !== undefined);
    const triggerKind = value.trigger_type;
    if (triggerKind === undefined) {
      const [first] = present;
      if (first) issue(first, `is a trigger field: add trigger_type (${triggerKinds.join(", ")}) or use trigger: { kind, … }`);
      return;
    }
    if (value.trigger !== undefined) issue("trigger_type", "give either trigger or trigger_type, not both");
    if (kind === "tool_error" && triggerKind === "random") {
      issue("trigger_type", "a tool_error takes its chance per call as probability; leave out trigger_type: random");
      return;
    }
    for (const key of present) {
      if (!keysOfKind[triggerKind].includes(key)) issue(key, `does not apply to trigger_type ${triggerKind}`);
    }
    const required = requiredKey[triggerKind];
    if (!own.includes(required) && value[required] === undefined)
      issue("trigger_type", `trigger_type ${triggerKind} needs ${required}`);
  };
}

/** The injection with its flat trigger keys replaced by `trigger: { kind, … }`. */
export function toCanonical(kind: string) {
  const own = ownFlatKeys(kind);
  return (value: FlatValue): Record<string, unknown> => {
    const { trigger_type: triggerKind, ...rest } = value;
    const output: Record<string, unknown> = { ...rest };
    for (const key of flatKeys) if (!own.includes(key)) delete output[key];
    // On a system_condition the start time is its own target_timestamp, so `trigger_type: timestamp` adds nothing.
    if (triggerKind === undefined || own.includes(requiredKey[triggerKind])) return output;
    const limit = value.max_triggers === undefined ? {} : { max_triggers: value.max_triggers as number };
    const trigger: TriggerSpec =
      triggerKind === "timestamp"
        ? { kind: "timestamp", at: value.target_timestamp as number, ...optional("duration", value.duration), ...limit }
        : triggerKind === "event_count"
          ? { kind: "event_count", count: value.target_event_count as number, ...limit }
          : { kind: "random", probability: value.probability as number, ...limit };
    return { ...output, trigger };
  };
}

function optional<Key extends string>(key: Key, value: unknown): Partial<Record<Key, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<Key, number>);
}

// ─── templates ─────────────────────────────────────────────────────────────

/**
 * A template's injection with a reference's fields on top (a shallow
 * override, checked afterwards with the file injection schema). When the
 * reference touches the trigger the template's gives way: `trigger` or
 * `trigger_type` replace it, and a lone flat key (`probability: 0.1`) edits it,
 * so the template's trigger is rewritten in flat keys first.
 */
export function mergeTemplate(injection: Injection, overrides: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const type = String(overrides.type ?? injection.type);
  const kind = (conditionTypes as readonly string[]).includes(type) ? "system_condition" : type;
  const own = ownFlatKeys(kind);
  const { trigger, ...rest } = injection as Injection & Record<string, unknown>;
  if ("trigger" in overrides || "trigger_type" in overrides) return { ...rest, ...overrides };
  const editsTrigger = trigger !== undefined && flatKeys.some((key) => !own.includes(key) && key in overrides);
  if (!editsTrigger) return { ...injection, ...overrides };
  return { ...rest, ...flatTrigger(trigger as TriggerSpec), ...overrides };
}

function flatTrigger(trigger: TriggerSpec): Record<string, unknown> {
  const limit = trigger.max_triggers === undefined ? {} : { max_triggers: trigger.max_triggers };
  switch (trigger.kind) {
    case "timestamp":
      return { trigger_type: "timestamp", target_timestamp: trigger.at, ...optional("duration", trigger.duration), ...limit };
    case "event_count":
      // event_type has no flat spelling, so such a trigger stays whole (and the flat key is reported against it).
      return trigger.event_type === undefined
        ? { trigger_type: "event_count", target_event_count: trigger.count, ...limit }
        : { trigger };
    case "random":
      return { trigger_type: "random", probability: trigger.probability, ...limit };
    default:
      return trigger satisfies never;
  }
}
