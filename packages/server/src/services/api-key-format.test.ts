import { describe, expect, it } from "vitest";
import { displayKey, generateKey, parseKey } from "./api-key-format.js";

describe("the API key format", () => {
  it("makes greppable keys with a checksum that parse back to their lookup prefix and last 4", () => {
    const issued = generateKey("live");
    expect(issued.key).toMatch(/^rh_live_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}$/);
    expect(parseKey(issued.key)).toEqual(issued);
    expect(issued.key.slice(8, 20)).toBe(issued.lookupPrefix);
    expect(displayKey("live", issued.lookupPrefix, issued.last4)).toBe(`rh_live_${issued.lookupPrefix}…${issued.last4}`);
  });

  it("never repeats a key and spreads the secret over the whole alphabet", () => {
    const keys = Array.from({ length: 2000 }, () => generateKey().key);
    expect(new Set(keys).size).toBe(keys.length);
    const characters = new Set(keys.flatMap((key) => [...key.slice(8, 51)]));
    expect(characters.size).toBe(62);
  });

  it("rejects a key with one character changed, a wrong checksum, or another shape", () => {
    const { key } = generateKey("test");
    const secretCharacter = key[20] === "a" ? "b" : "a";
    expect(parseKey(`${key.slice(0, 20)}${secretCharacter}${key.slice(21)}`)).toBeUndefined();
    expect(parseKey(`${key.slice(0, -1)}${key.endsWith("0") ? "1" : "0"}`)).toBeUndefined();
    expect(parseKey(key.replace("rh_test_", "rh_live_"))).toBeUndefined();
    for (const bad of ["", "rh_", `${key} `, key.toUpperCase(), `rh_TEST_${key.slice(8)}`, "Bearer x"]) {
      expect(parseKey(bad)).toBeUndefined();
    }
  });

  it("refuses an environment label that would break the format", () => {
    expect(() => generateKey("Live")).toThrow(/lowercase letters/);
    expect(() => generateKey("a_b")).toThrow(/lowercase letters/);
  });
});
