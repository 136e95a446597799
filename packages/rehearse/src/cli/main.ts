#!/usr/bin/env node
/**
 * The `rehearse` command. This release only reports its version and usage;
 * `run`, `list`, `validate`, `redteam` and the reporters come with the CLI
 * issue. Only this layer writes to the terminal and sets the exit code.
 */
import { readFileSync } from "node:fs";

const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
const usage = `rehearse ${manifest.version}

Usage: rehearse [--version | --help]

The command-line runner (run, list, validate, redteam) is not in this release yet.
Run scenarios from code with run() / runMany(), or under vitest; see the README.`;

const [argument] = process.argv.slice(2);
if (argument === "--version" || argument === "-v") {
  console.log(manifest.version);
} else if (argument === undefined || argument === "--help" || argument === "-h") {
  console.log(usage);
} else {
  console.error(`rehearse: unknown command or option ${JSON.stringify(argument)}\n\n${usage}`);
  process.exitCode = 2;
}
