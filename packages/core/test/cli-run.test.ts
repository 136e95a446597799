import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rehearseAsync, rehearseIn, tempProject } from "../src/cli/test-support/bin.js";

// Black-box: the built bin (`npm run build` first), scenario files in a temp dir.
let project: ReturnType<typeof tempProject>;
let directory: string;
beforeEach(() => {
  project = tempProject("rehearse-cli-run-");
  directory = project.directory;
});
afterEach(() => {
  project.remove();
});

const rehearse = (...args: string[]) => rehearseIn(directory, args);
const write = (path: string, text: string) => {
  mkdirSync(join(directory, path, ".."), { recursive: true });
  writeFileSync(join(directory, path), text);
};

// Plain-object agents, so the files import nothing: the judge passes when the agent said "yes".
const scenarios = `
const judge = { role: "Judge", call: async (input) => {
  const reply = String(input.messages.at(-1)?.content ?? "");
  return { success: reply.includes("yes"), reasoning: reply.includes("yes") ? "said yes" : "never said yes", metCriteria: [], unmetCriteria: [] };
} };
const user = { role: "User", call: async () => "question" };
const replying = (name, text, extra = {}) => ({ name, description: "d", agents: [{ role: "Agent", call: async () => text }, user, judge], ...extra });
`;

/** A YAML scenario: the module agent says `reply`; the assertion wants "yes". */
const yamlScenario = (name: string, extra = "") =>
  [
    `name: ${name}`,
    "description: d",
    "agent: { module: ../agents.mjs, export: agent }",
    "script:",
    "  - { type: user_message, message: Will you? }",
    "  - { type: assertion, path: last_response, operator: contains, value: 'yes' }",
    extra,
  ].join("\n");

