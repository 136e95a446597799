import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { scenarioFileJsonSchema } from "./json-schema.js";
import { loadScenarioFiles } from "./load-scenario-files.js";
import { ScenarioFileError } from "./scenario-file-error.js";
import { ScenarioFileErrors } from "./scenario-file-errors.js";
import { compareKeys, dataPlaces, type Example, examples, keyTables, placePattern } from "./test-support/docs-reference.js";
import { schemaKeys } from "./test-support/schema-keys.js";

// docs/scenario-files.md cannot drift from the schema: its key tables must name exactly the keys
// the JSON Schema accepts at each place, and every example in it must load (or, when marked
// invalid, be rejected with exactly the error it shows).

const documentPath = fileURLToPath(new URL("../../../../docs/scenario-files.md", import.meta.url));
const fixtures = fileURLToPath(new URL("../../test/fixtures/docs-examples/", import.meta.url));
const documentName = "docs/scenario-files.md";
const markdown = readFileSync(documentPath, "utf8");

/** `injection_points` and a template's `injection` take exactly what `injections` takes: documented once. */
const sharedPlaces = (place: string) =>
  place.replace(/^injection_points\[/, "injections[").replace(/^injection_templates\[\]\.injection\[/, "injections[");

describe(`${documentName}: keys`, () => {
  const schema = scenarioFileJsonSchema();

  it("documents every key the JSON Schema accepts, at its place, and no key the schema lacks", () => {
    expect(compareKeys(schemaKeys(schema, sharedPlaces), keyTables(markdown), documentName)).toEqual([]);
  });

  it("documents injection_points and template injections by documenting injections: they accept the same keys", () => {
    const own = schemaKeys(schema);
    const under = (prefix: RegExp) =>
      [...own]
        .filter(([place]) => prefix.test(place))
        .map(([place, keys]) => [sharedPlaces(place), [...keys.keys()].sort()] as const)
        // the template reference `{ template }` is an entry of the lists, not an injection a template holds
        .filter(([place]) => place !== "injections[]")
        .sort(([left], [right]) => left.localeCompare(right));
    const injections = under(/^injections\[/);
    expect(injections.length).toBeGreaterThan(5);
    expect(under(/^injection_points\[/)).toEqual(injections);
    expect(under(/^injection_templates\[\]\.injection\[/)).toEqual(injections);
  });

  it("notices drift: a missing key, an extra key, a wrong required cell and an unmentioned value", () => {
    const tiny = schemaKeys({
      type: "object",
      properties: { name: { type: "string" }, mode: { enum: ["fast", "slow"] } },
      required: ["name"],
    });
    const table = (rows: string) => `<!-- keys: $ -->\n| key | required |\n| --- | --- |\n${rows}`;
    expect(compareKeys(tiny, keyTables(table("| `name` | yes |\n| `mode` | no: `fast`, `slow` |")))).toEqual([]);
    expect(compareKeys(tiny, keyTables(table("| `name` | yes |")))).toEqual(["$: key `mode` is not documented"]);
    expect(compareKeys(tiny, keyTables(table("| `name` | no |\n| `mode` | no: `fast` |\n| `speed` | no |")))).toEqual([
      "docs:6: $ has no key `speed` in the schema",
      "docs:4: $.name is required in the schema",
      "docs:5: $.mode: the value `slow` is not mentioned",
    ]);
    expect(placePattern("injections[*].trigger[kind=random]").test("injections[type=tool_error].trigger[kind=random]")).toBe(
      true,
    );
  });
});

// ─── examples ───────────────────────────────────────────────────────────────

const all = examples(markdown);
const valid = all.filter((example) => example.kind !== "invalid");
const invalid = all.filter((example) => example.kind === "invalid");
const where = (example: Example) => `${documentName}:${example.line}`;

let project: string;
beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), "rehearse-docs-examples-"));
  cpSync(fixtures, project, { recursive: true });
});
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** The example as a file: fragments get the keys a file needs after their own lines, so line numbers stay. */
function fileText(example: Example): string {
  if (example.kind !== "fragment") return example.text;
  const keys = Object.keys((parse(example.text) as Record<string, unknown> | null) ?? {});
  const missing = [
    keys.includes("name") ? "" : `name: Example at line ${example.line} of ${documentName}\n`,
    keys.includes("description") ? "" : "description: A customer asks the support agent about order A100.\n",
    keys.includes("agent") ? "" : "agent: { module: ./agent.mjs }\n",
  ];
  return example.text + missing.join("");
}

/** Loads one file of the examples' project; resolves to the error (or undefined when it loaded). */
async function load(name: string, text: string): Promise<unknown> {
  const cwd = join(project, "scenarios");
  writeFileSync(join(cwd, name), text);
  return loadScenarioFiles([name], { cwd, environment: { AGENT_API_KEY: "not-a-real-key" } }).then(
    () => undefined,
    (error: unknown) => error,
  );
}

function problems(error: unknown): readonly ScenarioFileError[] {
  if (error instanceof ScenarioFileErrors) return error.errors;
  if (error instanceof ScenarioFileError) return [error];
  throw error;
}

describe(`${documentName}: examples`, () => {
  it("has examples of each kind", () => {
    expect(valid.length).toBeGreaterThan(30);
    expect(invalid.length).toBeGreaterThan(3);
  });

  it.each(valid.map((example) => [where(example), example] as const))("%s loads", async (_where, example) => {
    const name = `example-${example.line}.${example.language}`;
    const error = await load(name, fileText(example));
    // Each problem at its line in the document, so a broken example is found where it is written.
    const located =
      error === undefined
        ? []
        : problems(error).map(
            (problem) =>
              `${documentName}:${example.line + (problem.line ?? 1) - 1}${problem.column ? `:${problem.column}` : ""}: ${problem.field ? `${problem.field}: ` : ""}${problem.problem}`,
          );
    expect(located).toEqual([]);
  });

  it.each(invalid.map((example) => [where(example), example] as const))(
    "%s is rejected with the error shown after it",
    async (_where, example) => {
      expect(example.expected, "an invalid example is followed by a ```text block with its error").toBeDefined();
      const name = /^([^:\s]+\.(?:ya?ml|json)):/.exec(example.expected ?? "")?.[1] ?? "";
      expect(name, "the error names the file").not.toBe("");
      const error = await load(name, example.text);
      expect(error, "the example loads, but is marked invalid").toBeDefined();
      expect(
        problems(error)
          .map((problem) => problem.message)
          .join("\n"),
      ).toBe(example.expected);
    },
  );

  it("shows every place of the schema in at least one valid example", () => {
    const shown = new Set<string>();
    for (const example of valid) {
      const data: unknown = example.language === "json" ? JSON.parse(example.text) : parse(fileText(example));
      for (const place of dataPlaces(data)) shown.add(sharedPlaces(place));
    }
    // A trigger is shown once per kind, not under every injection type.
    const places = new Set(
      [...schemaKeys(scenarioFileJsonSchema(), sharedPlaces).keys()].map((place) =>
        place.replace(/^injections\[[^\]]*\]\.trigger/, "injections[*].trigger"),
      ),
    );
    const unshown = [...places].filter((place) => ![...shown].some((candidate) => placePattern(place).test(candidate)));
    expect(unshown).toEqual([]);
  });
});
