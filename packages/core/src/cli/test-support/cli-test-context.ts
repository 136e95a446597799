import type { Logger } from "../../runner/logger.js";
import type { CliContext } from "../cli-context.js";
import { runCli } from "../program.js";

/** A `CliContext` that keeps what is printed, for in-process tests of the commands. */
export interface TestContext extends CliContext {
  readonly printed: string[];
  readonly errors: string[];
  /** Aborting it is Ctrl-C. */
  readonly controller: AbortController;
}

const silent: Logger = { error() {}, warn() {}, info() {}, debug() {}, transcript() {} };

/** A non-interactive context in `cwd` with an empty environment and a silent logger. */
export function testContext(cwd: string, overrides: Partial<CliContext> = {}): TestContext {
  const printed: string[] = [];
  const errors: string[] = [];
  const controller = new AbortController();
  return {
    cwd,
    env: {},
    print: (line) => printed.push(...line.split("\n")),
    printError: (line) => errors.push(...line.split("\n")),
    interactive: false,
    color: false,
    interrupt: controller.signal,
    version: "9.9.9",
    logger: silent,
    ...overrides,
    printed,
    errors,
    controller,
  };
}

/** Runs `rehearse <argv…>` in-process in `cwd`. */
export async function cli(cwd: string, ...argv: string[]): Promise<{ code: number; printed: string[]; errors: string[] }> {
  const context = testContext(cwd);
  const code = await runCli(argv, context);
  return { code, printed: context.printed, errors: context.errors };
}
