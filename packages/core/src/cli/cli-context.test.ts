import { describe, expect, it } from "vitest";
import { isInteractive, wantsColor } from "./cli-context.js";

// Live progress needs a terminal it can draw on: one with a width. Anything else gets plain lines.

const terminal = (columns: number | undefined) => ({ isTTY: true, columns });

describe("isInteractive", () => {
  it("is live on a terminal with room for a line", () => {
    expect(isInteractive(terminal(80), {})).toBe(true);
  });

  it("falls back to plain lines on a pseudo-terminal that reports no width (0 columns) or too narrow a one", () => {
    expect(isInteractive(terminal(0), {})).toBe(false);
    expect(isInteractive(terminal(undefined), {})).toBe(false);
    expect(isInteractive(terminal(10), {})).toBe(false);
  });

  it("falls back to plain lines off a terminal, under CI and on a dumb terminal", () => {
    expect(isInteractive({ isTTY: false, columns: 80 }, {})).toBe(false);
    expect(isInteractive({}, {})).toBe(false);
    expect(isInteractive(terminal(80), { CI: "true" })).toBe(false);
    expect(isInteractive(terminal(80), { CI: "0" })).toBe(true);
    expect(isInteractive(terminal(80), { TERM: "dumb" })).toBe(false);
  });
});

describe("wantsColor", () => {
  it("colours live output unless NO_COLOR is set", () => {
    expect(wantsColor(true, {})).toBe(true);
    expect(wantsColor(true, { NO_COLOR: "1" })).toBe(false);
    expect(wantsColor(false, {})).toBe(false);
  });
});
