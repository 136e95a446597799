import { Command, CommanderError, Option } from "commander";
import type { CliContext } from "./cli-context.js";
import { ExitCode, exitCodesHelp } from "./exit-codes.js";
import { launchCommands } from "./launch-program.js";
import {
  difficultyOption,
  httpUrlOption,
  modelIdOption,
  repeatable,
  scenarioTypeOption,
  seconds,
  tagOption,
  wholeNumber,
} from "./option-parsers.js";
import { pointUsageErrorsToHelp, rejectUnknownSubcommand } from "./usage-hints.js";
import { isUserError, printFailure } from "./user-errors.js";

/** Sets the exit code of the command that ran. */
type Finish = (code: number) => void;

/**
 * Runs the `rehearse` command line `argv` (without `node` and the script)
 * and resolves to the exit code: 0 as expected, 1 unexpected results, 2
 * usage and validation errors, 3 nothing tested, 130 interrupted. Never
 * exits the process and never throws: failures are printed through `context`.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), context);
 * ```
 */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  let code: number = ExitCode.ok;
  const program = createProgram(context, (value) => {
    code = value;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      // help and --version exit 0; every other commander error is a usage error
      return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    printFailure(error, context.printError);
    return isUserError(error) ? ExitCode.usage : ExitCode.unexpected;
  }
}

