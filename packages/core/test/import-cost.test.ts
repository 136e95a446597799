import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// What `import("@rehearse/core")` must not load (docs/decisions/0022-import-cost.md): each of these
// loads on first use instead, inside an async function or method of the module that needs it.
// Paths are relative to packages/core/dist; packages and node: built-ins by name.
const loadedOnFirstUse = [
  "agents/red-team/attack-turn.js", // RedTeamAgent.call
  "agents/red-team/score-response.js",
  "agents/red-team/tap/tap-search.js", // redTeamTap's step
  "agents/red-team/tap/tap-attacker.js",
  "agents/red-team/grade-attack-judge.js", // gradeAttack with a judge
  "agents/judge/judge-conversation.js", // JudgeAgent.call with a model
  "agents/judge/discovery-loop.js",
  "agents/judge/transcript/index.js",
  "agents/judge/transcript/discovery-tools.js",
  "agents/user-simulator/simulator-prompt.js", // UserSimulatorAgent.call
  "agents/http/chat-messages.js", // httpAgent's and openAICompatibleAgent's call
  "runner/model-services.js", // a context's first run
  "engine/run-scenario.js",
  "runner/verbose-printer.js",
  "models/registry.js",
  "models/cassette.js",
  "models/middleware/record-replay.js",
  "runner/config-sources.js", // the first config read
  "runner/config-file.js",
  "runner/debug-terminal.js", // debug mode only
  "runner/batch-budget.js", // runMany
  "runner/write-file-atomic.js", // writeReports, writeRedTeamReport
  "environment/environment-tools.js", // a declarative environment
  "scenario-file/load-scenario-files.js", // loadScenarioFiles
];
const packagesOnFirstUse = ["ai", "zod", "ajv", "yaml", "tsx"];
const builtinsOnFirstUse = ["node:tty", "node:readline", "node:http", "node:crypto"];

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const distRoot = fileURLToPath(new URL("../dist/", import.meta.url));
const recorder = fileURLToPath(new URL("./fixtures/record-loads.mjs", import.meta.url));

/** Every module URL a fresh node process loads while running `code` (ESM load hook). */
function loadedBy(code: string): string[] {
  const output = execFileSync(process.execPath, ["--import", recorder, "--input-type=module", "-e", code], {
    cwd: packageRoot,
    encoding: "utf8",
  });
  return JSON.parse(output.split("LOADED ")[1] ?? "[]");
}

const inDist = (urls: readonly string[], file: string) => urls.some((url) => url.endsWith(`/core/dist/${file}`));
const ofPackage = (urls: readonly string[], name: string) => urls.some((url) => url.includes(`/node_modules/${name}/`));

describe("importing the root entry", () => {
  it("names only modules that exist (a rename must update this list, not silently pass)", () => {
    expect(loadedOnFirstUse.filter((file) => !existsSync(`${distRoot}${file}`))).toEqual([]);
  });

  it("loads none of the modules that load on first use", () => {
    const loaded = loadedBy("await import('@rehearse/core');");
    expect(inDist(loaded, "index.js")).toBe(true);
    expect(loadedOnFirstUse.filter((file) => inDist(loaded, file))).toEqual([]);
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
    expect(inDist(loaded, "runner/model-services.js")).toBe(true);
    expect(inDist(loaded, "agents/judge/judge-conversation.js")).toBe(true);
  });
});
