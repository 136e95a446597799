import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { itFixed, target } from "./fixed.js";

// The reference's tracing API (setupScenarioTracing, scenarioOnly,
// withCustomScopes, judgeSpanCollector, scenario.config `observability`),
// checked by the scripts in tracing/. OpenTelemetry is set up once per
// process, and the reference project turns it off for this worker
// (OTEL_SDK_DISABLED), so each script runs in its own `node` process against
// this project's target (tracing/target.mjs maps `@langwatch/scenario`),
// behind a guard that refuses and reports any connection to another host.

const tracingDirectory = fileURLToPath(new URL("./tracing/", import.meta.url));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The remote network attempts the script's guard refused (`undefined` when the script did not finish). */
  remoteAttempts: string[] | undefined;
}

/** The child's environment: offline, no browser or banner, and tracing not switched off. */
function childEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(environment)) {
    if (name.startsWith("OTEL_") || name.startsWith("LANGWATCH_")) delete environment[name];
  }
  return {
    ...environment,
    COMPAT_TARGET: target,
    LANGWATCH_API_KEY: "",
    SCENARIO_HEADLESS: "true",
    SCENARIO_DISABLE_SIMULATION_REPORT_INFO: "1",
    SCENARIO_REDTEAM_REPORT: "0",
  };
}

function runScript(script: string, cwd: string): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", `${tracingDirectory}target.mjs`, `${tracingDirectory}${script}`], {
      cwd,
      env: childEnvironment(),
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = stdout.split("\n").find((text) => text.startsWith("REMOTE_ATTEMPTS "));
      const remoteAttempts = line ? (JSON.parse(line.slice("REMOTE_ATTEMPTS ".length)) as string[]) : undefined;
      resolve({ code, stdout, stderr, remoteAttempts });
    });
  });
}

/** Each script runs once per project; tests of the same script share its outcome. */
const outcomes = new Map<string, Promise<Outcome>>();
function outcomeOf(script: string, cwd = tracingDirectory): Promise<Outcome> {
  const key = `${cwd} ${script}`;
  const known = outcomes.get(key);
  if (known) return known;
  const started = runScript(script, cwd);
  outcomes.set(key, started);
  return started;
}

/** Asserts the script passed its own checks, showing its output when it did not. */
async function expectPassed(script: string, cwd?: string): Promise<Outcome> {
  const outcome = await outcomeOf(script, cwd);
  expect(outcome.code, `${script} failed:\n${outcome.stderr}\n${outcome.stdout}`).toBe(0);
  return outcome;
}

// one child at a time: importing the reference alone takes seconds of CPU
const timeout = 60_000;
describe(`the reference's tracing API (${target}, one node process per script)`, { timeout }, () => {
  it("importing the package registers no tracer provider", async () => {
    const outcome = await expectPassed("no-auto-init.mjs");
    expect(outcome.remoteAttempts).toEqual([]);
  });

  it("setupScenarioTracing: scenario spans under the scope scenarioOnly selects, beside the app's noise spans", async () => {
    const outcome = await expectPassed("scenario-only.mjs");
    expect(outcome.remoteAttempts).toEqual([]);
  });

  it("withCustomScopes: the agent's own scope is collected in the run's trace and selected with the scenario's", async () => {
    const outcome = await expectPassed("custom-scopes.mjs");
    expect(outcome.remoteAttempts).toEqual([]);
  });

  it("a custom judge finds the agent's own span in judgeSpanCollector.getSpansForThread(threadId)", async () => {
    const outcome = await expectPassed("judge-spans.mjs");
    expect(outcome.remoteAttempts).toEqual([]);
  });

  it("run() sets tracing up lazily from scenario.config.mjs `observability`", async () => {
    await expectPassed("config-file.mjs", `${tracingDirectory}with-config`);
  });

  itFixed(
    "0041-tracing",
    "Export only where configured",
    "the lazily set up tracing sends nothing without an exporter, endpoint or key",
    async () => {
      const outcome = await expectPassed("config-file.mjs", `${tracingDirectory}with-config`);
      expect(outcome.remoteAttempts).toEqual([]);
    },
    timeout,
  );
});
