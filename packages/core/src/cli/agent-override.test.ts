import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Agent } from "../domain/agent.js";
import { ConfigError } from "../domain/errors.js";
import { AgentRole } from "../domain/roles.js";
import { loadAgentOverride, parseAgentSpec, replaceAgentUnderTest } from "./agent-override.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-agent-"));
  writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("parseAgentSpec", () => {
  it("splits module and export at the last #", () => {
    expect(parseAgentSpec("agents/bot.ts")).toEqual({ module: "agents/bot.ts" });
    expect(parseAgentSpec("agents/bot.ts#supportBot")).toEqual({ module: "agents/bot.ts", export: "supportBot" });
    expect(parseAgentSpec("odd#dir/bot.mjs#bot")).toEqual({ module: "odd#dir/bot.mjs", export: "bot" });
    expect(() => parseAgentSpec("bot.ts#", "rehearse run")).toThrow(
      'rehearse run: --agent: expected <module[#export]>, got "bot.ts#"',
    );
    expect(() => parseAgentSpec("")).toThrow(ConfigError);
  });
});

describe("loadAgentOverride", () => {
  it("takes an agent export, or a factory run once per scenario; TypeScript through tsx", async () => {
    writeFileSync(
      join(directory, "bots.mjs"),
      `export default { role: "Agent", call: async () => "plain" };\nexport const factory = () => { let calls = 0; return { role: "Agent", call: async () => \`call \${++calls}\` }; };`,
    );
    writeFileSync(
      join(directory, "typed.ts"),
      `export const bot = { role: "Agent" as const, call: async (): Promise<string> => "typed" };`,
    );
    const plain = await loadAgentOverride("bots.mjs", directory);
    expect(await (await plain()).call({} as never)).toBe("plain");
    const factory = await loadAgentOverride("bots.mjs#factory", directory);
    const first = await factory();
    const second = await factory();
    expect(first).not.toBe(second);
    // each scenario gets its own agent: state kept by one never leaks into another
    expect(await first.call({} as never)).toBe("call 1");
    expect(await first.call({} as never)).toBe("call 2");
    expect(await second.call({} as never)).toBe("call 1");
    expect(await (await (await loadAgentOverride("typed.ts#bot", directory))()).call({} as never)).toBe("typed");
  });

  it("rejects a missing file or export and what is not an agent under test, before anything runs", async () => {
    writeFileSync(
      join(directory, "bad.mjs"),
      `export const user = { role: "User", call: async () => "hi" };\nexport const number = 4;`,
    );
    const problem = (spec: string) => loadAgentOverride(spec, directory, "rehearse run").catch((error: Error) => error.message);
    expect(await problem("missing.mjs")).toBe("rehearse run: --agent: no such file: missing.mjs");
    expect(await problem("bad.mjs#usr")).toMatch(
      /^rehearse run: --agent: bad\.mjs has no export "usr" \(did you mean "user"\?\)/,
    );
    expect(await problem("bad.mjs#user")).toMatch(/has role "User"; the agent under test must have role "Agent"/);
    expect(await problem("bad.mjs#number")).toMatch(/is not an agent/);
  });
});

describe("replaceAgentUnderTest", () => {
  const agent = (role: AgentRole, name: string): Agent => ({ role, name, call: async () => name }) as Agent;

  it("replaces the agents with role Agent and keeps the others; adds one when there is none", () => {
    const mine = agent(AgentRole.AGENT, "mine");
    const user = agent(AgentRole.USER, "user");
    const judge = agent(AgentRole.JUDGE, "judge");
    const scenario = { name: "s", description: "d", agents: [user, agent(AgentRole.AGENT, "theirs"), judge] };
    expect(replaceAgentUnderTest(scenario, mine).agents).toEqual([mine, user, judge]);
    expect(scenario.agents).toHaveLength(3);
    expect(replaceAgentUnderTest({ ...scenario, agents: [user] }, mine).agents).toEqual([mine, user]);
  });
});
