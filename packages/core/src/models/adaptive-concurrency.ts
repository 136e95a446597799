/** A call's hold on one slot of an {@link AdaptiveConcurrency}. */
export interface ConcurrencySlot {
  /** The limit's generation when the slot was given: a 429 halves the limit once per generation. */
  readonly generation: number;
  /** Gives the slot back (safe to call twice). */
  release(): void;
}

/**
 * A concurrency limit that adapts to the provider (AIMD, as TCP's congestion
 * window): it starts at `max`, halves when a call is rate limited (429) and
 * grows by one with each call that succeeds, never above `max` nor below 1.
 * A burst of 429s halves it once: a 429 from a call let in before the last
 * halving (an older generation) is already accounted for. Waiting calls go
 * first in, first out; a waiter whose signal aborts leaves the line.
 *
 * @example
 * const concurrency = new AdaptiveConcurrency(8);
 * const slot = await concurrency.acquire(signal);
 * try { await call(); concurrency.succeeded(); } catch (error) { if (is429(error)) concurrency.rateLimited(slot); throw error; }
 * finally { slot.release(); }
 */
export class AdaptiveConcurrency {
  #limit: number;
  #active = 0;
  #generation = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(readonly max: number) {
    this.#limit = max;
  }

  /** The calls allowed in flight now. */
  get limit(): number {
    return this.#limit;
  }

  /** The calls in flight now. */
  get active(): number {
    return this.#active;
  }

  /** A slot, once one is free under the current limit. Rejects with the signal's reason if it aborts first. */
  async acquire(signal?: AbortSignal): Promise<ConcurrencySlot> {
    signal?.throwIfAborted();
    if (this.#active < this.#limit) this.#active++;
    else await this.#waitInLine(signal);
    let released = false;
    return {
      generation: this.#generation,
      release: () => {
        if (released) return;
        released = true;
        this.#active--;
        this.#admit();
      },
    };
  }

  /** Additive increase: one more slot, up to `max`. */
  succeeded(): void {
    if (this.#limit >= this.max) return;
    this.#limit++;
    this.#admit();
  }

  /** Multiplicative decrease: half the slots (at least 1), once per generation. */
  rateLimited(slot: ConcurrencySlot): void {
    if (slot.generation !== this.#generation) return;
    this.#generation++;
    this.#limit = Math.max(1, Math.floor(this.#limit / 2));
  }

  /** Lets waiting calls in while the limit has room. */
  #admit(): void {
    while (this.#active < this.#limit) {
      const next = this.#waiting.shift();
      if (!next) return;
      this.#active++;
      next();
    }
  }

  #waitInLine(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const index = this.#waiting.indexOf(admitted);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(signal?.reason);
      };
      const admitted = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      this.#waiting.push(admitted);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }
}
