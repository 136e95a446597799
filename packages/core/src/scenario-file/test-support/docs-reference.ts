/**
 * Reads the two things docs/scenario-files.md promises, so a test can hold
 * it to the schema:
 *
 * - key tables: a `<!-- keys: place, place … -->` comment followed by a
 *   Markdown table with a `key` column (the key, or keys, in backticks) and a
 *   `required` column (`yes`, `no`, or words that are not checked). Places
 *   are written as in {@link schemaKeys}; `[*]` matches any filter
 *   (`injections[*].trigger[kind=random]`).
 * - examples: fenced ` ```yaml ` blocks are whole scenario files, ` ```yaml fragment `
 *   blocks are top-level keys completed with a name, description and agent,
 *   ` ```yaml invalid ` blocks must be rejected with exactly the text of the
 *   ` ```text ` block that follows them; ` ```json ` blocks are whole `.json` files.
 *
 * @module
 */
import type { SchemaKeys } from "./schema-keys.js";

/** One documented key. */
export interface DocumentedKey {
  readonly key: string;
  /** The `required` cell, lower-cased. */
  readonly required: string;
  /** The whole row, for the values an enumeration must mention. */
  readonly text: string;
  /** 1-based line in the document. */
  readonly line: number;
}

/** One key table and the places it documents. */
export interface KeyTable {
  readonly places: readonly string[];
  readonly keys: readonly DocumentedKey[];
  readonly line: number;
}

/** One fenced example. */
export interface Example {
  readonly kind: "file" | "fragment" | "invalid";
  readonly language: "yaml" | "json";
  readonly text: string;
  /** 1-based line of the example's first line of content. */
  readonly line: number;
  /** For `invalid`: the text of the ```text block after it. */
  readonly expected?: string;
}

/** The key tables of a document. */
export function keyTables(markdown: string): KeyTable[] {
  const lines = markdown.split("\n");
  const tables: KeyTable[] = [];
  for (const [index, line] of lines.entries()) {
    const marker = /^<!-- keys: (.+) -->$/.exec(line.trim());
    if (!marker) continue;
    const places = (marker[1] as string).split(",").map((place) => place.trim());
    let row = index + 1;
    while (lines[row]?.trim() === "") row++;
    const header = cells(lines[row] ?? "").map((cell) => cell.toLowerCase());
    const keyColumn = header.indexOf("key");
    const requiredColumn = header.indexOf("required");
    const keys: DocumentedKey[] = [];
    for (row += 2; lines[row]?.trim().startsWith("|"); row++) {
      const text = lines[row] as string;
      const columns = cells(text);
      // A key cell may name several keys (`module`, `export`).
      for (const [, key] of (columns[keyColumn] ?? "").matchAll(/`([^`]+)`/g)) {
        keys.push({ key: key as string, required: (columns[requiredColumn] ?? "").toLowerCase(), text, line: row + 1 });
      }
    }
    tables.push({ places, keys, line: index + 1 });
  }
  return tables;
}

function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim());
}

/**
 * Every difference between the schema's keys and the documented ones: a
 * place or key the document misses, a documented place or key the schema
 * does not have, a `required` cell that disagrees, an enumeration value not
 * mentioned in its key's rows. Empty when they agree.
 */
export function compareKeys(schema: SchemaKeys, tables: readonly KeyTable[], document = "docs"): string[] {
  const problems: string[] = [];
  const matches = (pattern: string, place: string) => placePattern(pattern).test(place);
  for (const table of tables) {
    for (const pattern of table.places) {
      const places = [...schema.keys()].filter((place) => matches(pattern, place));
      if (places.length === 0) problems.push(`${document}:${table.line}: place ${pattern} is not in the schema`);
      for (const place of places) {
        for (const { key, line } of table.keys) {
          if (!schema.get(place)?.has(key)) problems.push(`${document}:${line}: ${place} has no key \`${key}\` in the schema`);
        }
      }
    }
  }
  for (const [place, keys] of schema) {
    const rows = tables.filter((table) => table.places.some((pattern) => matches(pattern, place))).flatMap((table) => table.keys);
    if (rows.length === 0) {
      problems.push(`${place}: no key table documents this place (keys: ${[...keys.keys()].join(", ")})`);
      continue;
    }
    for (const [key, facts] of keys) {
      const documented = rows.filter((row) => row.key === key);
      if (documented.length === 0) {
        problems.push(`${place}: key \`${key}\` is not documented`);
        continue;
      }
      for (const row of documented) {
        const always = facts.required === facts.branches;
        if (row.required === "yes" && !always)
          problems.push(`${document}:${row.line}: ${place}.${key} is optional in the schema`);
        if (row.required === "no" && facts.required > 0)
          problems.push(`${document}:${row.line}: ${place}.${key} is required in the schema`);
      }
      for (const value of facts.values) {
        if (!documented.some((row) => row.text.includes(`\`${value}\``))) {
          problems.push(`${document}:${documented[0]?.line}: ${place}.${key}: the value \`${value}\` is not mentioned`);
        }
      }
    }
  }
  return problems;
}