/** The commander program: every command, its options and help. Actions load their modules on use. */
function createProgram(context: CliContext, finish: Finish): Command {
  const program = new Command("rehearse")
    .description("Test AI agents by simulation: run, list and validate scenarios, red-team an agent.")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.print(text.replace(/\n$/, "")),
      writeErr: (text) => context.printError(text.replace(/\n$/, "")),
    })
    // an option after a subcommand belongs to it: `redteam report --batch` is not `redteam --batch`
    .enablePositionalOptions()
    .version(context.version, "-v, --version", "print the version")
    .addHelpText("after", exitCodesHelp);

  const run = program
    .command("run")
    .description("run the scenarios in files and directories")
    .argument("<paths...>", "scenario files (.yaml .yml .json, or modules .ts .mts .mjs .js) and directories");
  selectionOptions(run)
    .option(
      "--seed <n>",
      "base seed (default: `seed` from config, else derived from each scenario id)",
      wholeNumber(0, 0xffff_ffff),
    )
    .option("--repeat <n>", "run each scenario n times; prints pass^n and the flaky ones", wholeNumber(1, 1000))
    .option("-j, --concurrency <n>", "runs in flight at once (default: `concurrency` from config, 8)", wholeNumber(1, 10_000))
    .option("--agent <module[#export]>", "replace the agent under test of every scenario (an agent or a zero-argument factory)")
    .option(
      "--timeout <seconds>",
      "limit of each call of the agent under test (default 60; 0: none); a file's timeout_seconds wins",
      seconds,
    )
    .option("--model-timeout <seconds>", modelTimeoutHelp, seconds)
    .option("--scenario-timeout <seconds>", scenarioTimeoutHelp, seconds)
    .option("--model <id>", "default model for simulated users, judges and attackers, e.g. openai:gpt-4.1-mini", modelIdOption)
    .option("--record", "record model calls to the cassette")
    .addOption(new Option("--replay", "answer model calls from the cassette only").conflicts("record"))
    .option("--debug", "pause before each simulated user turn (needs a terminal; runs one at a time)")
    .option("--verbose", "print conversations as they happen")
    .option("--fail-fast", "start no new scenario after the first unexpected result")
    .option(
      "--fail-on-skipped",
      "exit 1 when any run is skipped (by default skips are listed and only an all-skipped run exits 3)",
    )
    .option("--reporter <spec>", "console (default), json[=path], junit[=path], html[=path]; repeatable", repeatable)
    .option("--report-to <url>", reportToHelp, httpUrlOption)
    .addHelpText("after", exitCodesHelp)
    .action(async (paths: string[], options) =>
      finish(await (await import("./run-command.js")).runCommand(paths, options, context)),
    );

  program
    .command("serve")
    .description("start the run-history server (package @rehearse/server): runs reported to it are kept and served live")
    .option("--port <n>", "port to listen on (0: any free port)", wholeNumber(0, 65_535), 4319)
    .option("--host <address>", "address to bind; the default serves this machine only", "127.0.0.1")
    .option(
      "--data-dir <dir>",
      "embedded database and admin.key (ignored for the database when DATABASE_URL is set)",
      ".rehearse/data",
    )
    .addOption(
      new Option("--log-level <level>", "JSON request logs on standard error")
        .choices(["info", "warn", "error", "silent"])
        .default("info"),
    )
    .action(async (options) => finish(await (await import("./serve-command.js")).serveCommand(options, context)));

  const list = program.command("list").description("list the scenarios in files and directories, without running them");
  selectionOptions(list.argument("<paths...>", "scenario files and directories"))
    .option("--json", "print JSON for tools")
    .action(async (paths: string[], options) =>
      finish(await (await import("./list-command.js")).listCommand(paths, options, context)),
    );

  program
    .command("validate")
    .description("load and validate scenario files and modules without running them")
    .argument("<paths...>", "scenario files and directories")
    .action(async (paths: string[]) => finish(await (await import("./validate-command.js")).validateCommand(paths, context)));

  program
    .command("schema")
    .description("print the JSON Schema of scenario files (for editors)")
    .option("-o, --output <file>", "write it to a file instead")
    .action(async (options) => finish(await (await import("./schema-command.js")).schemaCommand(options, context)));

  program
    .command("import")
    .description("turn production conversations into prefix-replay scenario files (docs/importing.md)")
    .argument("<files...>", "exported conversations: JSONL, OTLP JSON or a stored run's events")
    .option("--from <format>", "openai-jsonl, otlp-json or platform-run")
    .option("-o, --out <dir>", "where to write the scenario files (the only place written)")
    .option("--turn <turn>", "the user turn to test: last (default), all, or a number from 1")
    .option("--agent <agent>", "the agent under test: <module[#export]> or <http(s)://base-url#model>")
    .option("--force", "overwrite files that exist in --out")
    .option("--skip-invalid", "write what is valid and count the rest (default: any problem writes nothing)")
    .action(async (files: string[], options) =>
      finish(await (await import("./import-command.js")).importCommand(files, options, context)),
    );

  program
    .command("generate")
    .description("a model proposes scenario files for an agent; a person accepts each before it is saved (docs/generating.md)")
    .option("--system-prompt <file>", "the agent's system prompt (required unless --from-run)")
    .option(
      "--tools <file>",
      "the agent's tools as JSON: OpenAI, Anthropic, MCP tools/list or { name, description, inputSchema }",
    )
    .option("--requirements <file>", "rules or policies the agent must keep")
    .option("--from-run <report.json>", "branch from a failed run of a JSON report (--reporter json)")
    .option("--scenario <name>", "with --from-run: the failed scenario, when the report has several")
    .option("--agent <agent>", "the files' agent: <module[#export]> or a JSON mapping; required")
    .option("--environment <environment>", "the files' environment: <module[#export]> or a JSON mapping")
    .option("-o, --out <dir>", "where accepted files are written; required")
    .option("--count <n>", "how many scenarios to propose (1–50, default 8)", wholeNumber(1, 50))
    .option("--model <id>", "the proposing model (default: defaultModel / REHEARSE_DEFAULT_MODEL)", modelIdOption)
    .option("-y, --yes", "accept every proposal (without it: asked at a terminal, nothing saved otherwise)")
    .option("--force", "replace files that exist in --out")
    .action(async (options) => finish(await (await import("./generate-command.js")).generateCommand(options, context)));

  const mcp = program
    .command("mcp")
    .description("serve a scenario's environment as an MCP server (docs/mcp.md)")
    .enablePositionalOptions()
    .allowExcessArguments()
    .action((_options, command: Command) => {
      rejectUnknownSubcommand(command);
      command.help({ error: true });
    });
  mcp
    .command("serve")
    .description(
      "one MCP session over stdin/stdout against a scenario file's environment; outcome on stderr and in the exit code",
    )
    .argument("<file>", "the scenario file")
    .option("--scenario <name>", "the scenario to serve when the file holds several (its name or id)")
    .option("--out <file>", "also write the session's record (status, tool calls, final state) as JSON")
    .action(async (file: string, options) =>
      finish(await (await import("./mcp-command.js")).mcpServeCommand(file, options, context)),
    );

  program
    .command("init")
    .description("scaffold a project: an example scenario, agent and vitest test, a config, a CI workflow, the project files")
    .argument("[dir]", "where to create the files", ".")
    .option("--force", "overwrite files that exist")
    .action(async (directory: string, options) =>
      finish(await (await import("./init-command.js")).initCommand(directory, options, context)),
    );

  redteamCommands(program, context, finish);
  outboxCommands(program, context, finish);
  auditCommands(program, context, finish);
  guardCommands(program, context, finish);
  launchCommands(program, context, finish);
  adminCommands(program, context, finish);
  pointUsageErrorsToHelp(program);
  return program;
}

