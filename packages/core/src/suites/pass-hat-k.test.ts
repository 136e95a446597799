import { describe, expect, it } from "vitest";
import { passHatK } from "./pass-hat-k.js";

describe("passHatK", () => {
  it("computes C(c,k)/C(n,k) for one task", () => {
    expect(passHatK([{ trials: 4, successes: 2 }], 2)).toBeCloseTo(1 / 6, 15);
    // C(3,2)/C(5,2) = 3/10
    expect(passHatK([{ trials: 5, successes: 3 }], 2)).toBeCloseTo(0.3, 15);
    // C(4,3)/C(6,3) = 4/20
    expect(passHatK([{ trials: 6, successes: 4 }], 3)).toBeCloseTo(0.2, 15);
  });

  it("averages over tasks", () => {
    // (1/6 + 1) / 2
    const value = passHatK(
      [
        { trials: 4, successes: 2 },
        { trials: 3, successes: 3 },
      ],
      2,
    );
    expect(value).toBeCloseTo(7 / 12, 15);
  });

  it("equals the mean success rate for k = 1", () => {
    const tasks = [
      { trials: 4, successes: 1 },
      { trials: 5, successes: 5 },
      { trials: 2, successes: 0 },
    ];
    expect(passHatK(tasks, 1)).toBeCloseTo((1 / 4 + 1 + 0) / 3, 15);
  });

  it("is 1 when every trial passed and 0 when fewer than k passed", () => {
    expect(passHatK([{ trials: 8, successes: 8 }], 8)).toBe(1);
    expect(passHatK([{ trials: 8, successes: 2 }], 3)).toBe(0);
  });

  it("stays finite for many trials (no factorials)", () => {
    // C(199,100)/C(200,100) = 100/200
    expect(passHatK([{ trials: 200, successes: 199 }], 100)).toBeCloseTo(0.5, 12);
  });

  it("rejects k larger than a task's trials, naming the task index", () => {
    expect(() =>
      passHatK(
        [
          { trials: 5, successes: 1 },
          { trials: 2, successes: 1 },
        ],
        3,
      ),
    ).toThrow(new RangeError("passHatK: task 1 has 2 trials, fewer than k = 3"));
  });

  it("rejects bad k, bad counts and an empty list", () => {
    const task = [{ trials: 3, successes: 1 }];
    expect(() => passHatK(task, 0)).toThrow(/k must be an integer ≥ 1, got 0/);
    expect(() => passHatK(task, 1.5)).toThrow(/k must be an integer ≥ 1, got 1.5/);
    expect(() => passHatK([], 1)).toThrow(/at least one task/);
    expect(() => passHatK([{ trials: 3, successes: 4 }], 1)).toThrow(/task 0: successes must be .* got 4/);
    expect(() => passHatK([{ trials: 3, successes: -1 }], 1)).toThrow(RangeError);
    expect(() => passHatK([{ trials: 2.5, successes: 1 }], 1)).toThrow(/task 0: trials must be/);
  });
});
