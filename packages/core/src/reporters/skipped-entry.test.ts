import { describe, expect, it } from "vitest";
import { htmlReport } from "./html-report.js";
import { junitReport } from "./junit-report.js";
import { reportFixture } from "./test-support/report-fixtures.js";

// A skipped run was cut short before it was graded: a check that held says nothing about the agent,
// so reports list only what broke. (The fixture's summary has one held and one broken outcome check.)

const held = "✓ required_event action_request: seen 2 times";
const broke = "✗ state: refunds: expected [40], got []";

describe("the outcome checks of a skipped run", () => {
  it("list only the broken ones in the HTML and JUnit reports", () => {
    const skipped = reportFixture([{ result: { status: "skipped", metCriteria: [], reasoning: "no model" } }]);
    expect(htmlReport(skipped)).toContain(broke);
    expect(htmlReport(skipped)).not.toContain(held);
    expect(junitReport(skipped)).not.toContain(held);
  });

  it("list every check of a graded run", () => {
    const failed = reportFixture();
    expect(htmlReport(failed)).toContain(held);
    expect(htmlReport(failed)).toContain(broke);
    expect(junitReport(failed)).toContain(held);
  });
});
