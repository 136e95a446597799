/**
 * `rehearse push <paths> --suite <name>`: registers a suite with a Rehearse
 * server so it can launch runs of it (`rehearse launch`, the dashboard, the
 * API). The scenarios are loaded here first — an invalid file stops the push
 * with its file, line and field — then the files are sent with the list of
 * scenarios found; the server versions them by content hash (pushing the
 * same files again changes nothing).
 */
import { basename } from "node:path";
import { createModuleResolver, loadScenarioSources, scenarioSlug } from "../api/scenario-files.js";
import type { CliContext } from "./cli-context.js";
import { collectFiles } from "./collect-files.js";
import { ExitCode } from "./exit-codes.js";
import { postJson, refusal, serverAccess } from "./guard-request.js";
import { suiteFiles } from "./suite-files.js";

export interface PushOptions {
  suite?: string;
  server?: string;
  keyFile?: string;
  json?: boolean;
  timeout?: number;
}

export async function pushCommand(paths: readonly string[], options: PushOptions, context: CliContext): Promise<number> {
  const command = "rehearse push";
  const name = options.suite ?? suiteNameOf(context.cwd);
  const access = await serverAccess(command, options, context);
  const scenarioFiles = await collectFiles(paths, context.cwd, command);
  // the modules scenario files reference (agents, judges) go along, whether or not they are under `paths`
  const resolver = createModuleResolver();
  const modules = new Set<string>();
  const recording = {
    exists: resolver.exists,
    load: (path: string) => {
      modules.add(path);
      return resolver.load(path);
    },
  };
  const loaded = await loadScenarioSources(scenarioFiles, context.cwd, { modules: recording });
  const files = await suiteFiles([...paths, ...modules], context.cwd, command);
  const scenarios = loaded.map((entry) => ({
    path: files.find((file) => sameFile(file.path, entry.file))?.path ?? entry.file,
    id: entry.config.id ?? scenarioSlug(entry.config.name),
    name: entry.config.name,
  }));
  const answer = await postJson(command, access, "/api/v1/suites", { name, files, scenarios }, options.timeout ?? 120_000);
  if (answer.status !== 200 && answer.status !== 201) throw refusal(command, answer);
  const pushed = answer.body as { name: string; version: string; created: boolean };
  if (options.json) context.print(JSON.stringify({ ...pushed, scenarios: scenarios.length, files: files.length }, null, 2));
  else
    context.print(
      `${pushed.created ? "pushed" : "unchanged"}: suite ${pushed.name} ${pushed.version.slice(0, 19)}… (${scenarios.length} scenario${scenarios.length === 1 ? "" : "s"}, ${files.length} file${files.length === 1 ? "" : "s"})`,
    );
  return ExitCode.ok;
}

/** The default suite name: the working directory's name, made a valid suite name. */
function suiteNameOf(cwd: string): string {
  const name = basename(cwd)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[^a-z0-9]+/, "");
  return name.slice(0, 100) || "suite";
}

function sameFile(pushed: string, given: string): boolean {
  return pushed === given.split("\\").join("/").replace(/^\.\//, "");
}
