import { mkdir, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { htmlReport } from "./html-report.js";
import { jsonReport } from "./json-report.js";
import { junitReport } from "./junit-report.js";
import { reportFixture } from "./test-support/report-fixtures.js";
import { parseReporterSpec, writeReports } from "./write-reports.js";

describe("parseReporterSpec", () => {
  it.each([
    ["console", { kind: "console" }],
    ["json", { kind: "json", path: "rehearse-report.json" }],
    ["junit", { kind: "junit", path: "rehearse-junit.xml" }],
    ["html", { kind: "html", path: "rehearse-report.html" }],
    ["json=out/report.json", { kind: "json", path: "out/report.json" }],
    ["junit=out/junit.xml", { kind: "junit", path: "out/junit.xml" }],
    [" html = out/a=b.html ", { kind: "html", path: "out/a=b.html" }],
  ])("%j", (text, spec) => {
    expect(parseReporterSpec(text)).toEqual(spec);
  });

  it("rejects an unknown kind with a did-you-mean, an empty path and a path for console", () => {
    const error = (() => {
      try {
        parseReporterSpec("jnuit=x.xml");
      } catch (thrown) {
        return thrown;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toBe(
      'Unknown reporter "jnuit". Did you mean "junit"? Reporters: console, json, junit, html (file ones take =path).',
    );
    expect((error as ConfigError).path).toBe("--reporter");
    expect(() => parseReporterSpec("sarif")).toThrow('Unknown reporter "sarif". Reporters:');
    expect(() => parseReporterSpec("json=")).toThrow("the path after");
    expect(() => parseReporterSpec("console=out.txt")).toThrow("takes no path");
  });
});

describe("writeReports", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "rehearse-reports-"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("writes each file report under cwd, creating directories, and skips console", async () => {
    const report = reportFixture();
    const specs = ["console", "json", "junit=out/ci/junit.xml", "html=out/report.html"].map((text) => parseReporterSpec(text));
    const written = await writeReports(report, specs, directory);
    expect(written).toEqual([
      join(directory, "rehearse-report.json"),
      join(directory, "out", "ci", "junit.xml"),
      join(directory, "out", "report.html"),
    ]);
    expect(await readFile(written[0] as string, "utf8")).toBe(jsonReport(report));
    expect(await readFile(written[1] as string, "utf8")).toBe(junitReport(report));
    expect(await readFile(written[2] as string, "utf8")).toBe(htmlReport(report));
    expect((await readdir(join(directory, "out"))).sort()).toEqual(["ci", "report.html"]);
    expect(await readdir(directory)).not.toContainEqual(expect.stringMatching(/\.tmp$/));
  });

  it("uses the default path of a spec without one, and replaces an existing file", async () => {
    const first = await writeReports(reportFixture([]), [{ kind: "junit" }], directory);
    await writeReports(reportFixture([{}, {}]), [{ kind: "junit" }], directory);
    expect(first).toEqual([join(directory, "rehearse-junit.xml")]);
    expect(await readFile(first[0] as string, "utf8")).toContain('tests="2"');
    expect(await readdir(directory)).toEqual(["rehearse-junit.xml"]);
  });

  it("fails when the target cannot be replaced, leaving no temporary file", async () => {
    await mkdir(join(directory, "occupied"));
    // the temporary file is written, then the rename onto a directory fails
    await expect(writeReports(reportFixture(), [{ kind: "json", path: "occupied" }], directory)).rejects.toThrow();
    expect(await readdir(directory)).toEqual(["occupied"]);
  });
});
