import type { LanguageModelV3Middleware } from "@ai-sdk/provider";
import { callKey, canonicalValue, type JsonValue, plainData, reviveBytes } from "./call-key.js";
import { CassetteMissError } from "./cassette-miss-error.js";
import type { CassetteEntry, CassetteMode, CassetteRecorder, CassetteSlot, CassetteStats } from "./cassette-recorder.js";
import { createRecordReplayMiddleware, type RecordReplayHooks } from "./middleware/record-replay.js";

export { CassetteMissError } from "./cassette-miss-error.js";
export type { CassetteEntry, CassetteMode, CassetteRecorder, CassetteSlot, CassetteStats } from "./cassette-recorder.js";

/** One scenario's recordings, as stored in `.rehearse/cassettes/<scenario>.json`. */
export interface Cassette {
  version: 1;
  /** The scenario id. */
  scenario: string;
  entries: CassetteEntry[];
}

/**
 * Where cassettes live. `createCassetteFileStore` keeps one JSON file per
 * scenario; tests may keep them in memory.
 */
export interface CassetteStore {
  /** The scenario's cassette, `undefined` when none was recorded. */
  load(scenarioId: string): Promise<Cassette | undefined>;
  /** Merges `entries` into the stored cassette by key (these win), then writes it. */
  save(scenarioId: string, entries: CassetteEntry[]): Promise<void>;
}

/** Record/replay for one scenario run. */
export interface CassetteSession {
  readonly mode: CassetteMode;
  readonly scenarioId: string;
  /** Live counts; read them after the run. */
  readonly stats: Readonly<CassetteStats>;
  /** The middleware for one model; place it outermost so replayed calls skip usage, retries and limits. */
  middleware(modelKey: string, hooks?: RecordReplayHooks): LanguageModelV3Middleware;
  /**
   * Records or replays `compute()` under `name` and `args` (all of them in the
   * key). The value must be plain JSON data (or bytes): a replay must give back
   * what the live call gave.
   */
  cached<T>(name: string, args: unknown[], compute: () => Promise<T>): Promise<T>;
  /** Writes what was recorded (nothing when nothing was; never in `off` or `replay`). Call once after the run. */
  flush(): Promise<void>;
}

/** Options of `createCassetteSession`. */
export interface CassetteSessionOptions {
  mode: CassetteMode;
  scenarioId: string;
  /** The scenario's `cacheKey`: changing it invalidates every recording of the scenario. */
  cacheKey?: string | undefined;
  store: CassetteStore;
  /** Where the cassette is, for messages (e.g. `.rehearse/cassettes/checkout.json`). */
  cassettePath: string;
}

/**
 * Record/replay for one scenario run: one per run, since identical calls are
 * told apart by how often they were made in the run.
 *
 * @example
 * ```ts
 * const store = createCassetteFileStore({ directory: resolve(".rehearse/cassettes") });
 * const session = createCassetteSession({ mode: "auto", scenarioId, store, cassettePath: store.pathFor(scenarioId) });
 * const model = wrapLanguageModel({ model: provider, middleware: session.middleware("openai:gpt-4.1-mini") });
 * try { await runTheScenario(model); } finally { await session.flush(); }
 * ```
 */
export function createCassetteSession(options: CassetteSessionOptions): CassetteSession {
  const recorder = createCassetteRecorder(options);
  return {
    mode: options.mode,
    scenarioId: options.scenarioId,
    stats: recorder.stats,
    middleware: (modelKey, hooks) => createRecordReplayMiddleware(recorder, modelKey, hooks),
    cached: (name, args, compute) => cachedCall(recorder, name, args, compute),
    flush: () => recorder.flush(),
  };
}

