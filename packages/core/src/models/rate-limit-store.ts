/** A bucket's size: at most `points` per `durationMs` (a fixed window starting with its first use). */
export interface RateLimitWindow {
  points: number;
  durationMs: number;
}

/**
 * Where the windows of model-call rate limits live (docs/decisions/0040). The
 * memory store (`createMemoryRateLimitStore`) serves one process; a store on
 * Redis or PostgreSQL (`@rehearse/server`, over `rate-limiter-flexible`) is
 * shared by every worker given it, so they share each provider's limits.
 * Keys name the bucket (`rehearse:requests:openai:gpt-4.1-mini`); `window`
 * is the same for every call of one key.
 */
export interface RateLimitStore {
  /**
   * Takes `points` from `key`'s window. Resolves to 0 when they were taken, or
   * to the milliseconds until the window has room again (a block included);
   * then nothing may be counted for the caller, which waits and asks again.
   * A request for more points than the window holds is taken alone in an empty window.
   */
  consume(key: string, points: number, window: RateLimitWindow): Promise<number>;
  /** Closes `key` for `milliseconds` (a 429's `Retry-After`): until then every `consume` waits. Never shortens a block. */
  block(key: string, milliseconds: number, window: RateLimitWindow): Promise<void>;
  /** Counts `points` more (negative: fewer) in `key`'s current window, e.g. actual tokens against the estimate. Never waits. */
  adjust(key: string, points: number, window: RateLimitWindow): Promise<void>;
}

/** One key's state in the memory store. */
interface Bucket {
  used: number;
  /** When the current window ends (ms, the store's clock). */
  endsAt: number;
  blockedUntil: number;
}

/**
 * The in-process store: fixed windows in a `Map`, one entry per key (a context
 * has a handful of provider and model keys). The default of every context;
 * pass one instance to several `createRehearse` contexts to make them share
 * their limits in one process.
 *
 * @example
 * const store = createMemoryRateLimitStore();
 * const first = createRehearse({ rateLimitStore: store });
 * const second = createRehearse({ rateLimitStore: store });
 */
export function createMemoryRateLimitStore(options: { now?: () => number } = {}): RateLimitStore {
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();
  const current = (key: string, window: RateLimitWindow, time: number): Bucket => {
    let bucket = buckets.get(key);
    if (!bucket) {
      bucket = { used: 0, endsAt: time + window.durationMs, blockedUntil: 0 };
      buckets.set(key, bucket);
    } else if (time >= bucket.endsAt) {
      bucket.used = 0;
      bucket.endsAt = time + window.durationMs;
    }
    return bucket;
  };
  return {
    consume(key, points, window) {
      const time = now();
      const bucket = current(key, window, time);
      if (bucket.blockedUntil > time) return Promise.resolve(bucket.blockedUntil - time);
      const wanted = Math.min(points, window.points);
      if (bucket.used + wanted > window.points) return Promise.resolve(Math.max(1, bucket.endsAt - time));
      bucket.used += wanted;
      return Promise.resolve(0);
    },
    block(key, milliseconds, window) {
      const time = now();
      const bucket = current(key, window, time);
      bucket.blockedUntil = Math.max(bucket.blockedUntil, time + milliseconds);
      return Promise.resolve();
    },
    adjust(key, points, window) {
      const bucket = current(key, window, now());
      bucket.used = Math.max(0, bucket.used + points);
      return Promise.resolve();
    },
  };
}
