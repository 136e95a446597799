import { describe, expect, it } from "vitest";
import { findPii, maskPii } from "./pii-patterns.js";

describe("findPii", () => {
  it("masks each kind and resolves overlaps in favour of the IBAN", () => {
    const text = "SSN 123-45-6789, NI AB 12 34 56 C, IBAN GB82 WEST 1234 5698 7654 32, tel +44 20 7946 0958";
    expect(findPii(text).map((match) => [match.kind, match.masked])).toEqual([
      ["us_ssn", "***-**-6789"],
      ["uk_nino", "AB ** ** ** C"],
      ["iban", "GB82 **** **** **** **54 32"],
      ["phone", "+** ** **** **58"],
    ]);
  });

  it("rejects Luhn-invalid numbers, order ids, dates and versions", () => {
    for (const text of ["4111 1111 1111 1112", "ORD-2024-0001", "#1002", "2024-01-15", "v10.4.12", "1Z999AA10123456784"]) {
      expect(findPii(text), text).toEqual([]);
    }
  });

  it("reports only the asked kinds, skips allowed values and masks as reports show them", () => {
    const text = "Mail me@example.com or call (415) 555-2671";
    expect(findPii(text, { kinds: ["phone"] }).map((match) => match.kind)).toEqual(["phone"]);
    expect(findPii(text, { allow: ["ME@example.com"] }).map((match) => match.masked)).toEqual(["(***) ***-**71"]);
    expect(maskPii("card", "4111 1111 1111 1111")).toBe("4111 **** **** 1111");
  });
});
