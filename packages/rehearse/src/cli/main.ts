#!/usr/bin/env node
/**
 * The `rehearse` command: `run`, plus version and usage. `list`, `validate`,
 * `redteam` and the reporters come with the CLI issue. Only this layer writes
 * to the terminal and sets the exit code.
 */
import { readFileSync } from "node:fs";
import { runCommand } from "./run-command.js";

const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
const usage = `rehearse ${manifest.version}

Usage: rehearse run <files…> [--debug] [--record | --replay] [--seed N] [--concurrency N] [--verbose]
       rehearse [--version | --help]

\`rehearse run --help\` describes the run options. The rest of the command-line
runner (list, validate, redteam) is not in this release yet.`;

const [argument, ...rest] = process.argv.slice(2);
if (argument === "run") {
  process.exitCode = await runCommand(rest, {
    print: (line) => console.log(line),
    printError: (line) => console.error(line),
    cwd: process.cwd(),
  });
} else if (argument === "--version" || argument === "-v") {
  console.log(manifest.version);
} else if (argument === undefined || argument === "--help" || argument === "-h") {
  console.log(usage);
} else {
  console.error(`rehearse: unknown command or option ${JSON.stringify(argument)}\n\n${usage}`);
  process.exitCode = 2;
}
