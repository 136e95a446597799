/**
 * `rehearse serve` as a child process on a free port, for black-box tests of
 * the built packages (run `npm run build` first): start, wait for the URL,
 * stop with a signal, and the admin key it wrote.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const cli = fileURLToPath(new URL("../../core/bin/rehearse.js", import.meta.url));

export interface ServeProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  errors: () => string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

export function adminKey(dataDir: string): string {
  return readFileSync(join(dataDir, "admin.key"), "utf8").trim();
}

export function startServe(dataDir: string, env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [cli, "serve", "--port", "0", "--data-dir", dataDir, "--log-level", "warn"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  child.stderr?.on("data", (chunk) => {
    errors += chunk;
  });
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => resolve(code ?? signal ?? "unknown")),
  );
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (chunk) => {
      output += chunk;
      const match = /server on (http:\/\/[\d.:]+)/.exec(output);
      // the last line of the banner: everything before it has arrived
      if (match?.[1] && output.includes("Ctrl-C stops it."))
        resolve({ child, url: match[1], output: () => output, errors: () => errors, exited });
    });
    void exited.then((code) => reject(new Error(`rehearse serve exited (${code}) before it was ready:\n${errors}`)));
  });
}
