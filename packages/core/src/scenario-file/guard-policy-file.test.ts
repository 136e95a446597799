import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadGuardPolicyFile, readGuardPolicy } from "./guard-policy-file.js";
import { passRateCheck } from "./guard-policy-schema.js";
import { ScenarioFileError } from "./scenario-file-error.js";
import { ScenarioFileErrors } from "./scenario-file-errors.js";

function problems(text: string, file = "release.yaml"): string[] {
  try {
    readGuardPolicy(text, file);
  } catch (error) {
    if (error instanceof ScenarioFileErrors) return error.errors.map((problem) => problem.message);
    if (error instanceof ScenarioFileError) return [error.message];
    throw error;
  }
  throw new Error("the policy was accepted");
}

describe("readGuardPolicy", () => {
  it("reads every check of a valid policy, keeping what was written", () => {
    const policy = readGuardPolicy(
      [
        "name: release",
        "minSampleSize: 30",
        "passRate: { min: 0.9, confidence: 0.99 }",
        "criticalLabel: critical",
        "maxErrorShare: 0.02",
        "maxRedTeamSuccess: 0",
        "p95DurationMs: 20000",
        "maxCostPerRunUsd: 0.05",
        "maxFlakyShare: 0.1",
        "maxRegressionPoints: 5",
      ].join("\n"),
      "release.yaml",
    );
    expect(policy).toMatchObject({ name: "release", minSampleSize: 30, criticalLabel: "critical", maxRegressionPoints: 5 });
    expect(passRateCheck(policy)).toEqual({ min: 0.9, confidence: 0.99 });
  });

  it("takes a plain number as the pass rate with the default confidence", () => {
    expect(passRateCheck(readGuardPolicy("passRate: 0.95\n", "p.yaml"))).toEqual({ min: 0.95, confidence: 0.95 });
  });

  it("names file, line, column and field of a value out of range", () => {
    expect(problems("name: release\nminSampleSize: 20\nmaxErrorShare: 1.5\n")).toEqual([
      "release.yaml:3:1: maxErrorShare: must be at most 1, got 1.5",
    ]);
  });

  it("points at a nested field and suggests the key meant", () => {
    expect(problems("passRate:\n  min: 0.9\n  confidnce: 0.99\n")).toEqual([
      expect.stringMatching(/^release\.yaml:3:3: passRate\.confidnce: unknown key "confidnce".*did you mean "confidence"/),
    ]);
    expect(problems("maxErorShare: 0.1\n")[0]).toMatch(/^release\.yaml:1:1: maxErorShare: .*did you mean "maxErrorShare"/);
  });

  it("lists every problem at once", () => {
    expect(problems("minSampleSize: 0\np95DurationMs: -1\n")).toEqual([
      "release.yaml:1:1: minSampleSize: must be at least 1, got 0",
      expect.stringMatching(/^release\.yaml:2:1: p95DurationMs: /),
    ]);
  });

  it("refuses a policy without a check", () => {
    expect(problems("name: empty\nminSampleSize: 5\n")).toEqual([
      expect.stringMatching(/^release\.yaml:1:1: a policy needs at least one check: passRate, criticalLabel/),
    ]);
  });

  it("refuses YAML problems with their position", () => {
    expect(problems("passRate: 0.9\npassRate: 0.8\n")[0]).toMatch(/^release\.yaml:2:1: passRate: duplicate key/);
  });
});

describe("loadGuardPolicyFile", () => {
  let directory: string | undefined;
  afterEach(() => {
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("reads a file relative to the working directory, and names a missing one", async () => {
    directory = mkdtempSync(join(tmpdir(), "rehearse-policy-"));
    writeFileSync(join(directory, "release.json"), '{"passRate": {"min": 0.8}}');
    await expect(loadGuardPolicyFile("release.json", directory)).resolves.toEqual({ passRate: { min: 0.8 } });
    await expect(loadGuardPolicyFile("missing.yaml", directory)).rejects.toThrow("missing.yaml: file not found");
  });
});
