import type { EnvironmentTool } from "../domain/declarative.js";
import { simulatedTool } from "./simulated-tool.js";

/** A scenario file's `simulate:` mapping, as its schema reads it. */
export interface SimulateSettings {
  readonly model?: string | undefined;
  readonly output_schema?: Record<string, unknown> | undefined;
  readonly instructions?: string | undefined;
  readonly examples?: ReadonlyArray<{ readonly input: Record<string, unknown>; readonly output: unknown }> | undefined;
  readonly stateful?: boolean | undefined;
}

/**
 * The environment tool a scenario file's tool with `simulate:` stands for:
 * `simulatedTool()` over its `description`, `parameters` and settings, which
 * names `environment.tools.<name>.simulate` in `file` when no model is set.
 * The schema has checked that `description` and `parameters` are there.
 *
 * @example
 * simulatedToolFromFile("crm_lookup", { description: "…", parameters: { type: "object" }, simulate: {} }, "scenarios/crm.yaml");
 */
export function simulatedToolFromFile(
  name: string,
  tool: {
    readonly description?: string | undefined;
    readonly parameters?: Record<string, unknown> | undefined;
    readonly latency?: number | undefined;
    readonly simulate: SimulateSettings;
  },
  file: string,
): EnvironmentTool {
  const { simulate } = tool;
  return simulatedTool({
    description: tool.description ?? "",
    inputSchema: tool.parameters ?? { type: "object" },
    ...(simulate.output_schema ? { outputSchema: simulate.output_schema } : {}),
    ...(simulate.instructions ? { instructions: simulate.instructions } : {}),
    ...(simulate.examples ? { examples: simulate.examples } : {}),
    ...(simulate.model ? { model: simulate.model } : {}),
    ...(simulate.stateful === undefined ? {} : { stateful: simulate.stateful }),
    ...(tool.latency === undefined ? {} : { latency: tool.latency }),
    declaredIn: { file, key: `environment.tools.${name}.simulate` },
  });
}
