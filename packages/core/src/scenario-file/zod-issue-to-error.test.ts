import { describe, expect, it } from "vitest";
import { z } from "zod";
import { readScenarioDocument } from "./read-document.js";
import { zodIssueToError } from "./zod-issue-to-error.js";

const step = z.strictObject({ type: z.enum(["user", "agent"]), content: z.string().optional() });
const scenario = z.strictObject({ name: z.string(), steps: z.array(step) });
const allowedKeys = (path: ReadonlyArray<PropertyKey>) => (path.length === 0 ? ["name", "steps"] : ["type", "content"]);

function messages(text: string, file: string): string[] {
  const document = readScenarioDocument(text, file);
  const result = scenario.safeParse(document.value);
  if (result.success) return [];
  return result.error.issues.map((issue) => zodIssueToError(issue, file, document.locate, allowedKeys).message);
}

describe("zodIssueToError", () => {
  it("names file, line and field of a wrong value", () => {
    const text = "name: a\nsteps:\n  - type: user\n  - type: robot\n";
    expect(messages(text, "s.yaml")).toEqual([expect.stringMatching(/^s\.yaml:4:5: steps\[1\]\.type: /)]);
  });

  it("points unknown keys at the key and adds a did-you-mean hint", () => {
    const text = "name: a\nsteps:\n  - type: user\n    contnet: hi\n";
    expect(messages(text, "s.yaml")).toEqual(['s.yaml:4:5: steps[0].contnet: unknown key "contnet" (did you mean "content"?)']);
  });

  it("locates a missing field at its parent, in JSON too", () => {
    const text = '{\n  "steps": []\n}';
    expect(messages(text, "s.json")).toEqual([expect.stringMatching(/^s\.json:1:1: name: /)]);
  });
});
