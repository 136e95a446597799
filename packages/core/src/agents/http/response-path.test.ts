import { describe, expect, it } from "vitest";
import { ConfigError } from "../../domain/errors.js";
import { formatPath, parseResponsePath, resolvePath } from "./response-path.js";

const value = (path: string, json: unknown) => {
  const resolution = resolvePath(parseResponsePath(path, "responsePath"), json);
  return resolution.found ? resolution.value : resolution;
};

describe("parseResponsePath", () => {
  it("reads keys, indexes, negative indexes and quoted keys", () => {
    expect(parseResponsePath("reply", "p").segments).toEqual([{ key: "reply" }]);
    expect(parseResponsePath("choices[0].message.content", "p").segments).toEqual([
      { key: "choices" },
      { index: 0 },
      { key: "message" },
      { key: "content" },
    ]);
    expect(parseResponsePath("results[-1].text", "p").segments).toEqual([{ key: "results" }, { index: -1 }, { key: "text" }]);
    expect(parseResponsePath("[\"key with.dots\"]['it\\'s'].x", "p").segments).toEqual([
      { key: "key with.dots" },
      { key: "it's" },
      { key: "x" },
    ]);
    expect(parseResponsePath("[2][0]", "p").segments).toEqual([{ index: 2 }, { index: 0 }]);
  });

  it.each([
    ["", "it is empty"],
    ["a..b", "expected a key at position 2"],
    ["a.", "expected a key at position 2"],
    ["a[x]", 'expected a number or a quoted key after "[" at position 1'],
    ['a["b', "is not closed"],
    ['a["b"c', 'expected "]" after the quoted key'],
    ["a b", 'expected "." or "[" at position 1'],
  ])("rejects %j naming the option (%s)", (path, problem) => {
    const attempt = () => parseResponsePath(path, "toolCallsPath");
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(`httpAgent: toolCallsPath ${JSON.stringify(path)} is not a valid path: `);
    expect(attempt).toThrow(problem);
  });
});

describe("resolvePath", () => {
  const json = {
    data: { output: { text: "nested" } },
    choices: [{ message: { content: "first" } }],
    results: [{ text: "a" }, { text: "b" }, { text: "last" }],
    "key with.dots": { value: 7 },
    empty: null,
  };

  it("follows nested keys, indexes, negative indexes and quoted keys", () => {
    expect(value("data.output.text", json)).toBe("nested");
    expect(value("choices[0].message.content", json)).toBe("first");
    expect(value("results[-1].text", json)).toBe("last");
    expect(value("results[-3].text", json)).toBe("a");
    expect(value('["key with.dots"].value', json)).toBe(7);
    expect(value("empty", json)).toBeNull();
  });

  it("says which segment failed and why", () => {
    expect(value("data.input.text", json)).toEqual({ found: false, failedAt: 1, reason: 'no key "input" (keys: output)' });
    expect(value("results[3]", json)).toEqual({ found: false, failedAt: 1, reason: "index 3 is out of range (length 3)" });
    expect(value("results[-4]", json)).toMatchObject({ failedAt: 1, reason: "index -4 is out of range (length 3)" });
    expect(value("data[0]", json)).toMatchObject({ failedAt: 1, reason: "expected a list, found an object" });
    expect(value("results.text", json)).toMatchObject({ failedAt: 1, reason: "expected an object, found a list" });
    expect(value("empty.x", json)).toMatchObject({ failedAt: 1, reason: "expected an object, found null" });
  });
});

describe("formatPath", () => {
  it("writes segments back, quoting keys that need it", () => {
    const path = parseResponsePath('data["a b"].list[-1].x', "p");
    expect(formatPath(path.segments)).toBe('data["a b"].list[-1].x');
    expect(formatPath(path.segments, 1)).toBe('data["a b"]');
  });
});
