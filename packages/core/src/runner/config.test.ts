import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { AgentRole } from "../domain/roles.js";
import { agent, proceed, succeed, user } from "../script/steps.js";
import { echoAgent } from "../testing/scripted-agents.js";
import { findConfigFile } from "./config-file.js";
import { createRehearse } from "./rehearse.js";

function project(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), "rehearse-config-"));
  writeFileSync(join(directory, "package.json"), JSON.stringify({ type: "module" }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(directory, name, ".."), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

const turnCounter = () => {
  const turns: number[] = [];
  return {
    turns,
    agents: [
      echoAgent(),
      {
        role: AgentRole.USER,
        call: async (input: { scenarioState: { currentTurn: number } }) => {
          turns.push(input.scenarioState.currentTurn);
          return "hi";
        },
      },
    ],
  };
};

describe("config precedence: per-call > configure() > env > file > defaults", () => {
  it("uses the default maxTurns of 10 with nothing configured", async () => {
    const { turns, agents } = turnCounter();
    await createRehearse({ configFile: false, env: {} }).run({ name: "d", description: "d", agents });
    expect(turns).toHaveLength(10);
  });

  it("a config file beats the defaults, env beats the file, configure() beats env, the call beats all", async () => {
    const cwd = project({ "rehearse.config.mjs": "export default { maxTurns: 2, setId: 'from-file' };" });
    const fileOnly = turnCounter();
    const rehearse = createRehearse({ cwd, env: {} });
    const fromFile = await rehearse.run({ name: "f", description: "f", agents: fileOnly.agents });
    expect(fileOnly.turns).toHaveLength(2);
    expect(fromFile.setId).toBe("from-file");

    const withEnv = createRehearse({ cwd, env: { REHEARSE_MAX_TURNS: "3" } });
    const envRun = turnCounter();
    const envResult = await withEnv.run({ name: "e", description: "e", agents: envRun.agents });
    expect(envRun.turns).toHaveLength(3);
    expect(envResult.setId).toBe("from-file");

    withEnv.configure({ maxTurns: 4 });
    const configured = turnCounter();
    await withEnv.run({ name: "c", description: "c", agents: configured.agents });
    expect(configured.turns).toHaveLength(4);

    const perCall = turnCounter();
    await withEnv.run({ name: "p", description: "p", agents: perCall.agents, maxTurns: 1 });
    expect(perCall.turns).toHaveLength(1);
  });

  it("finds the config file from a subdirectory, up to the project root", async () => {
    const cwd = project({ "rehearse.config.js": "export default { maxTurns: 5 };", "tests/deep/.keep": "" });
    expect(findConfigFile(join(cwd, "tests", "deep"))).toBe(join(cwd, "rehearse.config.js"));
    const resolved = await createRehearse({ cwd: join(cwd, "tests", "deep"), env: {} }).resolveConfig();
    expect(resolved.maxTurns).toBe(5);
    const outside = project({});
    expect(findConfigFile(outside)).toBeUndefined();
  });

  it("loads rehearse.config.ts through tsx", async () => {
    const cwd = project({
      "rehearse.config.ts":
        "const turns: number = 6;\nexport default { maxTurns: turns, verbose: false } satisfies { maxTurns: number; verbose: boolean };",
    });
    const resolved = await createRehearse({ cwd, env: {} }).resolveConfig();
    expect(resolved.maxTurns).toBe(6);
  });
});

describe("invalid config fails before anything runs, naming where", () => {
  it("configure() rejects a bad value at once", () => {
    const rehearse = createRehearse({ configFile: false, env: {} });
    expect(() => rehearse.configure({ maxTurns: 0 })).toThrow(ConfigError);
    expect(() => rehearse.configure({ maxTurns: 0 })).toThrow(/^configure\(\): maxTurns: .*>=1.*; got 0$/);
    expect(() => rehearse.configure({ colour: "red" } as never)).toThrow(/configure\(\)/);
  });

  it("a bad env var is named in the error and no agent is called", async () => {
    const theAgent = echoAgent();
    const rehearse = createRehearse({ configFile: false, env: { REHEARSE_MAX_TURNS: "many" } });
    await expect(rehearse.run({ name: "x", description: "x", agents: [theAgent], script: [proceed()] })).rejects.toThrow(
      /REHEARSE_MAX_TURNS: expected an integer/,
    );
    const outOfRange = createRehearse({ configFile: false, env: { REHEARSE_CONCURRENCY: "0" } });
    await expect(outOfRange.resolveConfig()).rejects.toMatchObject({ source: "REHEARSE_CONCURRENCY", path: "concurrency" });
    expect(theAgent.calls).toHaveLength(0);
  });

  it("a bad config file is named with the field", async () => {
    const cwd = project({ "rehearse.config.mjs": "export default { maxTurns: 'ten' };" });
    const error = await createRehearse({ cwd, env: {} })
      .resolveConfig()
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).source).toBe(join(cwd, "rehearse.config.mjs"));
    expect((error as ConfigError).path).toBe("maxTurns");
    expect((error as Error).message).toContain(
      'rehearse.config.mjs: maxTurns: Invalid input: expected number, received string; got "ten"',
    );
  });

  it("a config file that does not load is a ConfigError with the cause", async () => {
    const cwd = project({ "rehearse.config.mjs": "export default {;" });
    await expect(createRehearse({ cwd, env: {} }).resolveConfig()).rejects.toThrow(/could not load the config file/);
  });
});

