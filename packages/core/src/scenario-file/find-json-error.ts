/** The first syntax error of a JSON text: where it is and what is wrong, in plain words. */
export interface JsonSyntaxError {
  /** Character offset of the offending character. */
  readonly offset: number;
  readonly problem: string;
}

/** What the scanner expects next. */
type Expect = "value" | "value-or-close" | "key" | "key-or-close" | "colon" | "comma-or-close";

const words = new Set(["true", "false", "null"]);
const notJson: Readonly<Record<string, string>> = {
  NaN: "NaN is not valid JSON",
  Infinity: "Infinity is not valid JSON",
  undefined: "undefined is not valid JSON",
};

/**
 * Finds the first syntax error of `text` as strict JSON (RFC 8259), for the
 * messages `JSON.parse` does not give: V8 names no position for most
 * unexpected tokens and quotes raw source across lines. Iterative, so deep
 * nesting cannot overflow the stack. Undefined when `text` is valid JSON.
 *
 * @example
 * findJsonError('{\n  "a": 1,\n}'); // { offset: 12, problem: "trailing comma" }
 */
export function findJsonError(text: string): JsonSyntaxError | undefined {
  const open: string[] = [];
  let expect: Expect = "value";
  let index = 0;
  const error = (offset: number, problem: string): JsonSyntaxError => ({ offset, problem });
  for (;;) {
    while (index < text.length && " \t\n\r".includes(text[index] as string)) index++;
    const character = text[index];
    const top = open.at(-1);
    if (character === undefined) {
      if (expect === "comma-or-close" && top === undefined) return undefined;
      return error(index, top === undefined ? "unexpected end of file" : `unexpected end of file: ${top} is never closed`);
    }
    if (character === "/" && (text[index + 1] === "/" || text[index + 1] === "*")) {
      return error(index, "comments are not allowed in JSON");
    }
    switch (expect) {
      case "colon":
        if (character !== ":") return error(index, 'expected ":" after the key');
        index++;
        expect = "value";
        continue;
      case "comma-or-close":
        if (top === undefined) return error(index, "unexpected text after the end of the JSON value");
        if (character === ",") {
          index++;
          expect = top === "{" ? "key" : "value";
        } else if (character === (top === "{" ? "}" : "]")) {
          index++;
          open.pop();
        } else if (character === "}" || character === "]") {
          return error(index, `unexpected "${character}": the last open bracket is "${top}"`);
        } else return error(index, `expected "," or "${top === "{" ? "}" : "]"}" after a value (missing comma?)`);
        continue;
      case "key":
      case "key-or-close": {
        if (character === "}") {
          if (expect === "key") return error(index, "trailing comma");
          index++;
          open.pop();
          expect = "comma-or-close";
          continue;
        }
        if (character === "'") return error(index, "strings must use double quotes");
        if (character !== '"') {
          return error(index, /[A-Za-z_$]/.test(character) ? "keys must be strings in double quotes" : unexpected(character));
        }
        const end = scanString(text, index);
        if (typeof end !== "number") return end;
        index = end;
        expect = "colon";
        continue;
      }
      default: {
        if (character === "]" || character === "}") {
          if (expect === "value-or-close" && character === "]") {
            index++;
            open.pop();
            expect = "comma-or-close";
            continue;
          }
          return error(index, top !== undefined && expect === "value" ? "trailing comma" : unexpected(character));
        }
        if (character === "{" || character === "[") {
          open.push(character);
          index++;
          expect = character === "{" ? "key-or-close" : "value-or-close";
          continue;
        }
        const end = scanValue(text, index);
        if (typeof end !== "number") return end;
        index = end;
        expect = "comma-or-close";
      }
    }
  }
}

/** A scalar value: the offset after it, or the error. */
function scanValue(text: string, start: number): number | JsonSyntaxError {
  const character = text[start] as string;
  if (character === '"') return scanString(text, start);
  if (character === "'") return { offset: start, problem: "strings must use double quotes" };
  if (text.startsWith("-Infinity", start)) return { offset: start, problem: notJson.Infinity as string };
  if (/[-0-9+.]/.test(character)) return scanNumber(text, start);
  const word = matchAt(/[A-Za-z_$][\w$]*/y, text, start);
  if (word === undefined) return { offset: start, problem: unexpected(character) };
  if (words.has(word)) return start + word.length;
  const problem = notJson[word] ?? `unexpected word "${word}" (strings need double quotes; the literals are true, false, null)`;
  return { offset: start, problem };
}

function scanString(text: string, start: number): number | JsonSyntaxError {
  let index = start + 1;
  for (;;) {
    const character = text[index];
    if (character === undefined) return { offset: start, problem: "unterminated string" };
    if (character === '"') return index + 1;
    if (character === "\n" || character === "\r") {
      return { offset: index, problem: "unterminated string: a string ends on its line (write \\n for a line break)" };
    }
    if (character < " ") return { offset: index, problem: "control character in a string (escape it, e.g. \\t)" };
    if (character === "\\") {
      const escaped = text[index + 1] ?? "";
      if (escaped === "u" && /^[0-9A-Fa-f]{4}$/.test(text.slice(index + 2, index + 6))) index += 6;
      else if (escaped !== "" && escaped !== "u" && '"\\/bfnrt'.includes(escaped)) index += 2;
      else {
        const written = escaped === "u" ? `u${text.slice(index + 2, index + 6)}` : escaped;
        return { offset: index, problem: `invalid escape "\\${written}" in a string` };
      }
      continue;
    }
    index++;
  }
}

function scanNumber(text: string, start: number): number | JsonSyntaxError {
  const number = matchAt(/-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y, text, start);
  const next = number === undefined ? undefined : text[start + number.length];
  if (number === undefined || (next !== undefined && /[\w.+]/.test(next))) {
    const written = (matchAt(/[-+.\w]*/y, text, start) ?? "").slice(0, 40);
    return { offset: start, problem: `invalid number "${written}" (JSON numbers look like -12, 0.5 or 1e3)` };
  }
  return start + number.length;
}

/** The match of a sticky `pattern` exactly at `offset`. */
function matchAt(pattern: RegExp, text: string, offset: number): string | undefined {
  pattern.lastIndex = offset;
  return pattern.exec(text)?.[0];
}

function unexpected(character: string): string {
  return `unexpected ${JSON.stringify(character)}`;
}
