/**
 * A suite version on the worker's disk: `<workDir>/suites/<tenant>/<name>/<hash>/`,
 * written once (to a temporary directory, then renamed into place, so two
 * jobs of one version never see half a suite) and reused by every run of that
 * version. Run it from a directory whose `node_modules` has what the suite's
 * modules import (`rehearse worker` in the project's checkout).
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import type { SuiteFile } from "../services/suites.js";

/** The directory of a suite version, fetching and writing its files on first use. */
export async function suiteDirectory(
  workDir: string,
  suite: { tenantId: string; name: string; version: string },
  fetchFiles: () => Promise<SuiteFile[]>,
): Promise<string> {
  const tenant = createHash("sha256").update(suite.tenantId).digest("hex").slice(0, 16);
  const version = suite.version.replace(/^sha256:/, "").slice(0, 32);
  const directory = resolve(workDir, "suites", tenant, suite.name, version);
  if (existsSync(directory)) return directory;
  const files = await fetchFiles();
  const temporary = `${directory}.${process.pid}.${randomBytes(4).toString("hex")}.partial`;
  for (const file of files) {
    const target = resolve(temporary, file.path);
    // the server checks paths at push; a worker checks again before it writes anything
    if (!target.startsWith(temporary + sep)) throw new Error(`suite ${suite.name}: refusing the file path "${file.path}"`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
  await mkdir(dirname(directory), { recursive: true });
  try {
    await rename(temporary, directory);
  } catch (error) {
    await rm(temporary, { recursive: true, force: true });
    // another job of the same version got there first: its copy is identical
    if (!existsSync(directory)) throw error;
  }
  return directory;
}

/** Where a suite's scenario file is. */
export function scenarioFile(directory: string, path: string): string {
  return join(directory, path);
}
