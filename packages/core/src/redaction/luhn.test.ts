import { describe, expect, it } from "vitest";
import { passesLuhn } from "./luhn.js";

describe("passesLuhn", () => {
  it("accepts valid numbers with separators and rejects invalid ones", () => {
    expect(["4111 1111 1111 1111", "378282246310005", "5555-5555-5555-4444"].map(passesLuhn)).toEqual([true, true, true]);
    expect(["4111 1111 1111 1112", "12a4", "0", ""].map(passesLuhn)).toEqual([false, false, false, false]);
  });
});
