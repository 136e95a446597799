import { resolve } from "node:path";
import { closestMatch } from "../domain/did-you-mean.js";
import { ConfigError } from "../domain/errors.js";
import { htmlReport } from "./html-report.js";
import { jsonReport } from "./json-report.js";
import { junitReport } from "./junit-report.js";
import type { RunReport } from "./run-report.js";

/** The report kinds: `console` is printed by the CLI, the others are files. */
export const reporterKinds = ["console", "json", "junit", "html"] as const;
export type ReporterKind = (typeof reporterKinds)[number];

/** One requested report: a kind and, for file kinds, where to write it (relative to the working directory). */
export interface ReporterSpec {
  readonly kind: ReporterKind;
  readonly path?: string;
}

type FileKind = Exclude<ReporterKind, "console">;

/** Default file of each file kind, and the writer that makes its text. One line each, so a new kind cannot miss one. */
const fileReporters: Readonly<Record<FileKind, { readonly path: string; readonly render: (report: RunReport) => string }>> = {
  json: { path: "rehearse-report.json", render: jsonReport },
  junit: { path: "rehearse-junit.xml", render: junitReport },
  html: { path: "rehearse-report.html", render: htmlReport },
};

/**
 * Parses a `--reporter` value: `kind` or `kind=path` (`json`,
 * `junit=out/junit.xml`, `html=out/report.html`, `console`). File kinds
 * without a path get their default (`rehearse-report.json`,
 * `rehearse-junit.xml`, `rehearse-report.html`). An unknown kind, an empty
 * path or a path for `console` is a `ConfigError` (with a "did you mean").
 *
 * @example
 * parseReporterSpec("junit=out/junit.xml"); // { kind: "junit", path: "out/junit.xml" }
 * parseReporterSpec("html"); // { kind: "html", path: "rehearse-report.html" }
 */
export function parseReporterSpec(text: string, options?: { source?: string }): ReporterSpec {
  const source = options?.source ?? "command line";
  const fail = (message: string) => new ConfigError(message, { source, path: "--reporter" });
  const separator = text.indexOf("=");
  const kind = (separator < 0 ? text : text.slice(0, separator)).trim();
  const path = separator < 0 ? undefined : text.slice(separator + 1).trim();
  if (!isReporterKind(kind)) {
    const guess = closestMatch(kind, reporterKinds);
    const hint = guess ? ` Did you mean "${guess}"?` : "";
    throw fail(`Unknown reporter "${kind}".${hint} Reporters: ${reporterKinds.join(", ")} (file ones take =path).`);
  }
  if (kind === "console") {
    if (path !== undefined) throw fail(`The console reporter prints to the terminal and takes no path (got "${text}").`);
    return { kind };
  }
  if (path === "") throw fail(`Reporter "${text}": the path after "=" is empty.`);
  return { kind, path: path ?? fileReporters[kind].path };
}

/**
 * Writes each file report (`json`, `junit`, `html`) to its path, resolved
 * against `cwd`: parent directories are created and each write is atomic (a
 * temporary file beside the target, then a rename), so a CI step never reads
 * half a report. `console` specs are skipped (the CLI prints those). Resolves
 * to the absolute paths written, in order.
 *
 * @example
 * ```ts
 * const written = await writeReports(report, ["json", "junit=out/junit.xml"].map((text) => parseReporterSpec(text)), process.cwd());
 * ```
 */
export async function writeReports(report: RunReport, specs: readonly ReporterSpec[], cwd: string): Promise<string[]> {
  const written: string[] = [];
  // the file writer (and node:crypto, node:fs/promises) loads with the first report written, not with the package
  const { writeFileAtomic } = await import("../runner/write-file-atomic.js");
  for (const spec of specs) {
    if (spec.kind === "console") continue;
    const reporter = fileReporters[spec.kind];
    const file = resolve(cwd, spec.path ?? reporter.path);
    await writeFileAtomic(file, reporter.render(report));
    written.push(file);
  }
  return written;
}

function isReporterKind(kind: string): kind is ReporterKind {
  return (reporterKinds as readonly string[]).includes(kind);
}
