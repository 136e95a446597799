/**
 * The files `rehearse push` sends: every file under the paths given
 * (directories recursively, skipping `node_modules`, `.git`, `.rehearse`
 * and other dot-directories), plus the project's config file
 * (`rehearse.config.*` or `scenario.config.*`) and `package.json` when they
 * are in the working directory. Paths are relative to the working directory,
 * with forward slashes; anything outside it is refused. Bounds match the
 * server's (1 MB a file, 20 MB in all, 2 000 files).
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { usageError } from "./exit-codes.js";

const limits = { files: 2_000, fileBytes: 1_000_000, totalBytes: 20_000_000 };
const rootFiles = /^(rehearse|scenario)\.config\.(ts|mts|js|mjs|cjs|json)$|^package\.json$/;

/** A file to push. */
export interface PushFile {
  path: string;
  content: string;
}

export async function suiteFiles(paths: readonly string[], cwd: string, command: string): Promise<PushFile[]> {
  const found = new Map<string, string>();
  const add = (absolute: string) => {
    const path = relative(cwd, absolute).split(sep).join("/");
    if (path.startsWith("../") || path === ".." || resolve(cwd, path) !== absolute)
      throw usageError(`${command}: ${absolute} is outside the working directory; push from the project's root`, "paths");
    found.set(path, absolute);
  };
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw usageError(`${command}: no such file or directory: ${path}`, "paths");
    if (info.isFile()) add(absolute);
    else for (const file of await walk(absolute)) add(file);
  }
  for (const entry of await readdir(cwd, { withFileTypes: true }))
    if (entry.isFile() && rootFiles.test(entry.name)) add(join(cwd, entry.name));
  if (found.size > limits.files)
    throw usageError(`${command}: ${found.size} files; a suite holds at most ${limits.files}`, "paths");
  const files: PushFile[] = [];
  let total = 0;
  for (const [path, absolute] of [...found].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const bytes = (await stat(absolute)).size;
    if (bytes > limits.fileBytes)
      throw usageError(`${command}: ${path} is ${bytes} bytes; at most ${limits.fileBytes} per file`, "paths");
    total += bytes;
    if (total > limits.totalBytes) throw usageError(`${command}: the files exceed ${limits.totalBytes} bytes in all`, "paths");
    files.push({ path, content: await readFile(absolute, "utf8") });
  }
  return files;
}

async function walk(directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
