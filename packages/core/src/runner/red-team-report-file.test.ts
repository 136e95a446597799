import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createReportBuilder } from "../agents/red-team/attack-report.js";
import { redTeamReportSchema } from "../agents/red-team/attack-report-schema.js";
import { writeRedTeamReport } from "./red-team-report-file.js";

describe("writeRedTeamReport", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "rehearse-red-team-report-"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("writes pretty JSON into a new directory, atomically, and the report reads back valid", async () => {
    const builder = createReportBuilder({ strategy: "goat", target: "support bot", totalTurns: 3 });
    builder.recordTurn({ turn: 0, phase: "early", attack: "hi", sent: "hi", techniques: ["PERSONA_MODIFICATION"] });
    builder.recordGrade({ outcome: "broke", breakingTurn: 0, reasons: ["Turn 0: leak"], perTurn: [] });
    const report = builder.build();
    const target = join(directory, "nested", "report.json");

    const written = await writeRedTeamReport(report, target);

    expect(written).toBe(target);
    const text = await readFile(target, "utf8");
    expect(text).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(redTeamReportSchema.parse(JSON.parse(text))).toEqual(report);
    expect(await readdir(join(directory, "nested"))).toEqual(["report.json"]);
  });

  it("replaces an existing report", async () => {
    const target = join(directory, "report.json");
    const builder = createReportBuilder({ strategy: "crescendo", target: "bot", totalTurns: 1 });
    await writeRedTeamReport(builder.build(), target);
    builder.note("second run");
    await writeRedTeamReport(builder.build(), target);
    expect(JSON.parse(await readFile(target, "utf8")).notes).toEqual(["second run"]);
    expect(await readdir(directory)).toEqual(["report.json"]);
  });
});