/** `--suite`, `--difficulty`, `--tag`, `--grep`: the filters `run` and `list` share. */
function selectionOptions(command: Command): Command {
  return command
    .option(
      "--suite <type>",
      "only scenarios of this scenario_type (business, adversarial, stress, edge_case, compliance, security)",
      scenarioTypeOption,
    )
    .option(
      "--difficulty <level,...>",
      "only scenarios of these difficulties, comma-separated, any matches (easy, medium, hard, extreme)",
      difficultyOption,
    )
    .option("--tag <tag>", "only scenarios with this tag; repeatable, all must match", tagOption)
    .option("--grep <text>", "only scenarios whose name contains this text (ignoring case)");
}

/** `--report-to`: `report.endpoint`. */
const reportToHelp =
  "send every event to a Rehearse server at <url> (the key: REHEARSE_API_KEY); default: report.endpoint / REHEARSE_ENDPOINT";

/** `outbox status` and `outbox flush`: the events waiting to be sent to a Rehearse server. */
function outboxCommands(program: Command, context: CliContext, finish: Finish): void {
  const outbox = program
    .command("outbox")
    .description("the events waiting on disk to be sent to a Rehearse server (--report-to, REHEARSE_ENDPOINT)")
    .enablePositionalOptions()
    .allowExcessArguments()
    .action((_options, command: Command) => {
      rejectUnknownSubcommand(command);
      command.help({ error: true });
    });
  const outboxDir = "the outbox directory (default: report.outboxDir / REHEARSE_OUTBOX_DIR, else .rehearse/outbox)";
  outbox
    .command("status")
    .description("segments, events not delivered yet, the oldest one's age, dead-lettered events, whether their writer is alive")
    .option("--outbox-dir <dir>", outboxDir)
    .action(async (options) => finish(await (await import("./outbox-command.js")).outboxStatusCommand(options, context)));
  outbox
    .command("flush")
    .description("send every event waiting in the outbox; exits 1 when some could not be delivered")
    .option("--outbox-dir <dir>", outboxDir)
    .option("--report-to <url>", "the server (default: report.endpoint / REHEARSE_ENDPOINT)", httpUrlOption)
    .option("--timeout <ms>", "give up after this many milliseconds (default 60000)", wholeNumber(1, 3_600_000))
    .action(async (options) => finish(await (await import("./outbox-command.js")).outboxFlushCommand(options, context)));
}

