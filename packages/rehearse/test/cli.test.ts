import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const rehearse = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: "utf8" });

describe("rehearse bin", () => {
  it("prints its version", () => {
    const result = rehearse("--version");
    expect(result.status).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("exits 2 on an unknown command, with usage", () => {
    const result = rehearse("frobnicate");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command or option "frobnicate"');
    expect(result.stderr).toContain("Usage: rehearse");
  });
});
