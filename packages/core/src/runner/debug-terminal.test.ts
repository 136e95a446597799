import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { messageText } from "../domain/messages.js";
import { AgentRole } from "../domain/roles.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { echoAgent } from "../testing/scripted-agents.js";
import { createDebugSession, debugOptionsFromConfig, noTerminalReason, openDebugTerminal } from "./debug-terminal.js";

const pipe = () => Object.assign(new PassThrough(), { isTTY: false });
const temporary: string[] = [];
const thrown = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
};
afterEach(() => {
  for (const directory of temporary.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe("openDebugTerminal", () => {
  it("explains how to opt in when stdin is not a terminal and /dev/tty was not asked for", () => {
    const terminal = openDebugTerminal({ stdin: pipe(), stdout: new PassThrough(), allowDevTty: false, env: {} });
    expect(terminal).toEqual({ available: false, reason: noTerminalReason });
    expect(noTerminalReason).toContain('debug: { tty: "/dev/tty" }');
    expect(noTerminalReason).toContain("REHEARSE_DEBUG_TTY=1");
  });

  it("prompts on stdin and stdout when stdin is a terminal", () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    const stdout = new PassThrough();
    const terminal = openDebugTerminal({ stdin, stdout, allowDevTty: false, env: {} });
    expect(terminal).toMatchObject({ available: true, input: stdin, output: stdout });
  });

  it("fails clearly when the opted-in terminal device cannot be opened", () => {
    const open = (devicePath: string, allowDevTty: boolean, env: Record<string, string>) => () =>
      openDebugTerminal({ stdin: pipe(), stdout: new PassThrough(), allowDevTty, env, devicePath });
    const directory = mkdtempSync(join(tmpdir(), "rehearse-debug-"));
    temporary.push(directory);
    const missing = join(directory, "no-such-tty");
    expect(open(missing, false, { REHEARSE_DEBUG_TTY: "1" })).toThrow(ConfigError);
    expect(open(missing, false, { REHEARSE_DEBUG_TTY: "1" })).toThrow(/could not open .*no controlling terminal/);
    const regularFile = join(directory, "file");
    writeFileSync(regularFile, "");
    expect(open(regularFile, true, {})).toThrow(/is not a terminal/);
    expect(thrown(open(missing, true, {}))).toMatchObject({ code: "invalid_config", source: "debug.tty" });
    expect(thrown(open(missing, false, { REHEARSE_DEBUG_TTY: "true" }))).toMatchObject({ source: "REHEARSE_DEBUG_TTY" });
  });
});

describe("debugOptionsFromConfig", () => {
  it("normalises the debug setting", () => {
    expect(debugOptionsFromConfig(undefined)).toEqual({ enabled: false, allowDevTty: false });
    expect(debugOptionsFromConfig(false)).toEqual({ enabled: false, allowDevTty: false });
    expect(debugOptionsFromConfig(true)).toEqual({ enabled: true, allowDevTty: false });
    expect(debugOptionsFromConfig({ tty: "/dev/tty" })).toEqual({ enabled: true, allowDevTty: true });
    const input = new PassThrough();
    expect(debugOptionsFromConfig({ input })).toEqual({ enabled: true, allowDevTty: false, input });
  });
});

describe("createDebugSession", () => {
  it("does nothing when debug mode is off", () => {
    const session = createDebugSession({}, { stdin: pipe() });
    expect(session.interceptor).toBeUndefined();
    expect(session.notice).toBeUndefined();
  });

  it("gives a notice and no interceptor when no terminal is available", () => {
    const session = createDebugSession({ debug: true }, { stdin: pipe(), env: {} });
    expect(session.interceptor).toBeUndefined();
    expect(session.notice).toBe(`debug mode is off for this run: ${noTerminalReason}`);
  });

  it("prompts on the streams given in the config until closed", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    input.write("typed\n");
    const session = createDebugSession({ debug: { input, output } }, { stdin: pipe(), env: {} });
    const interceptor = session.interceptor;
    expect(interceptor).toBeDefined();
    let simulated = 0;
    const scenario = {
      name: "session",
      description: "debug session",
      agents: [
        echoAgent(),
        {
          role: AgentRole.USER,
          call: async () => {
            simulated++;
            return "simulated";
          },
        },
      ],
      script: [user(), agent(), user(), agent(), succeed()],
    };
    const interceptors = { agent: interceptor ? [interceptor] : [] };
    // A context's first run loads the model services: warm them up so the 20 ms below measure the prompts alone.
    await isolated().run({
      name: "warm-up",
      description: "warm-up",
      agents: [echoAgent()],
      script: [user("hi"), agent(), succeed()],
    });
    // The second prompt waits until close() releases it, then the simulator speaks.
    const running = isolated().run(scenario, { interceptors });
    setTimeout(() => session.close(), 20);
    const result = await running;
    expect(result.messages.map(messageText)).toEqual(["typed", "You said: typed", "simulated", "You said: simulated"]);
    expect(simulated).toBe(1);
  });
});
