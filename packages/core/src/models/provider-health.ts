import { AdaptiveConcurrency } from "./adaptive-concurrency.js";
import { CircuitBreaker, type CircuitBreakerSettings } from "./circuit-breaker.js";

/**
 * What a context learns about its providers while it runs: each provider's
 * circuit (fallback chains) and each rate-limit entry's adaptive concurrency
 * (`rateLimits.*.maxConcurrency`). Every context has its own unless given one
 * (`createRehearse({ providerHealth })`): a worker that makes a context per
 * job passes the same one to all of them, so a provider found down or
 * rate limited by one job is treated so by the next. Each circuit and limit
 * keeps the settings of the context that first used it.
 */
export interface ProviderHealth {
  /** The circuit of a provider endpoint (`openai`, `openai-compatible:<baseURL>`), made with `settings` on first use. */
  circuit(provider: string, settings: CircuitBreakerSettings): CircuitBreaker;
  /** The adaptive concurrency of a rate-limit entry (`openai`, `openai:gpt-4.1-mini`), made with `max` on first use. */
  concurrency(entry: string, max: number): AdaptiveConcurrency;
}

/**
 * A fresh {@link ProviderHealth}: every circuit closed, every limit at its maximum.
 *
 * @example
 * const providerHealth = createProviderHealth();
 * const rateLimitStore = createMemoryRateLimitStore();
 * for (const job of jobs) await createRehearse({ providerHealth, rateLimitStore }).run(job.scenario);
 */
export function createProviderHealth(): ProviderHealth {
  const circuits = new Map<string, CircuitBreaker>();
  const limits = new Map<string, AdaptiveConcurrency>();
  return {
    circuit(provider, settings) {
      let circuit = circuits.get(provider);
      if (!circuit) {
        circuit = new CircuitBreaker(settings);
        circuits.set(provider, circuit);
      }
      return circuit;
    },
    concurrency(entry, max) {
      let limit = limits.get(entry);
      if (!limit) {
        limit = new AdaptiveConcurrency(max);
        limits.set(entry, limit);
      }
      return limit;
    },
  };
}
