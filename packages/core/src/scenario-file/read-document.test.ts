import { describe, expect, it } from "vitest";
import { readScenarioDocument } from "./read-document.js";
import { ScenarioFileError } from "./scenario-file-error.js";

function rejection(content: string | Uint8Array, file = "s.yaml", maxBytes?: number): ScenarioFileError {
  try {
    readScenarioDocument(content, file, { maxBytes });
  } catch (error) {
    if (error instanceof ScenarioFileError) return error;
    throw error;
  }
  throw new Error("expected a ScenarioFileError");
}

const yamlText = `name: checkout
steps:
  - type: user
    content: hello
  - type: judge
    criteria:
      - polite
`;
const jsonText = `{
  "name": "checkout",
  "steps": [
    { "type": "user", "content": "hello" },
    {
      "type": "judge",
      "criteria": ["polite"]
    }
  ]
}`;

describe("readScenarioDocument", () => {
  it("reads YAML and JSON to the same value", () => {
    const fromYaml = readScenarioDocument(yamlText, "s.yaml").value;
    const fromJson = readScenarioDocument(new TextEncoder().encode(jsonText), "s.JSON").value;
    expect(fromYaml).toEqual({
      name: "checkout",
      steps: [
        { type: "user", content: "hello" },
        { type: "judge", criteria: ["polite"] },
      ],
    });
    expect(fromJson).toEqual(fromYaml);
  });

  it("locates nested YAML paths at their keys and items", () => {
    const { locate } = readScenarioDocument(yamlText, "s.yaml");
    expect(locate(["steps", 1, "type"])).toEqual({ line: 5, column: 5 });
    expect(locate(["steps", 1, "criteria"])).toEqual({ line: 6, column: 5 });
    expect(locate(["steps", 1, "criteria", 0])).toEqual({ line: 7, column: 9 });
    expect(locate([])).toEqual({ line: 1, column: 1 });
    expect(locate(["steps", 5])).toBeUndefined();
    expect(locate(["name", "deeper"])).toBeUndefined();
  });

  it("locates nested JSON paths", () => {
    const { locate } = readScenarioDocument(jsonText, "s.json");
    expect(locate(["steps", 0, "content"])).toEqual({ line: 4, column: 23 });
    expect(locate(["steps", 1, "criteria", 0])).toEqual({ line: 7, column: 20 });
  });

  it("rejects empty and whitespace-only files", () => {
    expect(rejection("").message).toBe("s.yaml: file is empty");
    expect(rejection(" \n\t\n").problem).toBe("file is empty");
    expect(rejection("# only a comment\n").problem).toMatch(/no data/);
  });

  it("rejects binary content without a position, and text in another encoding at its first bad byte", () => {
    const png = rejection(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]));
    expect(png.message).toBe("s.yaml: file is not valid UTF-8 text (binary?)");
    const latin1 = rejection(new Uint8Array([...new TextEncoder().encode("# é\nname: caf"), 0xe9, 0x0a]));
    expect(latin1.message).toBe("s.yaml:2:10: not valid UTF-8: byte 0xE9 (save the file as UTF-8)");
    expect(rejection(new Uint8Array([0x6e, 0x3a, 0xff, 0xfe])).problem).toMatch(/not valid UTF-8/);
    const nul = rejection("name: a\nb: \0\n");
    expect([nul.line, nul.column]).toEqual([2, 4]);
    expect(nul.problem).toMatch(/NUL/);
  });

  it("rejects files over maxBytes, counting bytes not characters", () => {
    expect(rejection("name: ééé\n", "s.yaml", 10).problem).toBe("file is 13 bytes, more than the limit of 10");
    expect(() => readScenarioDocument("name: ab\n", "s.yaml", { maxBytes: 10 })).not.toThrow();
  });

  it("rejects tabs used for indentation, with the line", () => {
    const error = rejection("name: a\nsteps:\n\t- type: user\n");
    expect(error.line).toBe(3);
    expect(error.code).toBe("invalid_scenario");
    expect(error.message).toBe("s.yaml:3:1: tab used for indentation; indent YAML with spaces");
  });

  it("rejects duplicate YAML keys at the second key, naming the field", () => {
    const error = rejection("name: a\nsteps:\n  - type: user\n    type: agent\n");
    expect(error.message).toBe("s.yaml:4:5: steps[0].type: duplicate key (each key may appear once per mapping)");
  });

  it("rejects alias bombs at the first use of the anchor the expansion starts from", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
    ].join("\n");
    const error = rejection(bomb);
    expect(error.message).toBe(
      "s.yaml:2:8: b[0]: aliases expand to more than 5000 nodes (alias bomb?); the expansion starts at this alias",
    );
    // An earlier, harmless alias is not blamed: the bomb starts where its innermost anchor is first used.
    const mappings = [
      "defaults: &defaults { retries: 1 }",
      "first: *defaults",
      "x:",
      "  l1: &l1 { a: 1, b: 2 }",
      "  l2: &l2 { a: *l1, b: *l1 }",
      `  l3: [${Array(1000).fill("*l2").join(", ")}]`,
    ].join("\n");
    expect(rejection(mappings).message).toMatch(/^s\.yaml:5:16: x\.l2\.a: aliases expand to more than 5000 nodes/);
  });

  it("accepts aliases that expand to a modest size, however often they are used", () => {
    expect(readScenarioDocument("a: &a [1]\nb: *a\n", "s.yaml").value).toEqual({ a: [1], b: [1] });
    // 300 uses of one scalar: yaml's own alias counter would call this a bomb.
    const many = readScenarioDocument(`a: &a x\nb: [${Array(300).fill("*a").join(", ")}]\n`, "s.yaml");
    expect((many.value as { b: string[] }).b).toHaveLength(300);
  });

  it("rejects an alias without an anchor above it, at the alias, and an alias inside its own anchor", () => {
    const unknown = rejection("name: a\nmetadata:\n  base: *defaults\n");
    expect(unknown.message).toBe("s.yaml:3:9: metadata.base: unknown alias *defaults (no anchor &defaults above it)");
    expect(rejection("b: *a\na: &a 1\n").problem).toBe("unknown alias *a (no anchor &a above it)");
    const cycle = rejection("a: &a [1, *a]\n");
    expect(cycle.message).toBe("s.yaml:1:11: a[1]: alias *a is inside its own anchor &a (a cycle)");
  });

  it("reports YAML syntax errors with the parser's line and column", () => {
    const error = rejection("name: a\nsteps: [1, 2\nnext: 3\n");
    expect([error.line, error.column]).toEqual([3, 1]);
  });

  it("rejects more than one document, at the second", () => {
    const error = rejection("name: a\n---\nname: b\n");
    expect(error.line).toBe(2);
    expect(error.problem).toMatch(/more than one YAML document/);
    expect(readScenarioDocument("---\nname: a\n", "s.yaml").value).toEqual({ name: "a" });
  });

  it("parses .json strictly, with line and column of the problem and a one-line message", () => {
    const comment = rejection('{\n  "a": 1 # note\n}', "s.json");
    expect([comment.line, comment.column]).toEqual([2, 10]);
    const quotes = rejection("{\n  'a': 1\n}", "s.json");
    expect([quotes.line, quotes.column]).toEqual([2, 3]);
    const trailing = rejection('{\n  "a": 1,\n}', "s.json");
    expect(trailing.message).toBe("s.json:3:1: invalid JSON: trailing comma");
    expect(rejection('{\n  "seed": NaN\n}', "s.json").message).toBe("s.json:2:11: invalid JSON: NaN is not valid JSON");
    expect(rejection("{\n  \"a\": 'b'\n}", "s.json").message).toBe("s.json:2:8: invalid JSON: strings must use double quotes");
    expect(rejection('{\n  // note\n  "a": 1\n}', "s.json").message).toBe(
      "s.json:2:3: invalid JSON: comments are not allowed in JSON",
    );
    const unterminated = rejection('{\n  "a": "b,\n  "c": 1\n}', "s.json");
    expect([unterminated.line, unterminated.column]).toEqual([2, 11]);
    expect(unterminated.message).not.toMatch(/\n|position/);
  });

  it("rejects duplicate JSON keys, including escaped spellings", () => {
    const error = rejection('{\n  "steps": [{\n    "type": "a",\n    "typ\\u0065": "b"\n  }]\n}', "s.json");
    expect(error.message).toBe("s.json:4:5: steps[0].type: duplicate key (each key may appear once per mapping)");
  });
});
