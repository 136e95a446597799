import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import type { UsageLine } from "../domain/models.js";
import { emptyUsage } from "../models/usage-meter.js";
import type { Logger } from "../runner/logger.js";
import { parseRunArguments, runCommand, usageLine } from "./run-command.js";

describe("parseRunArguments", () => {
  it("parses files and options", () => {
    expect(parseRunArguments(["a.mjs", "--seed", "42", "--concurrency=3", "--verbose", "b.ts", "--record"])).toEqual({
      files: ["a.mjs", "b.ts"],
      help: false,
      debug: false,
      record: true,
      replay: false,
      verbose: true,
      seed: 42,
      concurrency: 3,
    });
    expect(parseRunArguments(["--debug", "--replay", "--", "--odd-name.mjs"])).toMatchObject({
      files: ["--odd-name.mjs"],
      debug: true,
      replay: true,
    });
    expect(parseRunArguments(["--help"]).help).toBe(true);
  });

  it.each([
    [[], "rehearse run: no scenario files given"],
    [["a.mjs", "--record", "--replay"], "rehearse run: --record and --replay cannot be used together"],
    [["a.mjs", "--seed"], "rehearse run: --seed needs a number"],
    [["a.mjs", "--seed", "--verbose"], "rehearse run: --seed needs a number"],
    [["a.mjs", "--seed", "-1"], 'rehearse run: --seed must be a whole number from 0 to 4294967295, got "-1"'],
    [["a.mjs", "--concurrency=0"], 'rehearse run: --concurrency must be a whole number from 1 to 10000, got "0"'],
    [["a.mjs", "--concurrency", "2.5"], 'rehearse run: --concurrency must be a whole number from 1 to 10000, got "2.5"'],
    [["a.mjs", "--debug=yes"], "rehearse run: --debug takes no value"],
    [["a.mjs", "--frobnicate"], 'rehearse run: unknown option "--frobnicate"'],
  ])("rejects %j", (argv, message) => {
    expect(() => parseRunArguments(argv)).toThrow(ConfigError);
    expect(() => parseRunArguments(argv)).toThrow(message);
  });
});

describe("runCommand", () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), "rehearse-run-"));
    // Stops the config-file search here.
    writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
  });
  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  const silent: Logger = { error() {}, warn() {}, info() {}, debug() {}, transcript() {} };
  async function run(...argv: string[]) {
    const printed: string[] = [];
    const errors: string[] = [];
    const code = await runCommand(argv, {
      print: (line) => printed.push(line),
      printError: (line) => errors.push(line),
      cwd: directory,
      env: {},
      logger: silent,
    });
    return { code, printed, errors };
  }

  // Plain-object agents: the judge decides from the agent's reply.
  const entries = {
    agrees: `{ name: "agrees", description: "d", agents: [replying("yes"), user, judge] }`,
    refuses: `{ name: "refuses", description: "d", agents: [replying("no"), user, judge] }`,
    crashes: `{ name: "crashes", description: "d", agents: [{ role: "Agent", call: async () => { throw new Error("down") } }, user, judge] }`,
  };
  const scenarioFile = (...names: Array<keyof typeof entries>) => `
const judge = { role: "Judge", call: async (input) => {
  const reply = String(input.messages.at(-1)?.content ?? "");
  return { success: reply.includes("yes"), reasoning: reply.includes("yes") ? "said yes\\nmore detail" : "never said yes", metCriteria: [], unmetCriteria: [] };
} };
const user = { role: "User", call: async () => "question" };
const replying = (text) => ({ role: "Agent", call: async () => text });
export default [${names.map((name) => entries[name]).join(", ")}];`;

  it("prints one line per scenario and a summary; exit code 1 when something failed", async () => {
    writeFileSync(join(directory, "mixed.mjs"), scenarioFile("agrees", "refuses", "crashes"));
    const { code, printed, errors } = await run("mixed.mjs", "--seed", "7", "--concurrency", "1");
    expect(errors).toEqual([]);
    expect(printed).toEqual([
      "PASS   agrees  — said yes",
      "FAIL   refuses  — never said yes",
      expect.stringMatching(/^ERROR {2}crashes {2}— .*down/),
      "1 passed, 1 failed, 1 error, 0 skipped",
    ]);
    expect(code).toBe(1);
  });

  it("exits 0 when every scenario passed", async () => {
    writeFileSync(join(directory, "good.mjs"), scenarioFile("agrees"));
    const { code, printed } = await run("good.mjs");
    expect(printed).toEqual(["PASS   agrees  — said yes", "1 passed, 0 failed, 0 errors, 0 skipped"]);
    expect(code).toBe(0);
  });

  it("exits 2 with usage for bad arguments and with the reason for a bad export", async () => {
    const usage = await run("a.mjs", "--seed", "x");
    expect(usage.code).toBe(2);
    expect(usage.errors[0]).toContain('--seed must be a whole number from 0 to 4294967295, got "x"');
    expect(usage.errors[0]).toContain("Usage: rehearse run <files…>");
    writeFileSync(join(directory, "bad.mjs"), "export default 42;");
    const bad = await run("bad.mjs");
    expect(bad).toEqual({
      code: 2,
      printed: [],
      errors: ["rehearse run: bad.mjs: default export must be a scenario or an array of scenarios (got a number)"],
    });
  });

  it("prints usage for --help and exits 0", async () => {
    const { code, printed } = await run("--help");
    expect(code).toBe(0);
    expect(printed[0]).toContain("--record");
  });
});

describe("usageLine", () => {
  const line = (overrides: Partial<UsageLine>): UsageLine => ({ ...emptyUsage().total, ...overrides });

  it("is silent when no model was called", () => {
    expect(usageLine(line({}))).toBeUndefined();
  });

  it("shows calls, replays, tokens and cost, or says the cost is unknown", () => {
    expect(usageLine(line({ calls: 4, replayedCalls: 2, inputTokens: 120, outputTokens: 30, cost: 0.00012 }))).toBe(
      "models: 4 calls, 2 replayed, 120 input + 30 output tokens, $0.0001",
    );
    expect(usageLine(line({ calls: 1, cost: null }))).toMatch(/cost unknown/);
  });
});
