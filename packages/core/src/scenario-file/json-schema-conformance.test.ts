import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileJsonSchema } from "../environment/json-schema-validator.js";
import { scenarioFileJsonSchema } from "./json-schema.js";
import { scenarioFileSchema } from "./schema.js";

// The JSON Schema `rehearse schema` prints is checked with the validator tool inputs use (Ajv, 2020-12).
const repository = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
const folders = ["examples/scenarios", "examples/declarative/scenarios"];
const examples = folders.flatMap((folder) =>
  readdirSync(join(repository, folder))
    .filter((name) => name.endsWith(".yaml"))
    .map((name) => join(folder, name)),
);
const validate = compileJsonSchema(scenarioFileJsonSchema());
const example = () => parse(readFileSync(join(repository, examples[0] as string), "utf8")) as Record<string, unknown>;

describe("the scenario-file JSON Schema, under the project's JSON Schema validator", () => {
  it.each(examples)("accepts the example %s, as the loader does", (file) => {
    const data = parse(readFileSync(join(repository, file), "utf8"));
    expect(scenarioFileSchema.safeParse(data).success).toBe(true);
    expect(validate(data)).toEqual([]);
  });

  it.each([
    [
      "an unknown top-level key",
      (data: Record<string, unknown>) => ({ ...data, difficulty_level: "hard" }),
      "",
      "additionalProperties",
    ],
    ["a difficulty out of the list", (data: Record<string, unknown>) => ({ ...data, difficulty: "hrad" }), "/difficulty", "enum"],
    ["no description", ({ description: _dropped, ...data }: Record<string, unknown>) => data, "", "required"],
  ])("rejects %s, as the loader does, naming the pointer", (_case, change, pointer, keyword) => {
    const data = change(example());
    expect(scenarioFileSchema.safeParse(data).success).toBe(false);
    expect(validate(data).at(-1)).toMatchObject({ pointer, keyword });
  });
});
