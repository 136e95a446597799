/** A seeded source of random numbers; the same seed gives the same sequence. */
export interface Random {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A number in [0, 1). */
  next(): number;
  /** An integer in [0, bound). */
  integer(bound: number): number;
  /** An independent generator for `label`, derived from this one's seed (not its position). */
  fork(label: string): Random;
}

/** A 32-bit unsigned integer from a string (FNV-1a). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The seed of a child derived from `seed` and `label`; stable across runs and platforms. */
export function deriveSeed(seed: number, label: string): number {
  return mix(seed ^ hashString(label));
}

/** Normalises any finite number to an unsigned 32-bit seed. */
export function normaliseSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  return Math.trunc(Math.abs(seed)) >>> 0;
}

function mix(value: number): number {
  let x = value >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * A small, fast generator (SplitMix32-style state walk with an avalanche
 * output). Statistical quality is ample for choosing injections and
 * techniques; it is not for cryptography.
 */
class SeededRandom implements Random {
  readonly seed: number;
  private state: number;

  constructor(seed: number) {
    this.seed = normaliseSeed(seed);
    this.state = this.seed;
  }

  next(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    return mix(this.state) / 0x1_0000_0000;
  }

  integer(bound: number): number {
    return Math.floor(this.next() * bound);
  }

  fork(label: string): Random {
    return new SeededRandom(deriveSeed(this.seed, label));
  }
}

/** A seeded generator; the same seed gives the same sequence. */
export function createRandom(seed: number): Random {
  return new SeededRandom(seed);
}