function createCassetteRecorder(options: CassetteSessionOptions): CassetteRecorder {
  const stats: CassetteStats = { calls: 0, hits: 0, misses: 0, recorded: 0 };
  const occurrences = new Map<string, number>();
  const recorded = new Map<string, CassetteEntry>();
  let loaded: Promise<Map<string, CassetteEntry>> | undefined;
  const load = async (): Promise<Map<string, CassetteEntry>> => {
    const cassette = await options.store.load(options.scenarioId);
    return new Map((cassette?.entries ?? []).map((entry) => [entry.key, entry]));
  };
  return {
    mode: options.mode,
    stats,
    claim(kind, model, request) {
      const canonical = canonicalValue(request);
      // The identity of the call without its occurrence; the n-th identical call gets occurrence n.
      const parts = { kind, call: canonical, scenario: options.scenarioId, cacheKey: options.cacheKey ?? null };
      const base = callKey(parts);
      const occurrence = occurrences.get(base) ?? 0;
      occurrences.set(base, occurrence + 1);
      stats.calls += 1;
      return { key: callKey({ ...parts, occurrence }), kind, model, occurrence, request: canonical };
    },
    async recordingFor(slot, functionName) {
      if (options.mode === "record" || options.mode === "off") return undefined;
      loaded ??= load();
      const entry = (await loaded).get(slot.key);
      if (entry && entry.kind === slot.kind) {
        stats.hits += 1;
        return entry;
      }
      stats.misses += 1;
      if (options.mode === "replay") throw missError(options, slot, functionName);
      return undefined;
    },
    record(slot, response) {
      if (options.mode === "replay" || options.mode === "off") return;
      if (!recorded.has(slot.key)) stats.recorded += 1;
      const { key, kind, model, occurrence, request } = slot;
      recorded.set(key, { key, kind, ...(model === undefined ? {} : { model }), occurrence, request, response });
    },
    async flush() {
      if (recorded.size === 0) return;
      const entries = [...recorded.values()];
      recorded.clear();
      await options.store.save(options.scenarioId, entries);
    },
  };
}

function missError(options: CassetteSessionOptions, slot: CassetteSlot, functionName: string | undefined): CassetteMissError {
  return new CassetteMissError({
    key: slot.key,
    cassette: options.cassettePath,
    occurrence: slot.occurrence,
    ...(slot.model === undefined ? {} : { model: slot.model }),
    ...(functionName === undefined ? {} : { functionName }),
  });
}

async function cachedCall<T>(recorder: CassetteRecorder, name: string, args: unknown[], compute: () => Promise<T>): Promise<T> {
  if (recorder.mode === "off") return compute();
  const slot = recorder.claim("function", undefined, { function: name, args });
  const recording = await recorder.recordingFor(slot, name);
  if (recording) return reviveBytes((recording.response as { value?: unknown }).value) as T;
  const value = await compute();
  // An `undefined` result is stored as an empty response; `reviveBytes(undefined)` gives it back.
  const response: JsonValue = value === undefined ? {} : { value: plainData(value, `cache(): the value returned by "${name}"`) };
  recorder.record(slot, response);
  return value;
}

/**
 * A `CassetteStore` in memory (for tests, or a run that must not touch the
 * disk). `saves` counts the `save` calls.
 *
 * @example
 * ```ts
 * const store = createMemoryCassetteStore();
 * const session = createCassetteSession({ mode: "auto", scenarioId: "s", store, cassettePath: "memory" });
 * ```
 */
export function createMemoryCassetteStore(): CassetteStore & {
  readonly cassettes: Map<string, Cassette>;
  readonly saves: number;
} {
  const cassettes = new Map<string, Cassette>();
  let saves = 0;
  return {
    cassettes,
    get saves() {
      return saves;
    },
    async load(scenarioId) {
      return structuredClone(cassettes.get(scenarioId));
    },
    async save(scenarioId, entries) {
      saves += 1;
      const byKey = new Map(cassettes.get(scenarioId)?.entries.map((entry) => [entry.key, entry]));
      for (const entry of structuredClone(entries)) byKey.set(entry.key, entry);
      const sorted = [...byKey.values()].sort((left, right) => (left.key < right.key ? -1 : 1));
      cassettes.set(scenarioId, { version: 1, scenario: scenarioId, entries: sorted });
    },
  };
}
