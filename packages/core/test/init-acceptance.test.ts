import { type SpawnSyncReturns, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bin, cleanEnvironment } from "../src/cli/test-support/bin.js";

// The acceptance: what a newcomer does. Pack @rehearse/core as npm would publish it, scaffold a
// project with `rehearse init` in an empty directory, install the tarball there (vitest and typescript
// come from the registry), then follow the printed next steps. Needs `npm run build` first and the npm
// registry (or a warm npm cache); it takes a minute or more, mostly the install.

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const ownPackage = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
  version: string;
  bin: Record<string, string>;
};
const work = mkdtempSync(join(tmpdir(), "rehearse-init-acceptance-"));
const app = join(work, "support-bot");

/** A clean environment for npm and the project's tools: no Rehearse/provider settings, no npm_* from a parent npm. */
function environment(): NodeJS.ProcessEnv {
  const env = cleanEnvironment({ NO_COLOR: "1", FORCE_COLOR: "0" });
  for (const key of Object.keys(env)) if (key.toLowerCase().startsWith("npm_")) delete env[key];
  return env;
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> & { output: string } {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", env: environment(), input: "" });
  return Object.assign(result, { output: `${result.stdout}\n${result.stderr}` });
}

let packed: { filename: string; files: Array<{ path: string }> };
let init: ReturnType<typeof run>;
let nextSteps: string[];

beforeAll(() => {
  const pack = run("npm", ["pack", "--json", "--pack-destination", work], packageRoot);
  expect(pack.status, pack.stderr).toBe(0);
  packed = (JSON.parse(pack.stdout) as Array<typeof packed>)[0] as typeof packed;
  init = run(process.execPath, [bin, "init", "support-bot"], work);
  expect(init.status, init.output).toBe(0);
  nextSteps = init.stdout
    .slice(init.stdout.indexOf("Next:\n") + "Next:\n".length)
    .split("\n")
    .map((line) => line.replace(/#.*$/, "").trim())
    .filter(Boolean);
  // the package is not on the registry: `npm install` is the tarball's install (plus the scaffold's devDependencies)
  const install = run(
    "npm",
    ["install", "--prefer-offline", "--no-audit", "--no-fund", "--save-dev", join(work, packed.filename)],
    app,
  );
  expect(install.status, install.output).toBe(0);
}, 600_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe("a project scaffolded by rehearse init, with the packed @rehearse/core", () => {
  it("the tarball carries the README, the bin and the vitest integration", () => {
    const files = packed.files.map((file) => file.path);
    expect(files).toContain("README.md");
    expect(ownPackage.bin.rehearse).toBe("./bin/rehearse.js");
    expect(files).toContain("bin/rehearse.js");
    for (const entry of ["config", "setup", "setup-global", "reporter"]) {
      expect(files).toContain(`dist/integrations/vitest/${entry}.js`);
      expect(files).toContain(`dist/integrations/vitest/${entry}.d.ts`);
    }
    expect(files.filter((file) => file.endsWith(".test.js"))).toEqual([]);
  });

  it("has a package.json asking for @rehearse/core, vitest and typescript, and prints next steps that are the ones below", () => {
    const scaffolded = JSON.parse(readFileSync(join(app, "package.json"), "utf8"));
    expect(scaffolded.type).toBe("module");
    // the install replaced the range with the tarball; init printed what it wrote
    expect(scaffolded.devDependencies["@rehearse/core"]).toMatch(/^file:.*\.tgz$/);
    expect(init.stdout).toContain("created support-bot/package.json");
    expect(Object.keys(scaffolded.devDependencies).sort()).toEqual(["@rehearse/core", "typescript", "vitest"]);
    expect(nextSteps).toEqual(["cd support-bot", "npm install", "npx rehearse run scenarios", "npx vitest run", "npx tsc"]);
  });

  it("npx rehearse run runs the scaffolded scenario file (exit 0)", () => {
    const scenarios = run("npx", ["rehearse", "run", "scenarios"], app);
    expect(scenarios.output).toContain("PASS   Echo agent takes a note");
    expect(scenarios.stdout).toContain("1 passed, 0 failed, 0 errors, 0 skipped");
    expect(scenarios.status).toBe(0);
  }, 120_000);

  it("npx vitest run runs the TypeScript test with toPass() and prints the scenario report", () => {
    const vitest = run("npx", ["vitest", "run"], app);
    expect(vitest.output).toContain("--- Scenario Run: Echo agent answers ---");
    expect(vitest.output).toContain("Status: PASS");
    expect(vitest.output).toContain("=== Scenario Test Report ===");
    expect(vitest.output).toContain("Total Scenarios: 1");
    expect(vitest.output).not.toContain("points to missing source files");
    expect(vitest.status).toBe(0);
  }, 120_000);

  it("npx tsc (the project's own TypeScript) type-checks the test that uses expect(result).toPass()", () => {
    expect(readFileSync(join(app, "tests", "example.test.ts"), "utf8")).toContain("expect(result).toPass()");
    const tsc = run("npx", ["tsc", "--version"], app);
    expect(tsc.stdout).toMatch(/^Version 7\./);
    const typecheck = run("npx", ["tsc"], app);
    expect(typecheck.output.trim()).toBe("");
    expect(typecheck.status).toBe(0);
  }, 120_000);
});
