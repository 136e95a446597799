import type { Command } from "commander";
import { closestMatch } from "../domain/did-you-mean.js";

/**
 * The words that reach `command`, e.g. `rehearse redteam report`.
 *
 * @example
 * commandPath(program.commands[0]); // "rehearse run"
 */
export function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) names.unshift(current.name());
  return names.join(" ");
}

/** The line that ends every usage error of `command`: where its own help is. */
export function helpHint(command: Command): string {
  return `(${commandPath(command)} --help for usage)`;
}

/**
 * Makes commander's usage errors (unknown option, missing argument, bad
 * value, too many arguments) of `command` and of every subcommand end with
 * that command's help hint, so `rehearse run --frobnicate` points to
 * `rehearse run --help` rather than the top-level help. Call it once every
 * command exists.
 */
export function pointUsageErrorsToHelp(command: Command): void {
  command.showHelpAfterError(helpHint(command));
  for (const subcommand of command.commands) pointUsageErrorsToHelp(subcommand);
}

/**
 * For a command that has both its own action and subcommands (`redteam` and
 * `redteam report`): a stray word is reported as an unknown subcommand with
 * a did-you-mean, as commander does at the top level, not as "too many
 * arguments". The command must allow excess arguments for the word to reach it.
 */
export function rejectUnknownSubcommand(command: Command): void {
  const [word] = command.args;
  if (word === undefined) return;
  const suggestion = closestMatch(
    word,
    command.commands.map((subcommand) => subcommand.name()),
  );
  command.error(`error: unknown command '${word}'${suggestion ? `\n(Did you mean ${suggestion}?)` : ""}`, {
    code: "commander.unknownCommand",
  });
}
