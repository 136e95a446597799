/**
 * Stores for the rate limits of model calls (`rateLimits` in a Rehearse config,
 * docs/decisions/0040) that every worker shares: @rehearse/core defines the
 * `RateLimitStore` port and keeps an in-process store; these put the windows
 * in Redis or PostgreSQL through `rate-limiter-flexible`, so workers on
 * several machines draw from one budget per provider and model, and a 429
 * seen by one makes all of them wait. Pass one to every `createRehearse` a
 * worker makes (`createRehearse({ rateLimitStore })`).
 */
import type { RateLimitStore, RateLimitWindow } from "@rehearse/core/platform";
import type { Pool } from "pg";
import { type RateLimiterAbstract, RateLimiterPostgres, RateLimiterRedis, RateLimiterRes } from "rate-limiter-flexible";

/** What a rate-limiter-flexible limiter is made with: one per window size, Rehearse's keys under `keyPrefix`. */
export interface FlexibleWindow {
  points: number;
  /** Seconds. */
  duration: number;
  keyPrefix: string;
}

/**
 * A `RateLimitStore` over rate-limiter-flexible limiters that `make` creates
 * (any of its stores: memory, Redis, PostgreSQL, …). A full window answers
 * with its `msBeforeNext`; a failure of the store itself rejects, failing the
 * model call (give the limiters an `insuranceLimiter` to fall back to memory instead).
 *
 * @example
 * const store = flexibleRateLimitStore((window) => new RateLimiterMemory(window));
 */
export function flexibleRateLimitStore(make: (window: FlexibleWindow) => RateLimiterAbstract): RateLimitStore {
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (window: RateLimitWindow) => {
    const size = `${window.points}/${window.durationMs}`;
    let limiter = limiters.get(size);
    if (!limiter) {
      limiter = make({
        points: window.points,
        duration: Math.max(1, Math.ceil(window.durationMs / 1000)),
        keyPrefix: "rehearse",
      });
      limiters.set(size, limiter);
    }
    return limiter;
  };
  return {
    async consume(key, points, window) {
      try {
        await limiterFor(window).consume(key, Math.min(points, window.points));
        return 0;
      } catch (error) {
        if (error instanceof RateLimiterRes) return Math.max(1, error.msBeforeNext);
        throw error;
      }
    },
    async block(key, milliseconds, window) {
      const limiter = limiterFor(window);
      const current = await limiter.get(key);
      // a longer block (or a window already spent for longer) stays as it is
      if (current && current.consumedPoints > window.points && current.msBeforeNext >= milliseconds) return;
      await limiter.block(key, milliseconds / 1000);
    },
    async adjust(key, points, window) {
      if (points > 0) await limiterFor(window).penalty(key, points);
      else if (points < 0) await limiterFor(window).reward(key, -points);
    },
  };
}

/**
 * The store on Redis (an ioredis client, or node-redis with `useRedisPackage`
 * as rate-limiter-flexible documents). Each check is one round trip.
 *
 * @example
 * const store = redisRateLimitStore(new Redis(process.env.REDIS_URL));
 */
export function redisRateLimitStore(client: unknown, options: { useRedisPackage?: boolean } = {}): RateLimitStore {
  return flexibleRateLimitStore((window) => new RateLimiterRedis({ storeClient: client, ...options, ...window }));
}

/**
 * The store on PostgreSQL through a `pg` pool: one row per key in `tableName`
 * (`key varchar(255) primary key, points integer, expire bigint`), made if it
 * is missing (under an advisory lock, so workers starting together do not
 * race) before the store is returned.
 *
 * @example
 * const store = await postgresRateLimitStore(new pg.Pool({ connectionString }));
 */
export async function postgresRateLimitStore(pool: Pool, tableName = "rehearse_model_rate_limits"): Promise<RateLimitStore> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(tableName)) throw new Error(`"${tableName}" is not a plain table name`);
  // made here under an advisory lock: workers starting together would race on CREATE TABLE IF NOT EXISTS
  // ("type … already exists"), which rate-limiter-flexible's own creation does not guard against
  const client = await pool.connect();
  try {
    await client.query("begin");
    await client.query("select pg_advisory_xact_lock(hashtext($1))", [`rehearse-rate-limits:${tableName}`]);
    await client.query(
      `create table if not exists ${tableName} (key varchar(255) primary key, points integer not null default 0, expire bigint)`,
    );
    await client.query("commit");
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return flexibleRateLimitStore(
    (window) =>
      new RateLimiterPostgres({ storeClient: pool, tableName, tableCreated: true, clearExpiredByTimeout: false, ...window }),
  );
}
