// Child processes and waiting, for the benchmarks that drive `rehearse serve` / `rehearse worker` (workers.mjs,
// queue-reliability.mjs).
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The `rehearse` CLI of this checkout (built). */
export const rehearseCli = resolve(fileURLToPath(new URL("../../packages/core/bin/rehearse.js", import.meta.url)));

/** A free port on 127.0.0.1, as the kernel gives one. */
export function freePort() {
  return new Promise((done) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/** `command args` with `env` over this process's, its output collected; `exited` resolves to its exit code. */
export function child(command, args, env, cwd) {
  const spawned = spawn(command, args, { env: { ...process.env, ...env }, cwd, stdio: ["ignore", "pipe", "pipe"] });
  const output = { stdout: "", stderr: "" };
  spawned.stdout.on("data", (data) => {
    output.stdout += data;
  });
  spawned.stderr.on("data", (data) => {
    output.stderr += data;
  });
  const exited = new Promise((done) => spawned.once("exit", done));
  return { process: spawned, output, exited };
}

/** Reads until `ok(value)`, every 50 ms; throws naming `what` after `timeoutMs`. */
export async function until(read, ok, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}
