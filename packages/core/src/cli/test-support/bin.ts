import { type SpawnSyncReturns, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The built bin (`npm run build --workspace rehearse` first). */
export const bin = fileURLToPath(new URL("../../../dist/cli/main.js", import.meta.url));

/**
 * The environment of a black-box run: as under CI (plain output), with
 * nothing of the developer's Rehearse or provider settings leaking in.
 */
export function cleanEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(REHEARSE_|SCENARIO_|OPENAI_|ANTHROPIC_)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, CI: "true", REHEARSE_LOG_LEVEL: "warn", ...extra };
}

/** Runs the bin in `cwd` with stdin a closed pipe, as under a test runner or CI. */
export function rehearseIn(cwd: string, args: readonly string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: cleanEnvironment(env), input: "" });
}

/** What an asynchronous run of the bin ended with. */
export interface BinResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the bin without blocking this process (needed when the test serves
 * HTTP to it), calling `onStdout` with the output so far as it grows.
 */
export function rehearseAsync(
  cwd: string,
  args: readonly string[],
  options: { env?: Record<string, string>; onStdout?: (text: string, child: ReturnType<typeof spawn>) => void } = {},
): Promise<BinResult> {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    env: cleanEnvironment(options.env),
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end();
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    options.onStdout?.(stdout, child);
  });
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A temp project: `package.json` with `"type": "module"` stops the config-file search there. */
export function tempProject(prefix: string): { directory: string; remove(): void } {
  const directory = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
  return { directory, remove: () => rmSync(directory, { recursive: true, force: true }) };
}
