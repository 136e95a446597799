import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadScenarioFiles } from "./load-scenario-files.js";
import { ScenarioFileErrors } from "./scenario-file-errors.js";

// A system condition's target_actions name environment tools, or "agent" for load calls of the agent under test.

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

async function load(text: string): Promise<unknown> {
  const cwd = await mkdtemp(join(tmpdir(), "rehearse-condition-targets-"));
  directories.push(cwd);
  await writeFile(join(cwd, "s.yaml"), text);
  return loadScenarioFiles(["s.yaml"], { cwd }).then(
    (loaded) => loaded,
    (caught: unknown) => caught,
  );
}

const file = (targets: string) =>
  'name: a\ndescription: b\nagent:\n  http: { url: "http://127.0.0.1:9/", response_path: reply }\n' +
  "environment:\n  tools:\n    lookup: { response: { result: 2 } }\n" +
  "injections:\n  - { type: concurrency, num_concurrent: 2, operation: agent, duration_seconds: 1 }\n" +
  `  - { type: rate_limit, target_actions: [${targets}] }\n`;

describe("system_condition target_actions", () => {
  it('accepts "agent" beside tool names', async () => {
    const loaded = await load(file("lookup, agent"));
    expect(loaded).not.toBeInstanceOf(Error);
  });

  it('suggests "agent" for a near miss and says what it means', async () => {
    const error = await load(file("agnet"));
    expect(error).toBeInstanceOf(ScenarioFileErrors);
    expect((error as ScenarioFileErrors).errors.map((problem) => problem.message)).toEqual([
      's.yaml:10:42: injections[1].target_actions[0]: unknown tool "agnet" (did you mean "agent"?); the environment\'s tools: lookup (or "agent" for load calls of the agent under test)',
    ]);
  });
});