/**
 * A place pattern as a regular expression. `[*]` matches any filter (not a plain list item `[]`);
 * `[type=a|b]` matches `[type=a]`, `[type=b]` and itself; `.*` (a mapping's
 * free key) matches any one key, e.g. a tool name.
 */
export function placePattern(pattern: string): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const source = pattern
    .split(/(\[[^\]]*\])/)
    .map((part) => {
      if (part === "[*]") return "\\[[^\\]]+\\]";
      const filter = /^\[(\w+)=(.+)\]$/.exec(part);
      if (filter) {
        const values = (filter[2] as string).split("|");
        return `\\[${filter[1]}=(?:${[...values, filter[2] as string].map(literal).join("|")})\\]`;
      }
      return literal(part).replace(/\\\.\\\*(?=\\\.|$)/g, "\\.[^.\\[]+");
    })
    .join("");
  return new RegExp(`^${source}$`);
}

/**
 * The places a scenario's data uses, written as {@link schemaKeys} writes
 * them (mapping keys by name, so `environment.tools.refund`); an object with
 * a string `type` or `kind` is filtered by it.
 */
export function dataPlaces(value: unknown, place = "$", found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) dataPlaces(item, `${place}[]`, found);
    return found;
  }
  if (typeof value !== "object" || value === null) return found;
  const record = value as Record<string, unknown>;
  const tag = ["type", "kind"].find((key) => typeof record[key] === "string");
  const here = tag ? `${place.endsWith("[]") ? place.slice(0, -2) : place}[${tag}=${String(record[tag])}]` : place;
  found.add(here);
  for (const [key, child] of Object.entries(record)) dataPlaces(child, here === "$" ? key : `${here}.${key}`, found);
  return found;
}

/** The fenced examples of a document. */
export function examples(markdown: string): Example[] {
  const lines = markdown.split("\n");
  const found: Example[] = [];
  for (let index = 0; index < lines.length; index++) {
    const fence = /^```(yaml|json)(?: (fragment|invalid))?\s*$/.exec(lines[index] as string);
    if (!fence) {
      if ((lines[index] as string).startsWith("```") && (lines[index] as string).length > 3) index = closing(lines, index);
      continue;
    }
    const end = closing(lines, index);
    const text = `${lines.slice(index + 1, end).join("\n")}\n`;
    const kind = fence[2] === "fragment" ? "fragment" : fence[2] === "invalid" ? "invalid" : "file";
    const example: Example = { kind, language: fence[1] as "yaml" | "json", text, line: index + 2 };
    if (kind === "invalid") {
      let next = end + 1;
      while (lines[next]?.trim() === "") next++;
      if (lines[next] === "```text") {
        const close = closing(lines, next);
        found.push({ ...example, expected: lines.slice(next + 1, close).join("\n") });
        index = close;
        continue;
      }
    }
    found.push(example);
    index = end;
  }
  return found;
}

function closing(lines: readonly string[], open: number): number {
  for (let index = open + 1; index < lines.length; index++) if (lines[index] === "```") return index;
  return lines.length;
}
