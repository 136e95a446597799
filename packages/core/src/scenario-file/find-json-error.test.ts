import { describe, expect, it } from "vitest";
import { findJsonError } from "./find-json-error.js";

describe("findJsonError", () => {
  it("accepts what JSON.parse accepts", () => {
    const valid = [
      '{"a": [1, -2.5e3, 0, true, false, null, "x\\n\\u00e9\\"", {}, []], "b": {"c": {}}}',
      " \n\t[]\r\n",
      '"just a string"',
      "0",
    ];
    for (const text of valid) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(findJsonError(text), text).toBeUndefined();
    }
  });

  it.each([
    ['{"a": 1,}', 8, "trailing comma"],
    ["[1, 2, ]", 7, "trailing comma"],
    ['{"a": NaN}', 6, "NaN is not valid JSON"],
    ['{"a": -Infinity}', 6, "Infinity is not valid JSON"],
    ["{'a': 1}", 1, "strings must use double quotes"],
    ["{\"a\": 'b'}", 6, "strings must use double quotes"],
    ['{"a": 1 // note\n}', 8, "comments are not allowed in JSON"],
    ['/* c */ {"a": 1}', 0, "comments are not allowed in JSON"],
    ["{a: 1}", 1, "keys must be strings in double quotes"],
    ['{"a": yes}', 6, 'unexpected word "yes"'],
    ['{"a": "b\n"}', 8, "unterminated string"],
    ['{"a": "b', 6, "unterminated string"],
    ['{"a": "\\x"}', 7, 'invalid escape "\\x"'],
    ['{"a": 01}', 6, 'invalid number "01"'],
    ['{"a": .5}', 6, 'invalid number ".5"'],
    ['{"a": 1 "b": 2}', 8, "missing comma"],
    ['{"a" 1}', 5, 'expected ":"'],
    ['{"a": [1}', 8, 'unexpected "}"'],
    ['{"a": 1', 7, "{ is never closed"],
    ["{} {}", 3, "after the end of the JSON value"],
    ["", 0, "unexpected end of file"],
  ])("%j: offset %i, %s", (text, offset, problem) => {
    expect(() => JSON.parse(text)).toThrow();
    const found = findJsonError(text);
    expect(found?.offset).toBe(offset);
    expect(found?.problem).toContain(problem);
  });

  it("survives nesting deep enough to overflow a recursive parser", () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(199_999)}`;
    expect(findJsonError(deep)?.problem).toMatch(/never closed/);
  });
});
