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

  it("rejects binary content", () => {
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

  it("rejects alias bombs", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
    ].join("\n");
    expect(rejection(bomb).problem).toMatch(/more than 100 .*alias bomb/);
    expect(readScenarioDocument("a: &a [1]\nb: *a\n", "s.yaml").value).toEqual({ a: [1], b: [1] });
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

  it("parses .json strictly, with line and column of the problem", () => {
    const comment = rejection('{\n  "a": 1 # note\n}', "s.json");
    expect([comment.line, comment.column]).toEqual([2, 10]);
    const quotes = rejection("{\n  'a': 1\n}", "s.json");
    expect([quotes.line, quotes.column]).toEqual([2, 3]);
    const trailing = rejection('{\n  "a": 1,\n}', "s.json");
    expect([trailing.line, trailing.column]).toEqual([3, 1]);
    expect(trailing.message).toMatch(/^s\.json:3:1: invalid JSON: /);
  });

  it("rejects duplicate JSON keys, including escaped spellings", () => {
    const error = rejection('{\n  "steps": [{\n    "type": "a",\n    "typ\\u0065": "b"\n  }]\n}', "s.json");
    expect(error.message).toBe("s.json:4:5: steps[0].type: duplicate key (each key may appear once per mapping)");
  });
});
