import { describe, expect, it } from "vitest";
import { SeededRandom } from "../audio/seeded-random.js";
import { applyEffects, type EffectFn, type NamedEffectFn } from "./effect.js";
import { effects } from "./effects.js";
import { constantBytes, sameBytes, toneBytes } from "./test-support/signals.js";

/** One instance of every effect, with the random ones set to do something visible. */
const everyEffect = (): NamedEffectFn[] => [
  effects.backgroundNoise("cafe"),
  effects.multipleVoices(),
  effects.static(0.05),
  effects.phoneQuality(),
  effects.lowQuality(8000),
  effects.packetLoss(0.3),
  effects.echo(50, 0.5),
  effects.robotic(),
  effects.breakingUp(),
  effects.lowVolume(),
  effects.highVolume(),
  effects.speakingFast(),
  effects.speakingSlow(),
  effects.custom((data) => data),
  effects.telephonyChannel({ jitterMs: 40, packetLoss: 0.1, clipping: 0.1, noise: { preset: "office" } }),
];

const RANDOM_EFFECTS = ["backgroundNoise", "multipleVoices", "staticNoise", "packetLoss", "breakingUp", "telephonyChannel"];

describe("every effect", () => {
  it("returns empty input unchanged and refuses half a sample", () => {
    for (const effect of everyEffect()) {
      const empty = new Uint8Array(0);
      expect(effect(empty), effect.effectName).toBe(empty);
      expect(() => effect(new Uint8Array(5)), effect.effectName).toThrow(/5 bytes, not a multiple of 2/);
    }
  });

  it("has a readable name and never changes its input", () => {
    for (const effect of everyEffect()) {
      expect(effect.effectName).toMatch(/^[a-z][A-Za-z]+$/);
      const input = toneBytes(440, 0.5);
      const copy = input.slice();
      effect(input);
      expect(sameBytes(input, copy), effect.effectName).toBe(true);
    }
  });

  it("replays: the same seed gives the same bytes, another seed other bytes, no context the same bytes each call", () => {
    const input = toneBytes(440, 1, 4000);
    for (const effect of everyEffect()) {
      const run = (seed: string) => effect(input, { random: new SeededRandom(seed) });
      expect(sameBytes(run("one"), run("one")), effect.effectName).toBe(true);
      expect(sameBytes(effect(input), effect(input)), effect.effectName).toBe(true);
      if (RANDOM_EFFECTS.includes(effect.effectName)) expect(sameBytes(run("one"), run("two")), effect.effectName).toBe(false);
    }
  });

  it("without a context, the seed option picks the stream", () => {
    const input = constantBytes(2);
    expect(sameBytes(effects.packetLoss(0.3)(input), effects.packetLoss(0.3, 20, { seed: 0 })(input))).toBe(true);
    expect(sameBytes(effects.packetLoss(0.3)(input), effects.packetLoss(0.3, 20, { seed: 1 })(input))).toBe(false);
    expect(sameBytes(effects.static(0.1)(input), effects.static(0.1, { seed: 7 })(input))).toBe(false);
  });
});

describe("applyEffects", () => {
  const input = toneBytes(440, 1, 4000);
  const chain = (): EffectFn[] => [effects.backgroundNoise("street"), effects.packetLoss(0.2), effects.static(0.01)];

  it("is deterministic for a seed and differs between seeds", () => {
    const run = (seed: string) => applyEffects(input, chain(), new SeededRandom(seed));
    expect(sameBytes(run("run-1"), run("run-1"))).toBe(true);
    expect(sameBytes(run("run-1"), run("run-2"))).toBe(false);
    expect(sameBytes(applyEffects(input, chain()), applyEffects(input, chain()))).toBe(true);
  });

  it("gives each effect its own stream: appending an effect leaves the earlier ones' output as it was", () => {
    const before = applyEffects(input, chain(), new SeededRandom("s"));
    const after = applyEffects(input, [...chain(), effects.lowVolume(0.5)], new SeededRandom("s"));
    expect(sameBytes(after, effects.lowVolume(0.5)(before))).toBe(true);
  });

  it("forks one stream per effect, in list order, labelled effect:<index>:<name>", () => {
    const parent = new SeededRandom("s");
    const loss = effects.packetLoss(0.5);
    const hiss = effects.static(0.1);
    const first = parent.fork("effect:0:packetLoss");
    const second = parent.fork("effect:1:staticNoise");
    const expected = hiss(loss(input, { random: first }), { random: second });
    expect(sameBytes(applyEffects(input, [loss, hiss], new SeededRandom("s")), expected)).toBe(true);
  });

  it("accepts plain functions and refuses what is not an effect or not PCM16 out", () => {
    expect(applyEffects(input, [(data) => data.slice(0, 4)]).length).toBe(4);
    expect(() => applyEffects(input, [42 as never])).toThrow(/effect 0 is number 42, not a function/);
    expect(() => applyEffects(input, [() => "x" as never])).toThrow(TypeError);
    expect(() => applyEffects(input, [(data) => data.slice(1)])).toThrow(/effect 0 \(anonymous\).*not a multiple of 2/);
  });
});
