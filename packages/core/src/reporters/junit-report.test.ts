import { describe, expect, it } from "vitest";
import { junitReport } from "./junit-report.js";
import { findAll, parseXml, type XmlElement } from "./test-support/parse-xml.js";
import { reportFixture } from "./test-support/report-fixtures.js";

const mixed = () =>
  reportFixture([
    { scenario: { name: "passes", scenarioType: "business" }, result: { status: "pass", success: true, totalTime: 1.5 } },
    { scenario: { name: "fails", scenarioType: "business" }, result: { status: "fail", totalTime: 2 } },
    { scenario: { name: "known flaw", expect: "fail", scenarioType: "security" }, result: { status: "fail" } },
    { scenario: { name: "flaw gone", expect: "fail", scenarioType: "security" }, result: { status: "pass", success: true } },
    // no type given and no declarative summary to take one from: the default suite
    {
      scenario: { name: "crashes" },
      result: { status: "error", error: "agent threw: boom", errorCode: "agent_failed", scenarioRun: undefined },
    },
    {
      scenario: { name: "undecided" },
      result: { status: "skipped", reasoning: "no judge model: set defaultModel", scenarioRun: undefined },
    },
  ]);

function testcase(root: XmlElement, name: string): XmlElement {
  const found = findAll(root, "testcase").find((element) => element.attributes.name === name);
  if (!found) throw new Error(`no testcase ${name}`);
  return found;
}

const childNames = (element: XmlElement) => element.children.map((child) => child.name);

