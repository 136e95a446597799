import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

// Black-box: the built package (`npm run build` first) in a plain node process, no CLI around it.
const entry = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "index.js")).href;

/** Runs `body` (an ES module with `scenario`, `AgentRole`, `hanging(name)` and `fine(name)`) in a fresh node. */
function runChild(body: string) {
  const source = [
    `import scenario, { AgentRole } from ${JSON.stringify(entry)};`,
    // the agent's promise never settles and it starts no timer: with the limits off, Node has nothing left to wait for
    `const hanging = (name) => ({ name, description: "d", timeouts: { agentCallMs: 0, scenarioMs: 0 }, agents: [{ name: "HangingAgent", role: AgentRole.AGENT, call: () => new Promise(() => {}) }], script: [scenario.user("hi"), scenario.agent(), scenario.succeed()] });`,
    `const fine = (name) => ({ name, description: "d", timeouts: { agentCallMs: 0, scenarioMs: 0 }, agents: [{ role: AgentRole.AGENT, call: async () => "hello" }], script: [scenario.user("hi"), scenario.agent(), scenario.succeed()] });`,
    body,
  ].join("\n");
  return spawnSync(process.execPath, ["--input-type=module", "-e", source], { encoding: "utf8", timeout: 20_000 });
}

const lastLine = (stdout: string) => JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");

describe("a run that can never finish (every time limit off)", () => {
  it("runMany ends it `error` run_stalled naming the scenario and the limits, keeps the rest of the batch, and resolves", () => {
    const child = runChild(`
      const batch = await scenario.runMany([hanging("hangs"), fine("fine"), hanging("hangs too"), fine("fine too")], { concurrency: 1 });
      console.log(JSON.stringify(batch.results.map((result) => [result.status, result.errorCode ?? null, result.error ?? null])));
    `);
    expect(child.stderr).toBe("");
    expect(child.status).toBe(0);
    const results = lastLine(child.stdout);
    expect(results.map((result: unknown[]) => result.slice(0, 2))).toEqual([
      ["error", "run_stalled"],
      ["pass", null],
      ["error", "run_stalled"],
      ["pass", null],
    ]);
    expect(results[0][2]).toMatch(/^Scenario "hangs" could never finish: .*timeouts\.scenarioMs.*timeouts\.agentCallMs/);
    expect(results[2][2]).toMatch(/^Scenario "hangs too" could never finish/);
  });

  it("ends runs stalled together, each naming its own scenario", () => {
    const child = runChild(`
      const batch = await scenario.runMany([hanging("one"), hanging("two"), fine("three")], { concurrency: 3 });
      console.log(JSON.stringify(batch.results.map((result) => result.error ?? result.status)));
    `);
    expect(child.status).toBe(0);
    const [one, two, three] = lastLine(child.stdout);
    expect(one).toMatch(/^Scenario "one" could never finish/);
    expect(two).toMatch(/^Scenario "two" could never finish/);
    expect(three).toBe("pass");
  });

  it("run() rejects with the run_stalled error, its result attached, and leaves no listener behind", () => {
    const child = runChild(`
      const error = await scenario.run(hanging("alone")).then(() => undefined, (error) => error);
      await scenario.run(fine("after"));
      console.log(JSON.stringify({ code: error?.code, status: error?.result?.status, message: error?.message, listeners: process.listenerCount("beforeExit") }));
    `);
    expect(child.status).toBe(0);
    expect(lastLine(child.stdout)).toEqual({
      code: "run_stalled",
      status: "error",
      message: expect.stringMatching(/^Scenario "alone" could never finish/),
      listeners: 0,
    });
  });
});
