import { currentRunContext } from "./run-context.js";

/** Options of `cache()`. */
export interface CacheOptions {
  /** The name in the cassette key; defaults to the function's own name (required for anonymous functions). */
  name?: string;
  /** Argument positions (0-based) left out of the key, e.g. a client object or a logger. */
  ignore?: number[];
}

/**
 * Records and replays an async function of your own (an agent's model call
 * through another SDK, a slow tool) with the run's cassette, like model calls:
 * in `record` and `auto` runs the awaited result is stored in the scenario's
 * cassette, in `replay` (and `auto` hits) it comes back from there without
 * calling `fn`. Outside a run, or with cassettes `off`, `fn` is simply called.
 *
 * The key holds the function name, every argument (positions in `ignore`
 * aside), the scenario id, its `cacheKey`, and how often the same call was
 * made before in the run (so a retry gets its own recording). An argument that
 * looks like an `AgentInput` is keyed without `threadId`, `scenarioState`,
 * `scenarioConfig`, `signal`, `models` and `tools`: ids and handles that change
 * per run and would make every replay miss. The result must be plain JSON data
 * (or bytes), so that a replay returns what the live call returned; object keys
 * come back sorted.
 *
 * @example
 * ```ts
 * const answer = cache(async function answer(input: AgentInput) {
 *   return (await myClient.chat(input.messages)).text;
 * });
 * const agent = { role: AgentRole.AGENT, call: (input: AgentInput) => answer(input) };
 * ```
 */
export function cache<This, Args extends unknown[], Result>(
  fn: (this: This, ...args: Args) => Promise<Result>,
  options: CacheOptions = {},
): (this: This, ...args: Args) => Promise<Result> {
  const name = options.name ?? fn.name;
  if (!name) throw new TypeError('cache(fn) needs a name for an anonymous function: cache(fn, { name: "…" })');
  const ignored = new Set(options.ignore ?? []);
  return function cached(this: This, ...args: Args): Promise<Result> {
    const context = currentRunContext();
    if (!context?.session || context.session.mode === "off") return fn.apply(this, args);
    // Positions are kept (ignored ones become null) so that ignoring one argument does not shift the others.
    const keyed = args.map((argument, index) => (ignored.has(index) ? null : keyedArgument(argument)));
    return context.session.cached(name, keyed, () => fn.apply(this, args));
  };
}

/** Per-run fields of an `AgentInput` that must not be in a key. */
const perRunFields = ["threadId", "scenarioState", "scenarioConfig", "signal", "models", "tools"] as const;

function keyedArgument(argument: unknown): unknown {
  if (!isAgentInputLike(argument)) return argument;
  const copy: Record<string, unknown> = { ...argument };
  for (const field of perRunFields) delete copy[field];
  return copy;
}

function isAgentInputLike(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.threadId === "string" && Array.isArray(record.messages) && "requestedRole" in record;
}
