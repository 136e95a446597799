import { type Document, parseAllDocuments, type YAMLError } from "yaml";
import { checkAliases } from "./check-aliases.js";
import { findJsonError } from "./find-json-error.js";
import { firstInvalidUtf8Byte, looksBinary } from "./invalid-utf8.js";
import { locateNode, pathOfKeyAt } from "./locate-node.js";
import { formatFieldPath, ScenarioFileError } from "./scenario-file-error.js";

/** 1 MiB: far above any hand-written scenario, far below what hurts memory. */
const defaultMaxBytes = 1024 * 1024;
/** Nodes aliases may add once expanded before a file counts as an alias bomb ("billion laughs"). */
const maxAliasNodes = 5000;

/** 1-based line and column in a scenario file. */
export interface SourcePosition {
  line: number;
  column: number;
}

/** A parsed scenario file: its plain value and a way back from data paths to source positions. */
export interface ScenarioDocument {
  /** Plain JSON-like data (objects, arrays, strings, numbers, booleans, null). */
  value: unknown;
  /** Where the node at `path` starts (for a map entry: its key), or undefined if there is none. */
  locate(path: ReadonlyArray<PropertyKey>): SourcePosition | undefined;
}

/** Options of {@link readScenarioDocument}. */
export interface ReadScenarioDocumentOptions {
  /** Largest accepted file in bytes; default 1 MiB. */
  maxBytes?: number;
}

/**
 * Reads one scenario file strictly: YAML (single document, unique keys, no tab
 * indentation, bounded aliases) or, for `.json` files, JSON with `JSON.parse`
 * semantics plus duplicate-key detection. Throws a {@link ScenarioFileError}
 * naming file, line and field for every problem.
 *
 * @example
 * const document = readScenarioDocument(await readFile(path), path);
 * const where = document.locate(["steps", 2, "type"]); // { line: 9, column: 5 }
 */
export function readScenarioDocument(
  content: string | Uint8Array,
  file: string,
  options: ReadScenarioDocumentOptions = {},
): ScenarioDocument {
  const text = decode(content, file, options.maxBytes ?? defaultMaxBytes);
  if (text.trim() === "") throw new ScenarioFileError("file is empty", { file });
  return /\.json$/i.test(file) ? readJson(text, file) : readYaml(text, file);
}

function decode(content: string | Uint8Array, file: string, maxBytes: number): string {
  const size = typeof content === "string" ? Buffer.byteLength(content, "utf8") : content.byteLength;
  if (size > maxBytes) throw new ScenarioFileError(`file is ${size} bytes, more than the limit of ${maxBytes}`, { file });
  let text: string;
  if (typeof content === "string") text = content;
  else {
    const invalid = firstInvalidUtf8Byte(content);
    if (invalid !== undefined) throw notUtf8(content, invalid, file);
    text = new TextDecoder("utf-8").decode(content);
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) throw new ScenarioFileError("file contains a NUL byte (binary?)", { file, ...positionAt(text, nul) });
  // A byte-order mark is not content; TextDecoder drops it, a string may still carry it.
  return text.startsWith("\uFEFF") ? text.slice(1) : text;
}

/** Binary data has no meaningful line; text in another encoding (Latin-1) is pointed at its first bad byte. */
function notUtf8(content: Uint8Array, offset: number, file: string): ScenarioFileError {
  if (looksBinary(content)) return new ScenarioFileError("file is not valid UTF-8 text (binary?)", { file });
  const before = new TextDecoder("utf-8").decode(content.subarray(0, offset));
  const byte = (content[offset] as number).toString(16).toUpperCase().padStart(2, "0");
  return new ScenarioFileError(`not valid UTF-8: byte 0x${byte} (save the file as UTF-8)`, {
    file,
    ...positionAt(before, before.length),
  });
}

function readYaml(text: string, file: string): ScenarioDocument {
  const parsed = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false });
  const documents: Document[] = Array.isArray(parsed) ? parsed : [parsed];
  const [document, second] = documents;
  if (!document) throw new ScenarioFileError("file contains only comments, no data", { file });
  for (const candidate of documents) {
    const problem = candidate.errors[0] ?? candidate.warnings[0];
    if (problem) throw yamlProblem(problem, candidate, text, file);
  }
  if (second) {
    const start = second.range?.[0];
    throw new ScenarioFileError("file holds more than one YAML document (`---`); use one file per scenario", {
      file,
      ...(start === undefined ? {} : positionAt(text, start)),
    });
  }
  const aliasProblem = checkAliases(document, maxAliasNodes);
  if (aliasProblem) {
    const { problem, path, offset } = aliasProblem;
    throw new ScenarioFileError(problem, { file, field: formatFieldPath(path) || undefined, ...positionAt(text, offset) });
  }
  // checkAliases bounds the expansion exactly; yaml's own (coarser) alias count is off.
  const value: unknown = document.toJS({ maxAliasCount: -1 });
  return { value, locate: (path) => locate(document, text, path) };
}

function readJson(text: string, file: string): ScenarioDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw jsonProblem(text, file, error);
  }
  // JSON is YAML 1.2, so the YAML parser finds the duplicate keys JSON.parse silently drops, and node positions.
  const [document] = parseAllDocuments(text, { uniqueKeys: true, prettyErrors: false }) as Document[];
  const duplicate = document?.errors.find((problem) => problem.code === "DUPLICATE_KEY");
  if (document && duplicate) throw yamlProblem(duplicate, document, text, file);
  return { value, locate: (path) => (document ? locate(document, text, path) : undefined) };
}

/** A located, one-line message for what `JSON.parse` rejected (V8 often names no position and quotes source over lines). */
function jsonProblem(text: string, file: string, error: unknown): ScenarioFileError {
  const found = findJsonError(text);
  if (found)
    return new ScenarioFileError(`invalid JSON: ${found.problem}`, { file, ...positionAt(text, found.offset), cause: error });
  // Not expected (the scanner rejects what JSON.parse rejects); V8's first line is the best left.
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0] ?? "";
  const offset = /at position (\d+)/.exec(message)?.[1];
  const position = offset === undefined ? {} : positionAt(text, Number(offset));
  return new ScenarioFileError(`invalid JSON: ${message}`, { file, ...position, cause: error });
}

function yamlProblem(problem: YAMLError, document: Document, text: string, file: string): ScenarioFileError {
  const offset = problem.pos[0];
  const keyPath = problem.code === "DUPLICATE_KEY" ? pathOfKeyAt(document.contents, offset) : undefined;
  const field = keyPath ? formatFieldPath(keyPath) : undefined;
  const description =
    problem.code === "DUPLICATE_KEY"
      ? "duplicate key (each key may appear once per mapping)"
      : problem.code === "TAB_AS_INDENT"
        ? "tab used for indentation; indent YAML with spaces"
        : problem.message;
  return new ScenarioFileError(description, { file, field, ...positionAt(text, offset), cause: problem });
}

function locate(document: Document, text: string, path: ReadonlyArray<PropertyKey>): SourcePosition | undefined {
  const offset = locateNode(document.contents, path);
  return offset === undefined ? undefined : positionAt(text, offset);
}

/** 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): SourcePosition {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: before.length - lineStart + 1 };
}
