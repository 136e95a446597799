import { InvalidArgumentError } from "commander";
import { checkModelId } from "../api/model-ids.js";
import { type Difficulty, difficulties, type ScenarioType, scenarioTypes } from "../domain/declarative.js";
import { closestMatch } from "../domain/did-you-mean.js";

/**
 * A commander argument parser for a whole number in `[min, max]`; commander
 * turns the thrown `InvalidArgumentError` into a usage error naming the option.
 *
 * @example
 * program.option("--seed <n>", "base seed", wholeNumber(0, 0xffff_ffff));
 */
export function wholeNumber(min: number, max: number): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    }
    return value;
  };
}

/**
 * A commander parser for a time limit in seconds (fractions allowed, at most
 * a day; 0 for no limit).
 *
 * @example
 * program.option("--timeout <seconds>", "limit of each agent call", seconds);
 */
export function seconds(text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value > 86_400) {
    throw new InvalidArgumentError("must be a number of seconds from 0 (no limit) to 86400");
  }
  return value;
}

/** A commander parser that collects a repeatable option into a list. */
export function repeatable(text: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), text];
}

/** `--suite <type>`: one of the scenario types, with a "did you mean" for a near miss. */
export function scenarioTypeOption(text: string): ScenarioType {
  if ((scenarioTypes as readonly string[]).includes(text)) return text as ScenarioType;
  const suggestion = closestMatch(text, scenarioTypes, 3);
  const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
  throw new InvalidArgumentError(`not a scenario type${hint}; one of ${scenarioTypes.join(", ")}`);
}

/** `--difficulty <level,...>`: levels separated by commas, collected across repeats, each with a "did you mean". */
export function difficultyOption(text: string, previous: Difficulty[] | undefined): Difficulty[] {
  const levels = text.split(",").map((level) => level.trim());
  for (const level of levels) {
    if ((difficulties as readonly string[]).includes(level)) continue;
    const suggestion = closestMatch(level, difficulties, 3);
    const hint = suggestion ? ` (did you mean "${suggestion}"?)` : "";
    throw new InvalidArgumentError(`${JSON.stringify(level)} is not a difficulty${hint}; one of ${difficulties.join(", ")}`);
  }
  return [...(previous ?? []), ...(levels as Difficulty[])];
}

/** `--tag <tag>`: a non-empty tag, collected. */
export function tagOption(text: string, previous: string[] | undefined): string[] {
  if (text.trim() === "") throw new InvalidArgumentError("must not be empty");
  return repeatable(text, previous);
}

/**
 * `--model <id>`: a model id checked before anything runs, so a typo is one
 * usage error with a did-you-mean rather than an error in every scenario.
 *
 * @example
 * modelIdOption("opnai:gpt-4.1-mini"); // throws: unknown provider "opnai" …; did you mean openai:gpt-4.1-mini?
 */
export function modelIdOption(text: string): string {
  const check = checkModelId(text);
  if (!check.ok) throw new InvalidArgumentError(check.message);
  return text;
}

/**
 * `--report-to <url>`: a Rehearse server's base URL, `http://` or `https://`.
 *
 * @example
 * httpUrlOption("http://127.0.0.1:4318"); // "http://127.0.0.1:4318"
 */
export function httpUrlOption(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidArgumentError("must be a URL such as http://127.0.0.1:4318");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidArgumentError("must be an http:// or https:// URL");
  return text;
}
