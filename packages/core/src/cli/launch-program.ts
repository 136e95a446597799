/** The commands of launched runs: `push`, `launch` and `worker` (docs/launching.md). */
import type { Command } from "commander";
import type { CliContext } from "./cli-context.js";
import { exitCodesHelp } from "./exit-codes.js";
import { httpUrlOption, modelIdOption, repeatable, wholeNumber } from "./option-parsers.js";

type Finish = (code: number) => void;

const seedList = (text: string, previous: number[] | undefined) => [...(previous ?? []), wholeNumber(0, 2 ** 31 - 1)(text)];
const server = "the server (default: report.endpoint / REHEARSE_ENDPOINT)";
const keyFile = "a file holding the API key (default: REHEARSE_API_KEY); it needs an admin, an operator or the runs:launch scope";

export function launchCommands(program: Command, context: CliContext, finish: Finish): void {
  program
    .command("push")
    .description("register scenario files (and the files they need) with a Rehearse server as a versioned suite")
    .argument("<paths...>", "scenario files and directories; everything under them is sent")
    .option("--suite <name>", "the suite's name (default: this directory's name)")
    .option("--server <url>", server, httpUrlOption)
    .option("--key-file <path>", keyFile)
    .option("--json", "print the pushed version as JSON")
    .option("--timeout <ms>", "give up after this many milliseconds (default 120000)", wholeNumber(1, 3_600_000))
    .action(async (paths: string[], options) =>
      finish(await (await import("./push-command.js")).pushCommand(paths, options, context)),
    );

  program
    .command("launch")
    .description("launch a batch of a pushed suite on the server's workers; --wait prints the outcome")
    .requiredOption("--suite <name>", "the pushed suite")
    .option("--suite-version <sha256>", "a version of the suite (default: the newest)")
    .option("--scenario <id>", "a scenario id or file of the suite (repeatable; default: all)", repeatable)
    .option("--trials <n>", "runs of each scenario (default 1)", wholeNumber(1, 100))
    .option("--seed <n>", "the seed of each trial (repeat once per trial; default: random, recorded)", seedList)
    .option("--model <id>", "the runs' default model (user simulator and judge)", modelIdOption)
    .option("--note <text>", "a note on the batch")
    .option(
      "--label <label>",
      "a label on the batch and its runs (repeatable; `critical` matters to the release guard)",
      repeatable,
    )
    .option("--set <id>", "the set the batch belongs to (default: the suite's name)")
    .option("--wait", "wait until every run finished and print the counts (exit 1 when one failed or errored)")
    .option("--timeout <seconds>", "how long --wait waits (default 1800); exit 4 when it runs out", wholeNumber(1, 86_400))
    .option("--idempotency-key <key>", "the launch's Idempotency-Key (default: a new UUID); the same key never launches twice")
    .option("--server <url>", server, httpUrlOption)
    .option("--key-file <path>", keyFile)
    .option("--json", "print the launched batch as JSON")
    .addHelpText("after", exitCodesHelp)
    .action(async (options) => finish(await (await import("./launch-command.js")).launchCommand(options, context)));

  program
    .command("worker")
    .description("run launched runs from the server's queue (REDIS_URL, or REHEARSE_QUEUE=postgres with DATABASE_URL)")
    .option("--server <url>", "the server the runs report to (default: REHEARSE_ENDPOINT)", httpUrlOption)
    .option("--concurrency <n>", "runs at once (default 10: runs mostly wait on model calls)", wholeNumber(1, 1_000), 10)
    .option("--work-dir <dir>", "where suites and the outbox live", ".rehearse/worker")
    .option(
      "--data-dir <dir>",
      "a local server's data dir, for its worker token when REHEARSE_WORKER_TOKEN is not set",
      ".rehearse/data",
    )
    .option(
      "--drain-timeout <seconds>",
      "on Ctrl-C/SIGTERM, how long running runs may finish before they are stopped",
      wholeNumber(0, 86_400),
      30,
    )
    .option(
      "--stalled-interval <ms>",
      "how soon a dead worker's runs are taken over by another (default 30000)",
      wholeNumber(1_000, 3_600_000),
    )
    .action(async (options) => finish(await (await import("./worker-command.js")).workerCommand(options, context)));
}