describe("junitReport", () => {
  it("is well-formed XML with one testsuite per scenario type and the right counts", () => {
    const root = parseXml(junitReport(mixed()));
    expect(root.name).toBe("testsuites");
    expect(root.attributes).toMatchObject({ tests: "6", failures: "2", errors: "1", skipped: "1", time: "2.500" });
    const suites = findAll(root, "testsuite");
    expect(suites.map((suite) => suite.attributes.name)).toEqual(["business", "security", "scenarios"]);
    expect(
      suites.map((suite) => [
        suite.attributes.tests,
        suite.attributes.failures,
        suite.attributes.errors,
        suite.attributes.skipped,
      ]),
    ).toEqual([
      ["2", "1", "0", "0"],
      ["2", "1", "0", "0"],
      ["2", "0", "1", "1"],
    ]);
    expect(suites[0]?.attributes.time).toBe("3.500");
    const first = testcase(root, "passes");
    expect(first.attributes).toEqual({ name: "passes", classname: "rehearse.business", time: "1.500" });
  });

  it("maps expectations: as expected passes (saying so), unexpected fails, error errors, skipped skips", () => {
    const root = parseXml(junitReport(mixed()));
    expect(childNames(testcase(root, "passes"))).toEqual(["system-out"]);
    const flaw = testcase(root, "known flaw");
    expect(childNames(flaw)).toEqual(["system-out"]);
    expect(flaw.children[0]?.text).toContain("known flaw: fail — failed as expected (expected fail)");

    const fails = testcase(root, "fails");
    const failure = fails.children.find((child) => child.name === "failure");
    expect(failure?.attributes).toEqual({ message: "expected to pass but failed", type: "unexpected_fail" });
    expect(failure?.text).toContain("Reasoning: The agent never issued the refund.");
    expect(failure?.text).toContain("Unmet criteria:\n  - The agent refunds the real total ($40)");
    expect(failure?.text).toContain("[outcome_unmet] refunds were never issued (step 1, at 31.5 s)");
    expect(failure?.text).toContain("refund times out (tool_error, random trigger, at 2 s, turn 1): drew 0.12 < 0.5");

    const log = fails.children.find((child) => child.name === "system-out")?.text;
    expect(log).toContain("Transcript:\n[user] Please refund order A100, it was $90.\n[assistant] Let me check.");
    expect(log).toContain("[user] Here is the invoice.\n[file: invoice.pdf, 3000 bytes]");

    const gone = testcase(root, "flaw gone").children.find((child) => child.name === "failure");
    expect(gone?.attributes).toEqual({ message: "expected to fail (a known flaw) but passed", type: "unexpected_pass" });

    const error = testcase(root, "crashes").children.find((child) => child.name === "error");
    expect(error?.attributes).toEqual({ message: "agent threw: boom", type: "agent_failed" });
    expect(testcase(root, "crashes").children.some((child) => child.name === "failure")).toBe(false);

    const skipped = testcase(root, "undecided").children.find((child) => child.name === "skipped");
    expect(skipped?.attributes).toEqual({ message: "no judge model: set defaultModel" });
  });

  it("gives a testcase its difficulty as a property when the scenario has one, and none otherwise", () => {
    const root = parseXml(
      junitReport(
        reportFixture([
          { scenario: { name: "hard one", difficulty: "hard" }, result: { status: "pass", success: true } },
          { scenario: { name: "hard fail", difficulty: "extreme" }, result: { status: "fail" } },
          { scenario: { name: "plain" }, result: { status: "pass", success: true } },
        ]),
      ),
    );
    const properties = (name: string) =>
      testcase(root, name)
        .children.filter((child) => child.name === "properties")
        .flatMap((element) => element.children.map((property) => property.attributes));
    expect(childNames(testcase(root, "hard one"))).toEqual(["properties", "system-out"]);
    expect(properties("hard one")).toEqual([{ name: "difficulty", value: "hard" }]);
    expect(childNames(testcase(root, "hard fail"))).toEqual(["properties", "failure", "system-out"]);
    expect(properties("hard fail")).toEqual([{ name: "difficulty", value: "extreme" }]);
    expect(childNames(testcase(root, "plain"))).toEqual(["system-out"]);
  });

  it("escapes names, strips control characters and keeps ]]> inside CDATA", () => {
    const nasty = `a <b> & "c" 'd'\u0000\u0007\u001F\ud800 e\nf`;
    const report = reportFixture([
      {
        scenario: { name: nasty, file: `dir/<x>&"y".yaml` },
        result: { reasoning: "ends ]]> here and <![CDATA[ again ]]>\u0001", unmetCriteria: ["<criterion> & ]]>"] },
      },
    ]);
    const xml = junitReport(report);
    const root = parseXml(xml);
    const only = findAll(root, "testcase")[0];
    expect(only?.attributes.name).toBe(`a <b> & "c" 'd' e\nf`);
    expect(only?.attributes.classname).toBe(`dir/<x>&"y".yaml`);
    expect(only?.attributes.file).toBe(`dir/<x>&"y".yaml`);
    const failure = only?.children.find((child) => child.name === "failure");
    expect(failure?.text).toContain("Reasoning: ends ]]> here and <![CDATA[ again ]]>\n");
    expect(failure?.text).toContain("  - <criterion> & ]]>");
  });

  it("numbers repeated runs of one scenario so CI keeps them apart", () => {
    const root = parseXml(
      junitReport(
        reportFixture([
          { scenario: { name: "same" }, result: { seed: 1 } },
          { scenario: { name: "same" }, result: { seed: 2 } },
        ]),
      ),
    );
    expect(findAll(root, "testcase").map((element) => element.attributes.name)).toEqual(["same", "same (run 2, seed 2)"]);
  });

  it("is deterministic and valid for an empty batch", () => {
    expect(junitReport(mixed())).toBe(junitReport(mixed()));
    const root = parseXml(junitReport(reportFixture([])));
    expect(root.attributes.tests).toBe("0");
    expect(root.children).toEqual([]);
  });
});

describe("parseXml (the checker the tests rely on)", () => {
  it.each([
    ["<a>", "unclosed"],
    ["<a></b>", "closes"],
    ["<a>x & y</a>", "bare &"],
    ['<a b="<"/>', "raw <"],
    ['<a b="1" b="2"/>', "duplicate"],
    ["<a>&nbsp;</a>", "unknown entity"],
    ["<a>\u0001</a>", "forbidden"],
    ["<a/><b/>", "after the root"],
    ["<a>]]></a>", "]]>"],
  ])("rejects %j", (source, problem) => {
    expect(() => parseXml(source)).toThrow(problem);
  });
});
