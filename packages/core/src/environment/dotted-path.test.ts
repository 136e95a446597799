import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { formatPath, parsePath, readPath } from "./dotted-path.js";

describe("parsePath", () => {
  it("splits dots, indexes (negative too) and quoted keys", () => {
    expect(parsePath("a.b.c")).toEqual(["a", "b", "c"]);
    expect(parsePath("a[0].b")).toEqual(["a", 0, "b"]);
    expect(parsePath("a[-1]")).toEqual(["a", -1]);
    expect(parsePath('a["x.y"].z')).toEqual(["a", "x.y", "z"]);
    expect(parsePath("a['it\\'s']")).toEqual(["a", "it's"]);
    expect(parsePath('["top"][2]')).toEqual(["top", 2]);
  });

  it.each([
    ["", "must be a non-empty string"],
    ["a..b", "empty key"],
    ["a.", "empty key"],
    [".a", "empty key"],
    ["a[x]", "index must be an integer or a quoted key, got [x]"],
    ["a[1", 'missing "]"'],
    ['a["x]', "unterminated quoted key"],
    ['a["x"b]', 'expected "]" after quoted key'],
    ["a[0]b", 'expected "." or "[" but found "b"'],
    ["a b", 'expected "." or "[" but found " "'],
  ])("rejects %j with a ConfigError naming the path", (path, problem) => {
    const error = (() => {
      try {
        parsePath(path, { source: "scenario.yaml", field: "script[2].path" });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain(`path ${JSON.stringify(path)}: ${problem}`);
    expect((error as ConfigError).source).toBe("scenario.yaml");
    expect((error as ConfigError).path).toBe("script[2].path");
  });
});

describe("readPath", () => {
  const root = {
    orders: [{ status: "pending" }, { status: "refunded" }],
    "x.y": { deep: null },
    empty: undefined,
  };

  it("follows keys and indexes, negative from the end", () => {
    expect(readPath(root, parsePath("orders[0].status"))).toEqual({ found: true, value: "pending" });
    expect(readPath(root, parsePath("orders[-1].status"))).toEqual({ found: true, value: "refunded" });
    expect(readPath(root, parsePath("orders.1.status"))).toEqual({ found: true, value: "refunded" });
    expect(readPath(root, parsePath('["x.y"].deep'))).toEqual({ found: true, value: null });
    expect(readPath(root, parsePath("orders.length"))).toEqual({ found: true, value: 2 });
    expect(readPath(root, parsePath("empty"))).toEqual({ found: true, value: undefined });
  });

  it("reports missing parts without throwing", () => {
    for (const path of [
      "orders[2]",
      "orders[-3]",
      "orders[0].missing",
      "x.y",
      '["x.y"].deep.more',
      "toString",
      "orders[0].status.length",
    ]) {
      expect(readPath(root, parsePath(path)), path).toEqual({ found: false });
    }
    expect(readPath(undefined, ["a"])).toEqual({ found: false });
  });
});

describe("formatPath", () => {
  it("round-trips through parsePath", () => {
    const segments = ["state", "orders", -1, "x.y", "z"];
    expect(formatPath(segments)).toBe('state.orders[-1]["x.y"].z');
    expect(parsePath(formatPath(segments))).toEqual(segments);
  });
});