describe("verbose output goes through the logger", () => {
  it("prints the conversation as it happens, and nothing when verbose is off", async () => {
    const lines: string[] = [];
    const logger = { error() {}, warn() {}, info() {}, debug() {}, transcript: (line: string) => lines.push(line) };
    const scenario = {
      name: "chatty",
      description: "d",
      agents: [echoAgent()],
      script: [user("hello"), user("again"), succeed()],
    };
    await createRehearse({ configFile: false, env: {}, logger }).run(scenario);
    expect(lines).toEqual([]);
    await createRehearse({ configFile: false, env: { REHEARSE_VERBOSE: "2" }, logger }).run(scenario);
    expect(lines).toContain("[Scenario: chatty] User: hello");
    expect(lines.at(-1)).toMatch(/^\[Scenario: chatty\] ■ chatty: pass/);
    lines.length = 0;
    const toolUser = {
      role: AgentRole.AGENT,
      call: async () => ({
        role: "assistant" as const,
        content: [
          { type: "text" as const, text: "Refunding" },
          { type: "tool-call" as const, toolCallId: "c1", toolName: "refund", input: { orderId: "42" } },
        ],
      }),
    };
    await createRehearse({ configFile: false, env: { REHEARSE_VERBOSE: "true" }, logger }).run({
      name: "tools",
      description: "d",
      agents: [toolUser],
      script: [user("refund 42"), agent(), succeed()],
    });
    expect(lines).toEqual(expect.arrayContaining(["Agent: Refunding", 'ToolCall(refund): {"orderId":"42"}']));
  });
});

describe("isolated contexts", () => {
  it("share nothing: configure() on one leaves another untouched", async () => {
    const one = createRehearse({ configFile: false, env: {} });
    const two = createRehearse({ configFile: false, env: {} });
    one.configure({ maxTurns: 2 });
    expect((await one.resolveConfig()).maxTurns).toBe(2);
    expect((await two.resolveConfig()).maxTurns).toBe(10);
    expect(one.batchRunId).not.toBe(two.batchRunId);
  });

  it("takes the batch id from SCENARIO_BATCH_RUN_ID", async () => {
    const rehearse = createRehearse({ configFile: false, env: { SCENARIO_BATCH_RUN_ID: "ci-build-77" } });
    const result = await rehearse.run({ name: "b", description: "b", agents: [echoAgent()], script: [succeed()] });
    expect(result.batchRunId).toBe("ci-build-77");
    expect(result.setId).toBe("default");
  });
});
