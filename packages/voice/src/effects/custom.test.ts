import { describe, expect, it } from "vitest";
import { SeededRandom } from "../audio/seeded-random.js";
import { custom } from "./custom.js";
import { constantBytes, samplesOf } from "./test-support/signals.js";

describe("custom", () => {
  it("runs the function on a copy of the audio, with a seeded generator", () => {
    const seen: number[] = [];
    const effect = custom(function zero(data, { random }) {
      seen.push(random.next());
      return data.fill(0);
    });
    const input = constantBytes(0.01);
    expect(samplesOf(effect(input)).every((value) => value === 0)).toBe(true);
    expect(samplesOf(input).every((value) => value === 1000)).toBe(true);
    effect(input);
    effect(input, { random: new SeededRandom(1) });
    expect(seen[0]).toBe(seen[1]);
    expect(seen[2]).not.toBe(seen[0]);
    expect(effect.effectOptions).toEqual({ function: "zero" });
  });

  it("refuses what is not a function, and results that are not whole PCM16 bytes", () => {
    expect(() => custom("gain" as never)).toThrow(/custom: expected a function .*, got the string "gain"/);
    expect(() => custom((() => "bytes") as never)(constantBytes(0.01))).toThrow(TypeError);
    expect(() => custom(() => new Uint8Array(3))(constantBytes(0.01))).toThrow(/3 bytes, not a multiple of 2/);
  });
});
