import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// tsc (TypeScript 7, as a user installs it) on user-style projects whose test calls expect(result).toPass().
const fixtures = fileURLToPath(new URL("./fixtures/vitest-types", import.meta.url));
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");

function typecheck(project: string) {
  const run = spawnSync(process.execPath, [tsc, "-p", join(fixtures, project)], { encoding: "utf8" });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe("expect(result).toPass() type-checks", () => {
  it.each([
    ["side-effect", 'a file of the project imports "@rehearse/core/vitest"'],
    ["config", "the project's vitest.config.ts uses withScenario"],
    ["types-option", 'tsconfig "types" names "@rehearse/core/integrations/vitest/setup"'],
  ])(
    "when %s: %s",
    (project) => {
      const { status, output } = typecheck(project);
      expect(output).toBe("");
      expect(status).toBe(0);
    },
    30_000,
  );

  it("and is an error when the project brings in none of them", () => {
    const { status, output } = typecheck("none");
    expect(status).not.toBe(0);
    expect(output).toContain("Property 'toPass' does not exist on type 'Assertion<ScenarioResult>'");
  }, 30_000);
});
