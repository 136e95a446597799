/**
 * The role matrix spelled out as platform research §7.3 has it, so a change
 * to `permissionMatrix` is a deliberate edit of this test too (the route ×
 * caller test reads the matrix, so it cannot catch a wrong matrix).
 */
import { describe, expect, it } from "vitest";
import { holds, type Permission, permissionMatrix } from "./permissions.js";

// admin, operator, viewer; then the key scope that grants it ("-": none)
const expected: Record<Permission, [boolean, boolean, boolean, string]> = {
  public: [true, true, true, "-"],
  authenticated: [true, true, true, "-"],
  "events:write": [true, false, false, "events:write"],
  "runs:read": [true, true, true, "runs:read"],
  "transcripts:read": [true, true, true, "runs:read"],
  "transcripts:raw": [true, true, false, "runs:raw"],
  "runs:playback": [true, true, true, "runs:read"],
  "runs:launch": [true, true, false, "runs:launch"],
  "runs:label": [true, true, false, "-"],
  "guard:evaluate": [true, true, true, "guard:evaluate"],
  "notifications:operate": [true, true, false, "-"],
  "settings:read": [true, false, false, "-"],
  "settings:write": [true, false, false, "-"],
  "runs:delete": [true, false, false, "-"],
  "keys:manage": [true, false, false, "-"],
  "members:manage": [true, false, false, "-"],
  "audit:read": [true, false, false, "-"],
  "metrics:read": [true, false, false, "-"],
  "worker:operate": [false, false, false, "-"],
  "instance:admin": [false, false, false, "-"],
};

describe("the role matrix", () => {
  it("is the matrix of platform research §7.3", () => {
    expect(Object.keys(permissionMatrix).sort()).toEqual(Object.keys(expected).sort());
    for (const [permission, [admin, operator, viewer, scope]] of Object.entries(expected) as Array<
      [Permission, [boolean, boolean, boolean, string]]
    >) {
      expect(
        [holds(permission, "admin", []), holds(permission, "operator", []), holds(permission, "viewer", [])],
        permission,
      ).toEqual([admin, operator, viewer]);
      if (permission === "public" || permission === "authenticated") continue;
      expect(holds(permission, "api", []), `${permission} with no scope`).toBe(false);
      if (scope !== "-") expect(holds(permission, "api", [scope]), `${permission} with ${scope}`).toBe(true);
      const everyOther = ["events:write", "runs:read", "runs:raw", "runs:launch", "guard:evaluate"].filter(
        (other) => other !== scope,
      );
      expect(holds(permission, "api", everyOther), `${permission} with every other scope`).toBe(false);
    }
  });

  it("grants nothing beyond the matrix: all scopes together do not manage keys, and roles ignore scopes", () => {
    expect(holds("keys:manage", "api", ["events:write", "runs:read", "runs:raw", "runs:launch", "guard:evaluate"])).toBe(false);
    expect(holds("events:write", "viewer", ["events:write"])).toBe(false);
  });
});
