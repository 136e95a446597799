import { randomBytes } from "node:crypto";
import type { Clock, IdGenerator } from "../domain/scenario.js";

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Ids shaped like the reference's (`scenariorun_…`): a time part that sorts
 * by creation, then randomness. Random bytes are drawn in blocks, so making
 * an id costs no system call.
 */
export function createRandomIds(): IdGenerator {
  let pool = randomBytes(0);
  let offset = 0;
  return {
    next(prefix) {
      if (offset + 8 > pool.length) {
        pool = randomBytes(4096);
        offset = 0;
      }
      const random = pool.readBigUInt64BE(offset).toString(36).padStart(13, "0");
      offset += 8;
      return `${prefix}_${Date.now().toString(36)}${random}`;
    },
  };
}

/** Ids `prefix_1`, `prefix_2`, … — reproducible, for tests and replays. */
export function createSequentialIds(start = 1): IdGenerator {
  let counter = start;
  return { next: (prefix) => `${prefix}_${counter++}` };
}

/** A fresh random 32-bit seed. */
export function randomSeed(): number {
  return randomBytes(4).readUInt32BE(0);
}
