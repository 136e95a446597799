import type { Readable, Writable } from "node:stream";
import type { Agent } from "../domain/agent.js";
import { ConfigError } from "../domain/errors.js";
import type { ScenarioResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { agent as agentStep } from "../script/steps.js";
import { serveMcpOverStdio } from "./serve-mcp-over-stdio.js";

/** Options of {@link serveScenarioOverStdio}. */
export interface ScenarioOverStdioOptions {
  /** Runs the session's scenario (the CLI passes its context's `run`, with its config and reporters). */
  readonly run: (scenario: ScenarioConfig) => Promise<ScenarioResult>;
  /** The MCP channel (default: the process's standard input and output). */
  readonly input?: Readable;
  readonly output?: Writable;
}

/**
 * One MCP session over stdio against one scenario's environment: the
 * scenario runs with the MCP client as its agent under test. Its single
 * agent turn serves the run's tools (the environment's and `config.tools`,
 * wrapped by the run, so injections, triggers, the state and the tool-call
 * events apply as for any agent) until the client closes standard input;
 * then the run concludes as usual (expected outcomes, end-state checks,
 * detectors) and its result is returned. The scenario's script and simulated
 * user are not played: the client drives the session.
 *
 * No time limit applies to the session's turn or the run (a person may be
 * driving the client); the client ends it.
 *
 * @example
 * const [loaded] = await loadScenarioFiles(["shop.yaml"]);
 * const result = await serveScenarioOverStdio(loaded.config, { run });
 */
export async function serveScenarioOverStdio(
  scenario: ScenarioConfig,
  options: ScenarioOverStdioOptions,
): Promise<ScenarioResult> {
  const client: Agent = {
    name: "McpStdioClient",
    role: AgentRole.AGENT,
    call: async (input) => {
      const session = await serveMcpOverStdio(input.tools ?? {}, {
        ...(options.input ? { input: options.input } : {}),
        ...(options.output ? { output: options.output } : {}),
      });
      const stop = () => void session.close();
      input.signal?.addEventListener("abort", stop, { once: true });
      await session.closed;
      input.signal?.removeEventListener("abort", stop);
      return null;
    },
  };
  // judges with a verdict of their own are kept; a simulated user has nothing to say to an MCP client
  const others = scenario.agents.filter((agent) => agent.role === AgentRole.JUDGE);
  return options.run({
    ...scenario,
    agents: [client, ...others],
    script: [agentStep()],
    timeouts: { ...scenario.timeouts, agentCallMs: 0, scenarioMs: 0 },
  });
}

/**
 * The scenario named `name` among `scenarios` (by `name` or `id`), or the only
 * one when `name` is not given; a `ConfigError` naming the choices otherwise.
 */
export function pickScenario(
  scenarios: readonly { readonly file: string; readonly config: ScenarioConfig }[],
  name: string | undefined,
): ScenarioConfig {
  const names = scenarios.map((loaded) => String(loaded.config.name));
  if (name === undefined) {
    const only = scenarios[0];
    if (scenarios.length === 1 && only) return only.config;
    throw new ConfigError(
      `the files hold ${scenarios.length} scenarios (${names.join(", ")}): choose one with --scenario <name>`,
      {
        source: scenarios.map((loaded) => loaded.file).join(", "),
        path: "--scenario",
      },
    );
  }
  const found = scenarios.find((loaded) => loaded.config.name === name || loaded.config.id === name);
  if (!found) {
    throw new ConfigError(`no scenario named ${JSON.stringify(name)} (scenarios: ${names.join(", ")})`, {
      source: scenarios.map((loaded) => loaded.file).join(", "),
      path: "--scenario",
    });
  }
  return found.config;
}