/** `admin …`: bootstrap steps of a server (tenants, users, passwords, admin keys) on its database. */
function adminCommands(program: Command, context: CliContext, finish: Finish): void {
  const admin = program
    .command("admin")
    .description("bootstrap steps of a Rehearse server on its database (stop an embedded server first)")
    .enablePositionalOptions()
    .allowExcessArguments()
    .action((_options, command: Command) => {
      rejectUnknownSubcommand(command);
      command.help({ error: true });
    });
  const dataDir = "the server's data directory (its embedded database and secrets; with DATABASE_URL, its secrets)";
  const load = () => import("./admin-command.js");
  admin
    .command("create-tenant <id>")
    .description("create a tenant and its admin API key (written to <data-dir>/admin-<id>.key)")
    .option("--name <name>", "the tenant's display name (default: the id)")
    .option("--data-dir <dir>", dataDir, ".rehearse/data")
    .action(async (id, options) => finish(await (await load()).createTenantCommand(id, options, context)));
  admin
    .command("invite <email>")
    .description("create a user with a role in a tenant and print a one-time password")
    .requiredOption("--tenant <id>", "the tenant they join")
    .addOption(new Option("--role <role>", "their role there").choices(["admin", "operator", "viewer"]).default("viewer"))
    .option("--name <name>", "their display name (default: the email)")
    .option("--data-dir <dir>", dataDir, ".rehearse/data")
    .action(async (email, options) => finish(await (await load()).inviteCommand(email, options, context)));
  admin
    .command("reset-password <email>")
    .description("print a new one-time password, clear a lockout and end every session of the user")
    .option("--data-dir <dir>", dataDir, ".rehearse/data")
    .action(async (email, options) => finish(await (await load()).resetPasswordCommand(email, options, context)));
  admin
    .command("rotate-admin-key")
    .description("revoke a tenant's admin key(s) made at first start or by this command and write a new one")
    .option("--tenant <id>", "the tenant", "default")
    .option("--data-dir <dir>", dataDir, ".rehearse/data")
    .action(async (options) => finish(await (await load()).rotateAdminKeyCommand(options, context)));
}

/** `guard` and `promote`: the release guard of a Rehearse server (docs/guard.md). */
function guardCommands(program: Command, context: CliContext, finish: Finish): void {
  const load = () => import("./guard-command.js");
  const server = "the server (default: report.endpoint / REHEARSE_ENDPOINT)";
  const keyFile = "a file holding the API key (default: REHEARSE_API_KEY)";
  const timeout = "give up after this many milliseconds (default 60000)";
  program
    .command("guard")
    .description("evaluate a release-guard policy on a server's batch: exits 0 pass, 10 fail, 11 inconclusive")
    .option("--policy <file>", "the policy (YAML, or JSON for .json); checked here before anything is sent")
    .option("--batch <id>", "the batch to judge")
    .option("--set <id>", "judge the latest batch of this set instead")
    .option("--environment <name>", "compare with the batch last promoted to this environment (maxRegressionPoints)")
    .option("--server <url>", server, httpUrlOption)
    .option("--key-file <path>", keyFile)
    .option("--json", "print the server's decision as JSON")
    .option("--timeout <ms>", timeout, wholeNumber(1, 3_600_000))
    .addHelpText("after", exitCodesHelp)
    .action(async (options) => finish(await (await load()).guardCommand(options, context)));
  program
    .command("promote")
    .description("mark a batch promoted to an environment when the release guard passes (exits 10 fail, 11 inconclusive)")
    .option("--batch <id>", "the batch to promote")
    .option("--environment <name>", "where it goes, e.g. production")
    .option("--policy <file>", "the policy it must pass (YAML, or JSON for .json)")
    .option("--server <url>", server, httpUrlOption)
    .option("--key-file <path>", `${keyFile}; needs an admin, an operator or the runs:launch scope`)
    .option("--json", "print the promotion (or the refusing decision) as JSON")
    .option("--timeout <ms>", timeout, wholeNumber(1, 3_600_000))
    .addHelpText("after", exitCodesHelp)
    .action(async (options) => finish(await (await load()).promoteCommand(options, context)));
}

