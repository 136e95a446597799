import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

// What `import("@rehearse/core")` must not load (docs/decisions/0022-import-cost.md): each of these
// loads on first use instead, inside an async function or method of the module that needs it.
// Source files, relative to packages/core; packages and node: built-ins by name. dist/ is a bundle
// (decision 0024): the files a process loads are entries and chunks, mapped back to the source
// files whose code they hold through the build's metafile (build-meta/metafile.json).
const loadedOnFirstUse = [
  "src/agents/red-team/attack-turn.ts", // RedTeamAgent.call
  "src/agents/red-team/score-response.ts",
  "src/agents/red-team/tap/tap-search.ts", // redTeamTap's step
  "src/agents/red-team/tap/tap-attacker.ts",
  "src/agents/red-team/grade-attack-judge.ts", // gradeAttack with a judge
  "src/agents/judge/judge-conversation.ts", // JudgeAgent.call with a model
  "src/agents/judge/discovery-loop.ts",
  "src/agents/judge/transcript/index.ts",
  "src/agents/judge/transcript/discovery-tools.ts",
  "src/agents/user-simulator/simulator-prompt.ts", // UserSimulatorAgent.call
  "src/agents/http/chat-messages.ts", // httpAgent's and openAICompatibleAgent's call
  "src/runner/model-services.ts", // a context's first run
  "src/engine/run-scenario.ts",
  "src/runner/verbose-printer.ts",
  "src/models/registry.ts",
  "src/models/cassette.ts",
  "src/models/middleware/record-replay.ts",
  "src/runner/config-sources.ts", // the first config read
  "src/runner/config-file.ts",
  "src/runner/debug-terminal.ts", // debug mode only
  "src/runner/batch-budget.ts", // runMany
  "src/runner/write-file-atomic.ts", // writeReports, writeRedTeamReport
  "src/environment/environment-tools.ts", // a declarative environment
  "src/scenario-file/load-scenario-files.ts", // loadScenarioFiles
];
const packagesOnFirstUse = ["ai", "zod", "ajv", "yaml", "tsx"];
const builtinsOnFirstUse = ["node:tty", "node:readline", "node:http", "node:crypto"];

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const distUrl = pathToFileURL(fileURLToPath(new URL("../dist/", import.meta.url))).href;
const recorder = fileURLToPath(new URL("./fixtures/record-loads.mjs", import.meta.url));

/** esbuild's metafile: each output file (`dist/…`) with the source files (`src/…`) bundled into it. */
interface Metafile {
  outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
}
const metafile: Metafile = JSON.parse(readFileSync(new URL("../build-meta/metafile.json", import.meta.url), "utf8"));

/** Every module URL a fresh node process loads while running `code` (ESM load hook). */
function loadedBy(code: string): string[] {
  const output = execFileSync(process.execPath, ["--import", recorder, "--input-type=module", "-e", code], {
    cwd: packageRoot,
    encoding: "utf8",
  });
  return JSON.parse(output.split("LOADED ")[1] ?? "[]");
}

/** The package's files among loaded URLs, as the metafile names them (`dist/chunks/chunk-….js`). */
const distFiles = (urls: readonly string[]) =>
  urls.filter((url) => url.startsWith(distUrl)).map((url) => `dist/${url.slice(distUrl.length)}`);
/** The source files whose code the loaded dist files hold. */
const sourcesLoaded = (urls: readonly string[]) =>
  new Set(distFiles(urls).flatMap((file) => Object.keys(metafile.outputs[file]?.inputs ?? {})));
/** The output files holding `source`: one, for a module that is bundled once. */
const outputsHolding = (source: string) =>
  Object.keys(metafile.outputs).filter((output) => source in (metafile.outputs[output]?.inputs ?? {}));
const ofPackage = (urls: readonly string[], name: string) => urls.some((url) => url.includes(`/node_modules/${name}/`));

describe("importing the root entry", () => {
  it("names only modules that exist and are bundled in exactly one file (a rename must update this list, not silently pass)", () => {
    expect(loadedOnFirstUse.filter((file) => !existsSync(`${packageRoot}${file}`))).toEqual([]);
    expect(loadedOnFirstUse.filter((file) => outputsHolding(file).length !== 1)).toEqual([]);
  });

  it("loads none of the modules that load on first use", () => {
    const loaded = loadedBy("await import('@rehearse/core');");
    // the metafile describes the build that was loaded (a stale one would map nothing)
    expect(distFiles(loaded).filter((file) => !(file in metafile.outputs))).toEqual([]);
    const sources = sourcesLoaded(loaded);
    expect(sources.has("src/index.ts")).toBe(true);
    expect(loadedOnFirstUse.filter((file) => sources.has(file))).toEqual([]);
    expect(packagesOnFirstUse.filter((name) => ofPackage(loaded, name))).toEqual([]);
    expect(builtinsOnFirstUse.filter((name) => loaded.includes(name))).toEqual([]);
  });

  it("the recorder sees them once used: a run loads the model services, a judge with a model its conversation (positive control)", () => {
    const loaded = loadedBy(`
      const { createRehearse, judgeAgent, user, agent, judge, AgentRole } = await import("@rehearse/core");
      const { scriptedModel } = await import("@rehearse/core/testing");
      await createRehearse({ configFile: false }).run({
        name: "control",
        description: "a greeting",
        agents: [{ role: AgentRole.AGENT, call: async () => "hello" }, judgeAgent({ criteria: ["greets"], model: scriptedModel(["?"]) })],
        script: [user("hi"), agent(), judge()],
      }).catch(() => {}); // the one-reply model's verdict does not matter here, only what its use loaded
    `);
    const sources = sourcesLoaded(loaded);
    expect(sources.has("src/runner/model-services.ts")).toBe(true);
    expect(sources.has("src/agents/judge/judge-conversation.ts")).toBe(true);
  });
});

describe("the bundle", () => {
  it("holds each source module once, so the entries share one copy of each class and function", () => {
    const sources = new Set(Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs)));
    expect(sources.size).toBeGreaterThan(100);
    expect([...sources].filter((source) => outputsHolding(source).length > 1)).toEqual([]);
    const output = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        "const core = await import('@rehearse/core'); const testing = await import('@rehearse/core/testing'); console.log(core.createSequentialIds === testing.createSequentialIds);",
      ],
      { cwd: packageRoot, encoding: "utf8" },
    );
    expect(output.trim()).toBe("true");
  });
});
