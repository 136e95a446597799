import { z } from "zod";
import { difficulties, scenarioTypes } from "../domain/declarative.js";
import { unknownKeysProblem } from "../domain/did-you-mean.js";
import { ConfigError } from "../domain/errors.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { toolSchemaProblems } from "./check-tool-schemas.js";
import { formatFieldPath } from "./scenario-file-error.js";
import { environmentSchema, expectedOutcomesSchema } from "./schema-environment.js";
import { canonicalInjectionSchema } from "./schema-injections.js";
import { checkSchema } from "./validate-with-schema.js";

const handler = z.custom<(...parameters: never[]) => unknown>((value) => typeof value === "function", {
  message: "must be a function (input, context) => result",
});

/** The declarative fields of a TypeScript `ScenarioConfig`, canonical spelling only (other fields pass through). */
const declarativeConfigSchema = z.object({
  environment: environmentSchema(handler).optional(),
  injections: z.array(canonicalInjectionSchema).optional(),
  expectedOutcomes: expectedOutcomesSchema.optional(),
  variables: z.record(z.string(), z.unknown()).optional(),
  scenarioType: z.enum(scenarioTypes).optional(),
  difficulty: z.enum(difficulties).optional(),
  tags: z.array(z.string().min(1)).optional(),
  isActive: z.boolean().optional(),
  expect: z.enum(["pass", "fail"]).optional(),
});

/**
 * Validates the declarative fields of a TypeScript `ScenarioConfig`
 * (`environment` apart from handler code, `injections`, `expectedOutcomes`,
 * `variables`, `scenarioType`, `difficulty`, `tags`, `isActive`) with the
 * schemas scenario files use, before anything runs, and that each tool's
 * `parameters` is a valid JSON Schema. Throws a `ConfigError` naming `source`
 * and the field (`injections[2].probability`), one line per problem, with a
 * "did you mean" hint for unknown keys.
 *
 * @example
 * await checkDeclarativeConfig(config, "run()"); // ConfigError: run(): injections[0].probability: must be at most 1, got 1.5
 */
export async function checkDeclarativeConfig(config: ScenarioConfig, source: string): Promise<void> {
  const result = checkSchema(declarativeConfigSchema, config);
  if (result.success) return checkToolSchemas(config, source);
  const lines = result.issues.map((issue) => {
    let path = issue.path;
    let problem = issue.message;
    const [key] = issue.keys ?? [];
    if (issue.code === "unrecognized_keys" && key !== undefined) {
      path = [...path, key];
      problem = unknownKeysProblem(issue.keys ?? [], issue.allowed ?? [], issue.missing);
    }
    return { field: formatFieldPath(path), problem };
  });
  const [first] = lines;
  throw new ConfigError(lines.map((line) => `${source}: ${line.field}: ${line.problem}`).join("\n"), {
    source,
    ...(first ? { path: first.field } : {}),
  });
}

async function checkToolSchemas(config: ScenarioConfig, source: string): Promise<void> {
  const problems = await toolSchemaProblems(config.environment?.tools);
  const [first] = problems;
  if (!first) return;
  const field = (tool: string) => formatFieldPath(["environment", "tools", tool, "parameters"]);
  throw new ConfigError(problems.map(({ tool, problem }) => `${source}: ${field(tool)}: ${problem}`).join("\n"), {
    source,
    path: field(first.tool),
  });
}