describe("rehearse run", () => {
  it("runs YAML scenario files (tools from a module) and rejects a bad one with file:line: field, before running anything", () => {
    writeFileSync(
      join(directory, "tools.mjs"),
      `export const agent = { role: "Agent", call: async (input) => { await input.tools.open_ticket.execute({ subject: "refund" }, { toolCallId: "t1" }); return "ticket opened"; } };`,
    );
    const good = [
      "name: Opens a ticket",
      "description: The agent opens a ticket",
      "agent: { module: ./tools.mjs, export: agent }",
      "environment:",
      "  state: { tickets: 0 }",
      "  tools:",
      "    open_ticket:",
      "      parameters: { type: object, properties: { subject: { type: string } } }",
      "      response: { increment: { tickets: 1 }, result: { ok: true } }",
      "script:",
      "  - { type: user_message, message: I need help }",
      "  - { type: agent_action, action: open_ticket }",
      "expected_outcomes:",
      "  state: [{ path: tickets, operator: equals, value: 1 }]",
    ].join("\n");
    writeFileSync(join(directory, "ticket.scenario.yaml"), good);
    const passed = rehearse("run", "ticket.scenario.yaml");
    expect(passed.stdout).toBe(
      "PASS   Opens a ticket  — All 2 declarative checks passed\n1 passed, 0 failed, 0 errors, 0 skipped\n",
    );
    expect(passed.status).toBe(0);

    writeFileSync(join(directory, "bad.scenario.yaml"), good.replace("response:", "reponse:"));
    const rejected = rehearse("run", ".");
    expect(rejected.status).toBe(2);
    expect(rejected.stdout).toBe("");
    expect(rejected.stderr).toMatch(
      /^bad\.scenario\.yaml:9:7: environment\.tools\.open_ticket\.reponse: .*did you mean "response"/,
    );
    expect(rejected.stderr).toMatch(/\n2 problems in 1 file\n$/);
    expect(rejected.stderr).not.toMatch(/\n\s+at /);
  });

  it("runs a file's scenarios, prints a line each, the failure's details and the totals, exits 1 on a failure", () => {
    write("mixed.scenario.mjs", `${scenarios}export default [replying("agrees", "yes"), replying("refuses", "no")];`);
    const result = rehearse("run", "mixed.scenario.mjs", "--concurrency", "1", "--seed", "3");
    const lines = result.stdout.trim().split("\n");
    expect(lines.slice(0, 3)).toEqual(["PASS   agrees  — said yes", "FAIL   refuses  — never said yes", ""]);
    expect(lines[3]).toBe("✗ refuses — fail: expected to pass but failed");
    expect(lines).toContain("    assistant: no");
    expect(lines.at(-1)).toBe("1 passed, 1 failed, 0 errors, 0 skipped");
    expect(result.status).toBe(1);
  });

  it("loads TypeScript scenario files and exits 0 when all pass", () => {
    write("typed.scenario.ts", `${scenarios}export const scenarios: unknown[] = [replying("agrees", "yes")];`);
    const result = rehearse("run", "typed.scenario.ts");
    expect(result.stdout).toContain("PASS   agrees  — said yes");
    expect(result.status).toBe(0);
  });

  it("exits 2 for usage errors and bad exports", () => {
    const none = rehearse("run");
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("missing required argument 'paths'");
    const both = rehearse("run", "x.mjs", "--record", "--replay");
    expect(both.status).toBe(2);
    expect(both.stderr).toContain("option '--replay' cannot be used with option '--record'");
    expect(rehearse("run", "nowhere").stderr).toBe("rehearse run: no such file or directory: nowhere\n");
    write("bad.mjs", `export default { name: "no agents" };`);
    const bad = rehearse("run", "bad.mjs");
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("bad.mjs: default export must be a scenario or an array of scenarios (got an object without");
  });

  it("--debug without a terminal says so and runs without pausing", () => {
    write("one.mjs", `${scenarios}export default replying("agrees", "yes");`);
    const result = rehearse("run", "one.mjs", "--debug");
    expect(result.stderr).toContain("stdin is not a terminal");
    expect(result.stderr).toContain("REHEARSE_DEBUG_TTY=1");
    expect(result.stdout).toContain("PASS   agrees");
    expect(result.status).toBe(0);
  });

  it("compares YAML scenarios with `expect: fail`: a known flaw that fails exits 0, one that passes exits 1 with details", () => {
    write("agents.mjs", `export const agent = { role: "Agent", call: async () => process.env.AGENT_REPLY ?? "no" };`);
    write("flaws/known.yaml", yamlScenario("known flaw", "expect: fail"));
    const expected = rehearseIn(directory, ["run", "flaws"]);
    expect(expected.stdout).toMatch(/^FAIL {3}known flaw {2}— .*\(failed as expected\)\n/);
    expect(expected.stdout).toContain("known flaw  fail      fail      yes");
    expect(expected.stdout).toMatch(/\n0 passed, 1 failed, 0 errors, 0 skipped; 1 as expected, 0 unexpected\n$/);
    expect(expected.status).toBe(0);

    const fixed = rehearseIn(directory, ["run", "flaws"], { AGENT_REPLY: "yes" });
    expect(fixed.stdout).toMatch(/^PASS {3}known flaw {2}— .*\(UNEXPECTED: expected to fail \(a known flaw\) but passed\)\n/);
    expect(fixed.stdout).toContain("✗ known flaw — pass: expected to fail (a known flaw) but passed");
    expect(fixed.stdout).toContain("    assistant: yes");
    expect(fixed.stdout).toMatch(/\n1 passed, 0 failed, 0 errors, 0 skipped; 0 as expected, 1 unexpected\n$/);
    expect(fixed.status).toBe(1);
  });

  it("--fail-fast leaves the later scenarios not run", () => {
    write(
      "many.mjs",
      `${scenarios}export default [replying("first", "no"), replying("second", "yes"), replying("third", "yes")];`,
    );
    const result = rehearse("run", "many.mjs", "--fail-fast", "-j", "1");
    expect(result.stdout).toMatch(/^FAIL {3}first {2}— never said yes\n/);
    expect(result.stdout).not.toContain("PASS");
    expect(result.stdout).toContain(
      "not run: 2 (--fail-fast: stopped after the first unexpected result)\n  - second\n  - third\n",
    );
    expect(result.status).toBe(1);
  });

  it("--reporter junit=… --reporter html=… writes both", () => {
    write("two.mjs", `${scenarios}export default [replying("agrees", "yes"), replying("refuses", "no")];`);
    const result = rehearse("run", "two.mjs", "--reporter", "junit=reports/junit.xml", "--reporter", "html=reports/report.html");
    expect(result.stdout).toMatch(/\nreport: reports\/junit\.xml\nreport: reports\/report\.html\n$/);
    expect(readFileSync(join(directory, "reports", "junit.xml"), "utf8")).toMatch(/<testsuite[^>]* tests="2"/);
    expect(readFileSync(join(directory, "reports", "report.html"), "utf8")).toContain("refuses");
    expect(result.status).toBe(1);
  });

  it("--agent replaces the agent under test; --suite, --tag and --grep select; --repeat prints pass^k", () => {
    write("agents.mjs", `export const agent = { role: "Agent", call: async () => "no" };`);
    write("suite/a.yaml", yamlScenario("refund attack", "scenario_type: adversarial\ntags: [pii, refunds]"));
    write("suite/b.yaml", yamlScenario("refund happy path", "scenario_type: business\ntags: [refunds]"));
    write(
      "suite/c.scenario.mjs",
      `${scenarios}export default replying("pii probe", "yes", { scenarioType: "adversarial", tags: ["pii"] });`,
    );
    write("yes-agent.mjs", `export default () => ({ role: "Agent", call: async () => "yes" });`);
    const names = (stdout: string) => [...stdout.matchAll(/^(?:PASS|FAIL) {3}(.*?) {2}—/gm)].map((match) => match[1]);

    const adversarial = rehearse("run", "suite", "--suite", "adversarial", "-j", "1");
    expect(names(adversarial.stdout)).toEqual(["refund attack", "pii probe"]);
    expect(names(rehearse("run", "suite", "--tag", "pii", "--tag", "refunds").stdout)).toEqual(["refund attack"]);
    expect(names(rehearse("run", "suite", "--grep", "happy").stdout)).toEqual(["refund happy path"]);

    const replaced = rehearse("run", "suite", "--tag", "refunds", "--agent", "yes-agent.mjs", "-j", "1");
    expect(replaced.stdout).toMatch(/^PASS {3}refund attack {2}— .*\nPASS {3}refund happy path {2}— /);
    expect(replaced.status).toBe(0);

    const repeated = rehearse("run", "suite", "--grep", "probe", "--repeat", "3");
    expect(names(repeated.stdout)).toEqual(["pii probe #1", "pii probe #2", "pii probe #3"]);
    expect(repeated.stdout).toContain(
      "pass^3 1.00  pii probe (3 of 3 passed)\npass^3 (mean) 1.00, pass rate 100%\nflaky: none\n",
    );
  });

  it("stops on Ctrl-C: the run in flight ends as an error, the rest are not run, reports are written, exit 130", async () => {
    write(
      "slow.mjs",
      `${scenarios}
// waits on a timer, as a slow model call would, and gives up when the run is stopped
const waiting = { role: "Agent", call: (input) => new Promise((resolve, reject) => {
  const timer = setTimeout(() => resolve("yes"), 60_000);
  input.signal?.addEventListener("abort", () => { clearTimeout(timer); reject(input.signal.reason); }, { once: true });
  process.stdout.write("agent waiting\\n");
}) };
export default [{ name: "slow", description: "d", agents: [waiting, user, judge] }, replying("later", "yes")];`,
    );
    let interrupted = false;
    const result = await rehearseAsync(directory, ["run", "slow.mjs", "-j", "1", "--reporter", "junit=reports/junit.xml"], {
      onStdout: (stdout, child) => {
        if (!interrupted && stdout.includes("agent waiting")) {
          interrupted = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(result.code).toBe(130);
    expect(result.stdout).toMatch(/\nERROR {2}slow {2}— .*interrupted \(Ctrl-C\)\n/);
    expect(result.stdout).toContain("not run: 1 (interrupted (Ctrl-C))\n  - later\n");
    expect(result.stdout).toContain("stopped: interrupted (Ctrl-C)\nreport: reports/junit.xml\n");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(directory, "reports", "junit.xml"))).toBe(true);
  });

  it("names --model and the factory option when a TypeScript scenario's simulator has no model", () => {
    const core = pathToFileURL(fileURLToPath(new URL("../dist/index.js", import.meta.url))).href;
    write(
      "simulated.scenario.mjs",
      `import { userSimulatorAgent } from ${JSON.stringify(core)};
export default { name: "simulated", description: "d", agents: [{ role: "Agent", call: async () => "ok" }, userSimulatorAgent()], script: [(state, executor) => executor.user()] };`,
    );
    const result = rehearse("run", "simulated.scenario.mjs");
    expect(result.stdout).toContain(
      "add --model openai:gpt-4.1-mini, set REHEARSE_DEFAULT_MODEL (or defaultModel in rehearse.config.mjs), or pass userSimulatorAgent({ model })",
    );
    // the only run was skipped: nothing was tested
    expect(result.status).toBe(3);
  });

  it("keeps exiting 2 for unknown commands", () => {
    const result = rehearse("frobnicate");
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("error: unknown command 'frobnicate'");
  });
});
