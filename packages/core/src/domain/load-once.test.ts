import { describe, expect, it } from "vitest";
import { loadOnce } from "./load-once.js";

describe("loadOnce", () => {
  it("loads on the first call only and hands every call the same promise", async () => {
    let loads = 0;
    const load = loadOnce(async () => {
      loads++;
      return { value: 42 };
    });
    expect(loads).toBe(0);
    const first = load();
    const second = load();
    expect(second).toBe(first);
    expect(await first).toEqual({ value: 42 });
    await load();
    expect(loads).toBe(1);
  });
});
