#!/usr/bin/env node
/**
 * The `rehearse` bin: wires the process (arguments, streams, Ctrl-C) to
 * `runCli`. Only this layer touches `process`; the commands write through
 * the context and return exit codes.
 */
import { readFileSync } from "node:fs";
import { isInteractive, wantsColor } from "./cli-context.js";
import { ExitCode } from "./exit-codes.js";
import { runCli } from "./program.js";
import { RunningScenarios, stalledMessage } from "./running-scenarios.js";

const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
const argv = process.argv.slice(2);

// `rehearse list | head` closes the pipe early: stop writing quietly rather than crash
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE" && error.code !== "ERR_STREAM_DESTROYED") throw error;
});

// The first Ctrl-C stops the runs through their signal (reports are still
// written); a second one ends the process as Node would. The listener stays
// registered throughout: with none, a library's exit hook (listr2's cursor
// restore) re-raises the signal and the summary would be lost.
// SIGTERM (CI cancelling a job, a container stopping) is handled the same way, so the runs end, the
// reports are written and the events reach the outbox and, within 5 s, the server.
const interrupt = new AbortController();
const onSignal = (signal: "SIGINT" | "SIGTERM") => {
  if (!interrupt.signal.aborted) {
    interrupt.abort(new Error(signal === "SIGINT" ? "interrupted (Ctrl-C)" : "terminated (SIGTERM)"));
    return;
  }
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  process.kill(process.pid, signal);
};
process.on("SIGINT", onSignal);
process.on("SIGTERM", onSignal);
// SIGTERM (a service manager, `docker stop`, CI cancelling) asks for the same orderly stop as Ctrl-C
const onTerminate = () => interrupt.abort(new Error("terminated (SIGTERM)"));
process.on("SIGTERM", onTerminate);

// A promise that never settles while nothing else is pending (no timer, socket or I/O) would make
// Node exit 13 ("unsettled top-level await") with no output. The runner ends the runs that stalled
// with their limits off (`run_stalled` results; the command then writes its summary and reports and
// exits 4): give it one more turn of the loop, and when nothing moved since the last look (the stall
// is outside any run, or a run could not be ended), say which scenarios were running and exit 4.
const running = new RunningScenarios();
let settled = false;
let finishedAtLastLook: number | undefined;
process.on("beforeExit", () => {
  if (settled) return;
  if (running.finishedCount !== finishedAtLastLook) {
    finishedAtLastLook = running.finishedCount;
    setImmediate(() => {});
    return;
  }
  process.stderr.write(`${stalledMessage(running.names())}\n`);
  process.exit(ExitCode.stalled);
});

const interactive = isInteractive(process.stdout, process.env);

/** One question to the person at the terminal; standard input is released after each answer. */
async function ask(question: string): Promise<string> {
  const { createInterface } = await import("node:readline/promises");
  const lines = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await lines.question(question, { signal: interrupt.signal });
  } finally {
    lines.close();
  }
}
try {
  process.exitCode = await runCli(argv, {
    cwd: process.cwd(),
    env: process.env,
    print: (line) => process.stdout.write(`${line}\n`),
    printError: (line) => process.stderr.write(`${line}\n`),
    interactive,
    color: wantsColor(interactive, process.env),
    interrupt: interrupt.signal,
    running,
    ...(process.stdin.isTTY ? { ask } : {}),
    version: manifest.version,
    // quoted where a shell would need it, so the report's command can be pasted back
    command: ["rehearse", ...argv].map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : JSON.stringify(part))).join(" "),
  });
} finally {
  settled = true;
  process.off("SIGINT", onSignal);
  process.off("SIGTERM", onSignal);
  process.off("SIGTERM", onTerminate);
}
