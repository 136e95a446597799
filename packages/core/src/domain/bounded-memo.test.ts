import { describe, expect, it } from "vitest";
import { BoundedMemo } from "./bounded-memo.js";

describe("BoundedMemo", () => {
  it("makes a value once per key and hands the same one back", () => {
    const memo = new BoundedMemo<{ text: string }>(4);
    let made = 0;
    const make = () => ({ text: `made ${++made}` });
    const first = memo.get("a", make);
    expect(memo.get("a", make)).toBe(first);
    expect(memo.get("b", make)).not.toBe(first);
    expect(made).toBe(2);
  });

  it("keeps at most its limit, dropping the oldest first", () => {
    const memo = new BoundedMemo<string>(2);
    memo.get("a", () => "A");
    memo.get("b", () => "B");
    memo.get("c", () => "C");
    expect(memo.size).toBe(2);
    expect(memo.get("a", () => "A again")).toBe("A again");
    expect(memo.get("c", () => "C again")).toBe("C");
  });

  it("forgets a value only while it is still the one kept", () => {
    const memo = new BoundedMemo<string>(2);
    memo.get("a", () => "A");
    memo.forget("a", "other");
    expect(memo.get("a", () => "A2")).toBe("A");
    memo.forget("a", "A");
    expect(memo.get("a", () => "A2")).toBe("A2");
  });
});
