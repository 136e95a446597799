import { describe, expect, it } from "vitest";
import { isSameOriginPath } from "./single-sign-on.js";

describe("returnTo", () => {
  it.each(["/", "/runs", "/runs/abc?tab=messages#top"])("accepts the path %s", (path) => {
    expect(isSameOriginPath(path)).toBe(true);
  });
  it.each(["//evil.example", "/\\evil.example", "https://evil.example/", "runs", "", "/\u0000x", "javascript:alert(1)"])(
    "refuses %j",
    (path) => {
      expect(isSameOriginPath(path)).toBe(false);
    },
  );
});
