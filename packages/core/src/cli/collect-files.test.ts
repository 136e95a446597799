import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { collectFiles, isScenarioFileName } from "./collect-files.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-collect-"));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function touch(...paths: string[]): void {
  for (const path of paths) {
    mkdirSync(dirname(join(directory, path)), { recursive: true });
    writeFileSync(join(directory, path), "");
  }
}

describe("collectFiles", () => {
  it("searches directories recursively for scenario files and modules, sorted, skipping the rest", async () => {
    touch(
      "scenarios/b.yaml",
      "scenarios/a.yml",
      "scenarios/nested/c.json",
      "scenarios/nested/d.scenario.ts",
      "scenarios/e.scenario.mjs",
      "scenarios/f.scenario.mts",
      "scenarios/g.scenario.js",
      // not scenarios: plain modules, manifests, schemas, dependencies, hidden folders, other files
      "scenarios/helper.mjs",
      "scenarios/agent.ts",
      "scenarios/package.json",
      "scenarios/tsconfig.build.json",
      "scenarios/rehearse.schema.json",
      "scenarios/node_modules/dep/x.yaml",
      "scenarios/.cache/y.yaml",
      "scenarios/notes.md",
    );
    expect(await collectFiles(["scenarios"], directory)).toEqual([
      "scenarios/a.yml",
      "scenarios/b.yaml",
      "scenarios/e.scenario.mjs",
      "scenarios/f.scenario.mts",
      "scenarios/g.scenario.js",
      "scenarios/nested/c.json",
      "scenarios/nested/d.scenario.ts",
    ]);
  });

  it("takes named files as given, whatever their name, in order and once", async () => {
    touch("one.mjs", "dir/two.yaml", "dir/three.yaml");
    expect(await collectFiles(["one.mjs", "dir", "dir/two.yaml", "./one.mjs"], directory)).toEqual([
      "one.mjs",
      "dir/three.yaml",
      "dir/two.yaml",
    ]);
  });

  it("rejects a missing path and a search that finds nothing, as usage errors", async () => {
    touch("empty/readme.md");
    await expect(collectFiles(["nope"], directory, "rehearse run")).rejects.toThrow(
      "rehearse run: no such file or directory: nope",
    );
    const error = await collectFiles(["empty"], directory, "rehearse run").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/^rehearse run: no scenario files found in empty \(looked for \*\.yaml/);
  });
});

describe("isScenarioFileName", () => {
  it.each([
    ["refund.yaml", true],
    ["refund.YML", true],
    ["refund.json", true],
    ["refund.scenario.ts", true],
    ["refund.ts", false],
    ["package-lock.json", false],
    ["tsconfig.json", false],
    ["api.schema.json", false],
    ["refund.scenario.cjs", false],
  ])("%s → %s", (name, expected) => {
    expect(isScenarioFileName(name)).toBe(expected);
  });
});
