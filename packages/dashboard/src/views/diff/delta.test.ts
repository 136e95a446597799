import { describe, expect, it } from "vitest";
import { deltaTone, formatValue, signedDelta } from "./delta";

describe("signedDelta", () => {
  it("writes a plus sign for increases and a true minus sign for decreases", () => {
    expect(signedDelta(3, "count")).toBe("+3");
    expect(signedDelta(-1200, "count")).toBe("\u22121,200");
  });

  it("uses the metric's unit for the magnitude", () => {
    expect(signedDelta(1500, "duration")).toBe("+1.50 s");
    expect(signedDelta(-350, "duration")).toBe("\u2212350 ms");
    expect(signedDelta(0.004, "cost")).toBe("+$0.0040");
    expect(signedDelta(-1.5, "cost")).toBe("\u2212$1.50");
  });

  it("writes pass-rate changes in percentage points", () => {
    expect(signedDelta(-1 / 3, "rate")).toBe("\u221233.3 pp");
    expect(signedDelta(0.5, "rate")).toBe("+50.0 pp");
  });

  it("says ±0 for no change, also when the change rounds away", () => {
    expect(signedDelta(0, "count")).toBe("±0");
    expect(signedDelta(0, "cost")).toBe("±0");
    expect(signedDelta(0.00001, "rate")).toBe("±0");
    expect(signedDelta(0.2, "duration")).toBe("±0");
  });

  it("says — when a side is missing", () => {
    expect(signedDelta(null, "duration")).toBe("—");
    expect(signedDelta(undefined, "count")).toBe("—");
  });
});

describe("deltaTone", () => {
  it("judges the direction by the metric", () => {
    expect(deltaTone(-100, "lower")).toBe("better");
    expect(deltaTone(100, "lower")).toBe("worse");
    expect(deltaTone(0.1, "higher")).toBe("better");
    expect(deltaTone(-0.1, "higher")).toBe("worse");
  });

  it("keeps same, neutral and unknown apart", () => {
    expect(deltaTone(0, "lower")).toBe("same");
    expect(deltaTone(2, "neutral")).toBe("neutral");
    expect(deltaTone(null, "higher")).toBe("unknown");
  });
});

describe("formatValue", () => {
  it("writes values in their unit, and a rate with nothing settled as no data", () => {
    expect(formatValue(2 / 3, "rate")).toBe("66.7%");
    expect(formatValue(0, "rate")).toBe("0%");
    expect(formatValue(null, "rate")).toBe("no data");
    expect(formatValue(1500, "duration")).toBe("1.50 s");
    expect(formatValue(null, "cost")).toBe("—");
  });
});
