import { randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Writes `text` to `file` atomically: a temporary file beside the target,
 * then a rename, so a reader never sees half a file; the temporary file is
 * removed when anything fails. Creates the parent directory. The one place
 * Rehearse writes files it was asked for (reports, cassettes).
 *
 * @example
 * await writeFileAtomic("reports/junit.xml", junitReport(report));
 */
export async function writeFileAtomic(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(temporary, text, "utf8");
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
