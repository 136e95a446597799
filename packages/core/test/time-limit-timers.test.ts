import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

// Black-box: the built package (`npm run build` first) in a child process of its own.
const entry = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "index.js")).href;

/** Runs `body` (an ES module using `scenario` and `AgentRole`) in a fresh node; returns its exit and how long it took. */
function runChild(body: string) {
  const source = `import scenario, { AgentRole } from ${JSON.stringify(entry)};\n${body}`;
  const started = Date.now();
  const child = spawnSync(process.execPath, ["--input-type=module", "-e", source], { encoding: "utf8", timeout: 20_000 });
  return { ...child, elapsedMs: Date.now() - started };
}

describe("the time limits' timer", () => {
  it("keeps nothing alive once the runs are over: the process exits at once, well before any limit", () => {
    // default limits (60 s per agent call, 30 minutes per scenario) and 200 runs in flight together
    const child = runChild(`
      const agents = () => [
        { role: AgentRole.USER, call: async () => "hi" },
        { role: AgentRole.AGENT, call: async () => "hello" },
        { role: AgentRole.JUDGE, call: async () => ({ success: true, reasoning: "ok", metCriteria: [], unmetCriteria: [] }) },
      ];
      const results = await Promise.all(
        Array.from({ length: 200 }, (_, index) => scenario.run({ name: "quick " + index, description: "d", agents: agents() })),
      );
      console.log(JSON.stringify({ passed: results.filter((result) => result.success).length }));
    `);
    expect(child.stderr).not.toMatch(/Error/);
    expect(child.signal).toBeNull();
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}")).toEqual({ passed: 200 });
    expect(child.elapsedMs).toBeLessThan(15_000);
  });

  it("keeps the process alive while a run's agent hangs, until its limit ends it", () => {
    const child = runChild(`
      const result = await scenario
        .run({
          name: "hangs",
          description: "d",
          timeouts: { agentCallMs: 300 },
          agents: [{ role: AgentRole.AGENT, call: () => new Promise(() => {}) }],
          script: [scenario.user("hi"), scenario.agent()],
        })
        .catch((error) => error.result);
      console.log(JSON.stringify({ code: result.errorCode }));
    `);
    expect(child.status).toBe(0);
    expect(JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}")).toEqual({ code: "agent_timeout" });
    expect(child.elapsedMs).toBeGreaterThanOrEqual(300);
  });
});
