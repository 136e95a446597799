import { describe, expect, it } from "vitest";
import { scenarioSlug } from "./scenario-slug.js";

describe("scenarioSlug", () => {
  it("turns a display name into a stable id", () => {
    expect(scenarioSlug("Refund: over the limit!")).toBe("refund-over-the-limit");
    expect(scenarioSlug(undefined)).toBe("scenario");
    expect(scenarioSlug("---")).toBe("scenario");
    expect(scenarioSlug(42)).toBe("42");
  });

  it("returns a name that is already a slug as it is, and cuts every id at 120 characters", () => {
    expect(scenarioSlug("e123")).toBe("e123");
    expect(scenarioSlug("refund-over-limit")).toBe("refund-over-limit");
    expect(scenarioSlug("a".repeat(130))).toBe("a".repeat(120));
    expect(scenarioSlug("a-".repeat(70))).toHaveLength(120);
  });
});
