import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./program.js";
import { cli, testContext } from "./test-support/cli-test-context.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-run-"));
  // Stops the config-file search here.
  writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

// Plain-object agents: the judge passes when the agent said "yes".
const prelude = `
const judge = { role: "Judge", call: async (input) => {
  const reply = String(input.messages.at(-1)?.content ?? "");
  return { success: reply.includes("yes"), reasoning: reply.includes("yes") ? "said yes\\nmore detail" : "never said yes", metCriteria: [], unmetCriteria: [] };
} };
const user = { role: "User", call: async () => "question" };
const replying = (name, text, extra = {}) => ({ name, description: "d", agents: [{ role: "Agent", call: async () => text }, user, judge], ...extra });
`;
const scenarios = (file: string, ...entries: string[]) =>
  writeFileSync(join(directory, file), `${prelude}export default [${entries.join(", ")}];`);

describe("rehearse run", () => {
  it("prints a line per scenario, the details of each unexpected one and the totals; exit 1", async () => {
    scenarios(
      "mixed.scenario.mjs",
      `replying("agrees", "yes")`,
      `replying("refuses", "no")`,
      `{ name: "crashes", description: "d", agents: [{ role: "Agent", call: async () => { throw new Error("down") } }, user, judge] }`,
    );
    const { code, printed, errors } = await cli(directory, "run", "mixed.scenario.mjs", "-j", "1");
    expect(errors).toEqual([]);
    expect(printed.slice(0, 3)).toEqual([
      "PASS   agrees  — said yes",
      "FAIL   refuses  — never said yes",
      expect.stringMatching(/^ERROR {2}crashes {2}— .*down/),
    ]);
    expect(printed).toContain("✗ refuses — fail: expected to pass but failed");
    expect(printed).toContain("    user: question");
    expect(printed).toContain("✗ crashes — error: ended with an error (expected pass)");
    expect(printed.at(-1)).toBe("1 passed, 1 failed, 1 error, 0 skipped");
    expect(code).toBe(1);
  });

  it("exits 0 when every scenario passed, printing nothing but the lines and the totals", async () => {
    scenarios("good.mjs", `replying("agrees", "yes")`);
    expect(await cli(directory, "run", "good.mjs")).toEqual({
      code: 0,
      printed: ["PASS   agrees  — said yes", "1 passed, 0 failed, 0 errors, 0 skipped"],
      errors: [],
    });
  });

  it("compares runs with `expect`: a known flaw that fails is as expected, one that passes is not", async () => {
    scenarios("flaws.mjs", `replying("known flaw", "no", { expect: "fail" })`, `replying("agrees", "yes")`);
    const expected = await cli(directory, "run", "flaws.mjs", "-j", "1");
    expect(expected.printed[0]).toBe("FAIL   known flaw  — never said yes  (failed as expected)");
    expect(expected.printed).toContain("scenario    expected  observed  as expected");
    expect(expected.printed.at(-1)).toBe("1 passed, 1 failed, 0 errors, 0 skipped; 2 as expected, 0 unexpected");
    expect(expected.printed.some((line) => line.startsWith("✗"))).toBe(false);
    expect(expected.code).toBe(0);

    scenarios("fixed.mjs", `replying("fixed flaw", "yes", { expect: "fail" })`);
    const fixed = await cli(directory, "run", "fixed.mjs");
    expect(fixed.printed[0]).toBe("PASS   fixed flaw  — said yes  (UNEXPECTED: expected to fail (a known flaw) but passed)");
    expect(fixed.printed).toContain("✗ fixed flaw — pass: expected to fail (a known flaw) but passed");
    expect(fixed.printed.at(-1)).toBe("1 passed, 0 failed, 0 errors, 0 skipped; 0 as expected, 1 unexpected");
    expect(fixed.code).toBe(1);
  });

  it("--fail-fast starts nothing after the first unexpected result and lists what was not run", async () => {
    scenarios(
      "many.mjs",
      `replying("first", "yes")`,
      `replying("second", "no")`,
      `replying("third", "yes")`,
      `replying("fourth", "yes")`,
    );
    const { code, printed } = await cli(directory, "run", "many.mjs", "--fail-fast", "-j", "1");
    expect(printed.slice(0, 2)).toEqual(["PASS   first  — said yes", "FAIL   second  — never said yes"]);
    const notRun = printed.indexOf("not run: 2 (--fail-fast: stopped after the first unexpected result)");
    expect(printed.slice(notRun + 1, notRun + 3)).toEqual(["  - third", "  - fourth"]);
    expect(printed).toContain("1 passed, 1 failed, 0 errors, 0 skipped");
    expect(printed.at(-1)).toBe("stopped: --fail-fast: stopped after the first unexpected result");
    expect(code).toBe(1);

    // a failure of the last scenario leaves nothing to stop
    scenarios("last.mjs", `replying("first", "yes")`, `replying("last", "no")`);
    const last = await cli(directory, "run", "last.mjs", "--fail-fast", "-j", "1");
    expect(last.printed.at(-1)).toBe("1 passed, 1 failed, 0 errors, 0 skipped");
    expect(last.printed.join("\n")).not.toContain("not run");
  });

  it("filters with --suite, --tag (all must match) and --grep, leaving inactive scenarios out", async () => {
    scenarios(
      "tagged.mjs",
      `replying("refund attack", "yes", { scenarioType: "adversarial", tags: ["pii", "refunds"] })`,
      `replying("refund happy path", "yes", { scenarioType: "business", tags: ["refunds"] })`,
      `replying("pii probe", "yes", { scenarioType: "adversarial", tags: ["pii"] })`,
      `replying("retired", "yes", { scenarioType: "adversarial", tags: ["pii", "refunds"], isActive: false })`,
    );
    const names = async (...argv: string[]) => {
      const { printed } = await cli(directory, "run", "tagged.mjs", "-j", "1", ...argv);
      return printed.slice(0, -1).map((line) => /^PASS {3}(.*?) {2}—/.exec(line)?.[1]);
    };
    expect(await names("--suite", "adversarial")).toEqual(["refund attack", "pii probe"]);
    expect(await names("--tag", "pii", "--tag", "refunds")).toEqual(["refund attack"]);
    expect(await names("--grep", "REFUND")).toEqual(["refund attack", "refund happy path"]);
    expect(await names()).toEqual(["refund attack", "refund happy path", "pii probe"]);
    const none = await cli(directory, "run", "tagged.mjs", "--suite", "business", "--tag", "pii");
    expect(none.code).toBe(3);
    expect(none.errors).toEqual([
      "rehearse run: no scenario matches the filter (business tags=pii) among 4 scenarios (1 inactive left out)",
    ]);
  });

  it("filters with --difficulty (a comma list, any level matches; ungraded scenarios never match)", async () => {
    scenarios(
      "graded.mjs",
      `replying("warm-up", "yes", { difficulty: "easy" })`,
      `replying("gauntlet", "yes", { difficulty: "hard" })`,
      `replying("boss", "yes", { difficulty: "extreme" })`,
      `replying("ungraded", "yes")`,
    );
    const names = async (...argv: string[]) => {
      const { printed } = await cli(directory, "run", "graded.mjs", "-j", "1", ...argv);
      return printed.slice(0, -1).map((line) => /^PASS {3}(.*?) {2}—/.exec(line)?.[1]);
    };
    expect(await names("--difficulty", "hard")).toEqual(["gauntlet"]);
    expect(await names("--difficulty", "hard,extreme")).toEqual(["gauntlet", "boss"]);
    expect(await names("--difficulty", "easy", "--difficulty", "extreme")).toEqual(["warm-up", "boss"]);
    await cli(directory, "run", "graded.mjs", "--reporter", "json=out/graded.json");
    const report = JSON.parse(readFileSync(join(directory, "out", "graded.json"), "utf8"));
    expect(report.entries.map((entry: { scenario: { difficulty?: string } }) => entry.scenario.difficulty ?? null)).toEqual([
      "easy",
      "hard",
      "extreme",
      null,
    ]);
    const none = await cli(directory, "run", "graded.mjs", "--difficulty", "medium");
    expect(none.code).toBe(3);
    expect(none.errors).toEqual(["rehearse run: no scenario matches the filter (difficulty=medium) among 4 scenarios"]);
  });

  it("--repeat runs each scenario n times and prints pass^k and the flaky ones", async () => {
    writeFileSync(
      join(directory, "flaky.mjs"),
      `${prelude}let calls = 0;
export default [replying("steady", "yes"), { name: "wobbly", description: "d", agents: [{ role: "Agent", call: async () => (calls++ % 2 === 0 ? "yes" : "no") }, user, judge] }];`,
    );
    const { code, printed } = await cli(directory, "run", "flaky.mjs", "--repeat", "3", "-j", "1");
    expect(printed.slice(0, 6)).toEqual([
      "PASS   steady #1  — said yes",
      "PASS   steady #2  — said yes",
      "PASS   steady #3  — said yes",
      "PASS   wobbly #1  — said yes",
      "FAIL   wobbly #2  — never said yes",
      "PASS   wobbly #3  — said yes",
    ]);
    expect(printed).toContain("pass^3 1.00  steady (3 of 3 passed)");
    expect(printed).toContain("pass^3 0.00  wobbly (2 of 3 passed)  (flaky)");
    expect(printed).toContain("pass^3 (mean) 0.50, pass rate 83%");
    expect(printed).toContain("flaky: wobbly");
    expect(printed.at(-1)).toBe("5 passed, 1 failed, 0 errors, 0 skipped");
    expect(code).toBe(1);
  });

  it("--agent replaces the agent under test with a module's export or factory", async () => {
    scenarios("refuses.mjs", `replying("asks", "no")`);
    writeFileSync(join(directory, "bot.mjs"), `export const bot = () => ({ role: "Agent", call: async () => "yes, done" });`);
    const { code, printed } = await cli(directory, "run", "refuses.mjs", "--agent", "bot.mjs#bot");
    expect(printed[0]).toBe("PASS   asks  — said yes");
    expect(code).toBe(0);
  });

  it("writes the requested reports, relative to the working directory", async () => {
    scenarios("two.mjs", `replying("agrees", "yes", { tags: ["smoke"] })`, `replying("refuses", "no")`);
    const { printed } = await cli(
      directory,
      "run",
      "two.mjs",
      "--reporter",
      "json=out/run.json",
      "--reporter",
      "junit=out/junit.xml",
    );
    expect(printed.slice(-2)).toEqual([`report: ${join("out", "run.json")}`, `report: ${join("out", "junit.xml")}`]);
    const report = JSON.parse(readFileSync(join(directory, "out", "run.json"), "utf8"));
    expect(report.counts).toEqual({ pass: 1, fail: 1, error: 0, skipped: 0 });
    expect(report.command).toBeUndefined();
    expect(report.tool).toEqual({ name: "rehearse", version: "9.9.9" });
    expect(report.entries.map((entry: { scenario: { name: string; file: string } }) => entry.scenario)).toMatchObject([
      { name: "agrees", file: "two.mjs", tags: ["smoke"] },
      { name: "refuses", file: "two.mjs" },
    ]);
    expect(readFileSync(join(directory, "out", "junit.xml"), "utf8")).toContain("<testsuite");
  });

  it("runs nothing and exits 130 when interrupted before the runs start", async () => {
    scenarios("good.mjs", `replying("agrees", "yes")`);
    const context = testContext(directory);
    context.controller.abort();
    expect(await runCli(["run", "good.mjs"], context)).toBe(130);
    expect(context.printed).toEqual([]);
  });
});
