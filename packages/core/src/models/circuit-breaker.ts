/** When a provider's circuit opens and for how long. */
export interface CircuitBreakerSettings {
  /** Consecutive failed calls (after their retries) that open the circuit (default 5). */
  failureThreshold: number;
  /** How long an open circuit sends calls elsewhere before one probe call may try again (default 30 000). */
  cooldownMs: number;
}

/** The settings used where none are given. */
export const defaultCircuitBreaker: Readonly<CircuitBreakerSettings> = { failureThreshold: 5, cooldownMs: 30_000 };

/** Whether a call may go to the provider: as usual, as the one probe of a half-open circuit, or not at all. */
export type Admission = "closed" | "probe" | "open";

/**
 * One provider's circuit: closed (calls go through) until `failureThreshold`
 * consecutive calls fail, then open (calls skip the provider) for
 * `cooldownMs`, then half-open: one probe call goes through, and its success
 * closes the circuit while its failure opens it for another cool-down. Any
 * success closes it. A failure counts only from a call let in while closed
 * or as the probe: a call that began before the circuit opened says nothing new.
 */
export class CircuitBreaker {
  #state: "closed" | "open" | "half-open" = "closed";
  #failures = 0;
  #openedAt = 0;
  #probing = false;

  constructor(private readonly settings: CircuitBreakerSettings) {}

  get state(): "closed" | "open" | "half-open" {
    return this.#state;
  }

  /** Lets a call in (`closed`), as the probe (`probe`), or not (`open`), at time `now` (ms). */
  admit(now: number): Admission {
    if (this.#state === "closed") return "closed";
    if (this.#state === "open" && now - this.#openedAt >= this.settings.cooldownMs) this.#state = "half-open";
    if (this.#state === "half-open" && !this.#probing) {
      this.#probing = true;
      return "probe";
    }
    return "open";
  }

  /** A call succeeded: the circuit closes. */
  succeeded(): void {
    this.#state = "closed";
    this.#failures = 0;
    this.#probing = false;
  }

  /** The call let in as `admission` failed at `now`; true when this opened the circuit. */
  failed(admission: Admission, now: number): boolean {
    if (admission === "probe") {
      this.#probing = false;
      this.#open(now);
      return true;
    }
    if (this.#state !== "closed") return false;
    this.#failures++;
    if (this.#failures < this.settings.failureThreshold) return false;
    this.#open(now);
    return true;
  }

  /** The call let in as `admission` ended in a way that says nothing of the provider (a 400, an abort). */
  released(admission: Admission): void {
    if (admission === "probe") this.#probing = false;
  }

  /** Milliseconds until an open circuit lets a probe through (0 when it would now). */
  remainingMs(now: number): number {
    return this.#state === "open" ? Math.max(0, this.#openedAt + this.settings.cooldownMs - now) : 0;
  }

  #open(now: number): void {
    this.#state = "open";
    this.#openedAt = now;
    this.#failures = 0;
  }
}
