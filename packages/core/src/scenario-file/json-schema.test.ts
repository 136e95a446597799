import { describe, expect, it } from "vitest";
import { scenarioFileJsonSchema } from "./json-schema.js";

describe("scenarioFileJsonSchema", () => {
  const schema = scenarioFileJsonSchema() as {
    $schema: string;
    type: string;
    required: string[];
    properties: Record<string, Record<string, unknown>>;
    additionalProperties: unknown;
  };

  it("is a draft 2020-12 object schema closed to unknown top-level keys", () => {
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema.type).toBe("object");
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(["name", "description", "agent"]));
  });

  it("describes every top-level key, aliases included", () => {
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining([
        "id",
        "scenario_type",
        "difficulty",
        "tags",
        "is_active",
        "seed",
        "max_turns",
        "set_id",
        "metadata",
        "variables",
        "agent",
        "user",
        "judge",
        "environment",
        "script",
        "injections",
        "injection_points",
        "injection_templates",
        "expected_outcomes",
        "detectors",
      ]),
    );
  });

  it("shows module references and seed spellings as they are written in files", () => {
    const text = JSON.stringify(schema);
    expect(text).toContain('"module"');
    expect(text).toContain('"trigger_type"');
    expect(text).toContain('"assertion_type"');
    expect(schema.properties.scenario_type).toMatchObject({ enum: expect.arrayContaining(["business", "security"]) });
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
