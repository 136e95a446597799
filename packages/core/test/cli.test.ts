import { readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { rehearseIn } from "../src/cli/test-support/bin.js";

// Black-box: the built bin (`npm run build` first).
const rehearse = (...args: string[]) => rehearseIn(tmpdir(), args);
const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string };

describe("rehearse bin", () => {
  it("prints its version", () => {
    for (const flag of ["--version", "-v"]) {
      const result = rehearse(flag);
      expect(result.status).toBe(0);
      expect(result.stdout.trim()).toBe(manifest.version);
    }
  });

  it("prints help with every command and the exit codes", () => {
    const result = rehearse("--help");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("Usage: rehearse [options] [command]");
    for (const command of ["run", "list", "validate", "schema", "init", "redteam"])
      expect(result.stdout).toMatch(new RegExp(`\\n  ${command} `));
    const table = result.stdout.slice(result.stdout.indexOf("Exit codes:"));
    expect([...table.matchAll(/^ {2}(\d+) {2}/gm)].map((match) => match[1])).toEqual(
      expect.arrayContaining(["0", "1", "2", "3", "130"]),
    );
    const run = rehearse("run", "--help");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Usage: rehearse run [options] <paths...>");
    expect(run.stdout).toContain("Exit codes:");
    const report = rehearse("redteam", "report", "--help");
    expect(report.stdout).toContain("Usage: rehearse redteam report [options] <dir>");
  });

  it("exits 2 on an unknown command or no command, with usage on stderr and no stack trace", () => {
    const unknown = rehearse("frobnicate");
    expect(unknown.status).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain("error: unknown command 'frobnicate'");
    expect(unknown.stderr).toContain("rehearse --help");
    const none = rehearse();
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("Usage: rehearse");
    expect(none.stderr).not.toMatch(/\n\s+at /);
  });
});
