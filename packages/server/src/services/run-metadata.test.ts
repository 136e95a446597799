import { describe, expect, it } from "vitest";
import { tableMetadata } from "./run-metadata.js";

describe("tableMetadata", () => {
  it("keeps scalar entries other than name and description, in key order", () => {
    expect(
      tableMetadata({ name: "n", description: "d", b: 1, a: "x", c: false, nested: { x: 1 }, list: [1], none: null }),
    ).toEqual({ a: "x", b: 1, c: false });
    expect(Object.keys(tableMetadata({ b: 1, a: 2 }))).toEqual(["a", "b"]);
    expect(tableMetadata(null)).toEqual({});
    expect(tableMetadata([1, 2] as never)).toEqual({});
  });

  it("stops at 20 keys, cuts strings at 200 characters (never through a surrogate pair) and skips long keys", () => {
    const many = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`key-${String(index).padStart(2, "0")}`, index]));
    expect(Object.keys(tableMetadata(many))).toHaveLength(20);
    expect(tableMetadata({ text: "y".repeat(500) }).text).toBe("y".repeat(200));
    const emoji = `${"y".repeat(199)}😀`;
    expect(tableMetadata({ text: emoji }).text).toBe("y".repeat(199));
    expect(tableMetadata({ ["k".repeat(65)]: 1, ["k".repeat(64)]: 2 })).toEqual({ ["k".repeat(64)]: 2 });
  });

  it("keeps a key named __proto__ as a key, and stays within 2 KiB of JSON", () => {
    const view = tableMetadata(JSON.parse('{"__proto__": "x"}'));
    expect(Object.keys(view)).toEqual(["__proto__"]);
    expect(Object.getPrototypeOf(view)).toBe(Object.prototype);
    const escaped = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`k${index}`, "\u0001".repeat(200)]));
    expect(Buffer.byteLength(JSON.stringify(tableMetadata(escaped)))).toBeLessThanOrEqual(2048);
  });
});