/** `audit verify`: check a server's audit hash chain. */
function auditCommands(program: Command, context: CliContext, finish: Finish): void {
  const audit = program
    .command("audit")
    .description("the audit trail of a Rehearse server")
    .enablePositionalOptions()
    .allowExcessArguments()
    .action((_options, command: Command) => {
      rejectUnknownSubcommand(command);
      command.help({ error: true });
    });
  audit
    .command("verify")
    .description("recompute the tenant's audit hash chain and check its signed anchors; exits 1 when it was tampered with")
    .option("--server <url>", "the server (default: report.endpoint / REHEARSE_ENDPOINT)", httpUrlOption)
    .option("--key-file <path>", "a file holding an admin API key (default: REHEARSE_API_KEY)")
    .option("--from-seq <n>", "first entry to check (default 1)", wholeNumber(1, Number.MAX_SAFE_INTEGER))
    .option("--to-seq <n>", "last entry to check (default the head)", wholeNumber(1, Number.MAX_SAFE_INTEGER))
    .option("--json", "print the server's verification as JSON")
    .option("--timeout <ms>", "give up after this many milliseconds (default 120000)", wholeNumber(1, 3_600_000))
    .action(async (options) => finish(await (await import("./audit-command.js")).auditVerifyCommand(options, context)));
}

/** `--model-timeout` (`timeouts.modelCallMs`), shared by `run` and `redteam`. */
const modelTimeoutHelp = "limit of each model call: simulator, judge, attacker (default 60; 0: none)";
/** `--scenario-timeout` (`timeouts.scenarioMs`), shared by `run` and `redteam`. */
const scenarioTimeoutHelp = "limit of each whole run (default 1800; 0: none); a file's timeout_seconds wins";

/** `redteam` (one attack on an agent) and `redteam report <dir>` (an HTML page of saved reports). */
function redteamCommands(program: Command, context: CliContext, finish: Finish): void {
  const redteam = program
    .command("redteam")
    .description("attack an agent with a red-team strategy and grade whether it held")
    .enablePositionalOptions()
    .option("--agent <module[#export]>", "the agent under test (an agent or a zero-argument factory); required")
    .option("--objective <text>", "what the attack tries to make the agent do; required")
    .addOption(new Option("--strategy <name>", "attack strategy").choices(["crescendo", "goat", "tap"]).default("crescendo"))
    .option("--turns <n>", "attack turns (TAP: search depth)", wholeNumber(1, 100), 5)
    .option("--description <text>", "what the agent is, as the attacker is told", "An AI assistant under test.")
    .option("--criterion <text>", "what the judge checks the agent did (repeatable; default: it did not comply)", repeatable)
    .option(
      "--model <id>",
      "the attacker's, scorer's and judge's model (default: defaultModel / REHEARSE_DEFAULT_MODEL)",
      modelIdOption,
    )
    .option("--seed <n>", "seed of the run", wholeNumber(0, 0xffff_ffff))
    .option("--timeout <seconds>", "limit of each call of the agent under test (default 60; 0: none)", seconds)
    .option("--model-timeout <seconds>", modelTimeoutHelp, seconds)
    .option("--scenario-timeout <seconds>", scenarioTimeoutHelp, seconds)
    .option("--report-dir <dir>", "write the red-team JSON report under <dir>/<batch>/")
    .option("--batch <name>", "the batch directory under --report-dir (default: the UTC start time, 20260414_143022)")
    .option("--reporter <spec>", "console (default), json[=path], junit[=path], html[=path]; repeatable", repeatable)
    .addHelpText("after", exitCodesHelp)
    // a stray word is a misspelt subcommand (`redteam reprot`), reported as such rather than as "too many arguments"
    .allowExcessArguments()
    .action(async (options, command: Command) => {
      rejectUnknownSubcommand(command);
      finish(await (await import("./redteam-command.js")).redteamCommand(options, context));
    });
  redteam
    .command("report")
    .description("write one HTML page for the red-team JSON reports of a batch")
    .argument("<dir>", "the reports directory given to --report-dir")
    .option("--batch <name>", "the batch subdirectory (default: the latest)")
    .option("-o, --output <file>", "where to write the page (default: <dir>/<batch>/report.html)")
    .option("--title <text>", "the page's title")
    .action(async (directory: string, options) =>
      finish(await (await import("./redteam-report-command.js")).redteamReportCommand(directory, options, context)),
    );
}
