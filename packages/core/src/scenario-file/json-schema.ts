import { z } from "zod";
import { scenarioFileSchema } from "./schema.js";

/**
 * A JSON Schema (draft 2020-12) of scenario files, generated from the same
 * zod schema that validates them, so editors (YAML language server, VS Code
 * `json.schemas`) complete and check keys as you type. It describes the file
 * as written (input side: aliases and seed spellings included); cross-field
 * rules such as "not both injections and injection_points" are only enforced
 * by the loader.
 *
 * @example
 * await writeFile("scenario.schema.json", JSON.stringify(scenarioFileJsonSchema(), null, 2));
 * // in a YAML file: # yaml-language-server: $schema=./scenario.schema.json
 */
export function scenarioFileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(scenarioFileSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  return {
    ...schema,
    title: "Rehearse scenario file",
    description: "One scenario: the agent under test, its environment, script, injections and expected outcomes.",
  };
}
