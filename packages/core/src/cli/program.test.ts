import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "./test-support/cli-test-context.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-program-"));
  writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
  // invalid on purpose: every case below must be rejected before the file is looked at, or for it
  writeFileSync(join(directory, "a.yaml"), "name: a\n");
  writeFileSync(join(directory, "ok.mjs"), `export default { name: "ok", description: "d", agents: [] };`);
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

describe("rehearse (argument parsing)", () => {
  it("prints the version and the help, exit codes included, and exits 0", async () => {
    expect(await cli(directory, "--version")).toEqual({ code: 0, printed: ["9.9.9"], errors: [] });
    const help = await cli(directory, "--help");
    expect(help.code).toBe(0);
    const text = help.printed.join("\n");
    for (const command of ["run", "list", "validate", "schema", "init", "redteam"])
      expect(text).toMatch(new RegExp(`\\n  ${command} `));
    const table = text.slice(text.indexOf("Exit codes:"));
    expect([...table.matchAll(/^ {2}(\d+) {2}/gm)].map((match) => match[1])).toEqual(
      expect.arrayContaining(["0", "1", "2", "3", "130"]),
    );
    const run = await cli(directory, "run", "--help");
    expect(run.code).toBe(0);
    for (const option of [
      "--suite",
      "--difficulty",
      "--tag",
      "--grep",
      "--seed",
      "--repeat",
      "--concurrency",
      "--agent",
      "--model",
      "--record",
      "--replay",
      "--debug",
      "--verbose",
      "--fail-fast",
      "--fail-on-skipped",
      "--timeout",
      "--model-timeout",
      "--scenario-timeout",
      "--reporter",
    ]) {
      expect(run.printed.join("\n")).toContain(option);
    }
    expect(run.printed.join("\n")).toContain("Exit codes:");
  });

  it.each([
    [[], /Usage: rehearse/],
    [["frobnicate"], /error: unknown command 'frobnicate'/],
    [["run"], /error: missing required argument 'paths'/],
    [
      ["run", "a.yaml", "--seed", "x"],
      /option '--seed <n>' argument 'x' is invalid\. must be a whole number from 0 to 4294967295/,
    ],
    [["run", "a.yaml", "--seed", "-1"], /option '--seed <n>' argument '-1' is invalid/],
    [
      ["run", "a.yaml", "--concurrency", "0"],
      /option '-j, --concurrency <n>' argument '0' is invalid\. must be a whole number from 1 to 10000/,
    ],
    [["run", "a.yaml", "--repeat", "2.5"], /option '--repeat <n>' argument '2\.5' is invalid/],
    [
      ["run", "a.yaml", "--model-timeout", "soon"],
      /option '--model-timeout <seconds>' argument 'soon' is invalid\. must be a number of seconds from 0 \(no limit\) to 86400/,
    ],
    [["run", "a.yaml", "--scenario-timeout", "-5"], /option '--scenario-timeout <seconds>' argument '-5' is invalid/],
    [["redteam", "--timeout", "1e9"], /option '--timeout <seconds>' argument '1e9' is invalid/],
    [["redteam", "--model-timeout", "x"], /option '--model-timeout <seconds>' argument 'x' is invalid/],
    [["redteam", "--scenario-timeout", "90000"], /option '--scenario-timeout <seconds>' argument '90000' is invalid/],
    [["run", "a.yaml", "--record", "--replay"], /option '--replay' cannot be used with option '--record'/],
    [["run", "a.yaml", "--suite", "busines"], /not a scenario type \(did you mean "business"\?\)/],
    [["run", "a.yaml", "--tag", " "], /option '--tag <tag>' argument ' ' is invalid\. must not be empty/],
    [
      ["run", "a.yaml", "--difficulty", "easy,hrad"],
      /option '--difficulty <level,...>' argument 'easy,hrad' is invalid\. "hrad" is not a difficulty \(did you mean "hard"\?\); one of easy, medium, hard, extreme/,
    ],
    [["run", "a.yaml", "--frobnicate"], /error: unknown option '--frobnicate'/],
    [["run", "a.yaml", "--reporter", "xml"], /^rehearse run: --reporter xml: Unknown reporter "xml"\. Did you mean "html"\?/],
    [["run", "a.yaml", "--reporter", "console=out.txt"], /takes no path/],
    [["run", "missing"], /^rehearse run: no such file or directory: missing$/],
    [["run", "a.yaml"], /^a\.yaml:1:1: description: missing .*\n.*\n2 problems in 1 file$/],
    [["run", "ok.mjs", "--agent", "nope.mjs"], /^rehearse run: --agent: no such file: nope\.mjs$/],
    [["run", "ok.mjs", "--agent", "ok.mjs#default"], /^rehearse run: --agent: export "default" of ok\.mjs is not an agent/],
    [["redteam", "--strategy", "pair"], /argument 'pair' is invalid\. Allowed choices are crescendo, goat, tap/],
    [["redteam", "--objective", "x"], /^rehearse redteam: --agent <module\[#export\]> is required$/],
    [
      ["redteam", "--agent", "ok.mjs", "--objective", "x"],
      /^rehearse redteam: no model for the attacker and the judge: pass --model <id> .* or set REHEARSE_DEFAULT_MODEL/,
    ],
    [["list"], /missing required argument 'paths'/],
    [["schema", "extra"], /too many arguments for 'schema'/],
  ])("exits 2 for %j, saying why", async (argv, message) => {
    const result = await cli(directory, ...argv);
    expect(result.code).toBe(2);
    expect(result.printed).toEqual([]);
    expect(result.errors.join("\n")).toMatch(message);
    expect(result.errors.join("\n")).not.toMatch(/\n\s+at /);
  });

  it.each([
    [
      ["run", "a.yaml", "--model", "opnai:gpt-4.1-mini"],
      /unknown provider "opnai" in "opnai:gpt-4\.1-mini"; did you mean openai:gpt-4\.1-mini\?/,
    ],
    [["run", "a.yaml", "--model", "gpt-4.1-mini"], /"gpt-4\.1-mini" has no provider prefix; did you mean openai:gpt-4\.1-mini\?/],
    [["run", "a.yaml", "--model", "openai-compatible:localhost#llama"], /no http\(s\) base URL before "#"/],
    [["redteam", "--model", "antropic:claude-sonnet-4-5"], /did you mean anthropic:claude-sonnet-4-5\?/],
    [
      ["run", "a.yaml", "--model", "openai:gpt-4.1-mini|antropic:claude-haiku-4-5"],
      /link 2 of 2 \("antropic:claude-haiku-4-5"\) of the fallback chain .*did you mean anthropic:claude-haiku-4-5\?/,
    ],
  ])("checks --model before anything runs: %j", async (argv, message) => {
    const result = await cli(directory, ...argv);
    expect(result.code).toBe(2);
    expect(result.printed).toEqual([]);
    const text = result.errors.join("\n");
    expect(text).toMatch(new RegExp(`^error: option '--model <id>' argument '${argv.at(-1)}' is invalid\\. `));
    expect(text).toMatch(message);
    expect(text).toContain("Accepted forms: openai:<model>");
    // the invalid a.yaml was never read
    expect(text).not.toContain("a.yaml:");
  });

  it.each([
    [["frobnicate"], "rehearse --help"],
    [["run"], "rehearse run --help"],
    [["run", "a.yaml", "--frobnicate"], "rehearse run --help"],
    [["run", "a.yaml", "--seed", "x"], "rehearse run --help"],
    [["list"], "rehearse list --help"],
    [["list", "a.yaml", "--suite", "busines"], "rehearse list --help"],
    [["validate"], "rehearse validate --help"],
    [["schema", "extra"], "rehearse schema --help"],
    [["init", "a", "b"], "rehearse init --help"],
    [["redteam", "--strategy", "pair"], "rehearse redteam --help"],
    [["redteam", "report"], "rehearse redteam report --help"],
    [["redteam", "report", "reports", "--frobnicate"], "rehearse redteam report --help"],
  ])("points a usage error in %j to `%s`", async (argv, help) => {
    const result = await cli(directory, ...argv);
    expect(result.code).toBe(2);
    expect(result.errors.at(-1)).toBe(`(${help} for usage)`);
  });

  it("suggests the command meant for an unknown command, at every level", async () => {
    const top = await cli(directory, "rnu", "a.yaml");
    expect(top.code).toBe(2);
    expect(top.errors).toEqual(["error: unknown command 'rnu'", "(Did you mean run?)", "(rehearse --help for usage)"]);
    const nested = await cli(directory, "redteam", "reprot", "reports");
    expect(nested.code).toBe(2);
    expect(nested.errors).toEqual([
      "error: unknown command 'reprot'",
      "(Did you mean report?)",
      "(rehearse redteam --help for usage)",
    ]);
  });

  it("gives options after a subcommand to the subcommand (`redteam report --batch`)", async () => {
    mkdirSync(join(directory, "reports", "first"), { recursive: true });
    mkdirSync(join(directory, "reports", "second"), { recursive: true });
    writeFileSync(join(directory, "reports", "first", "1_a_goat.json"), "{}");
    const result = await cli(directory, "redteam", "report", "reports", "--batch", "first");
    expect(result.errors).toEqual([]);
    expect(result.printed).toEqual([`1 report from ${join("reports", "first")}`, join("reports", "first", "report.html")]);
  });
});
