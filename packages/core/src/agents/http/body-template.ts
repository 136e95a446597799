import { ConfigError } from "../../domain/errors.js";

/** The names a template may use, in the order error messages list them. */
export const PLACEHOLDER_NAMES = ["message", "messages", "history", "threadId", "sessionId"] as const;

/** A placeholder name: `{{message}}`, `{{messages}}`, `{{history}}`, `{{threadId}}`, `{{sessionId}}`. */
export type PlaceholderName = (typeof PLACEHOLDER_NAMES)[number];

/** The value of every placeholder for one call. */
export type TemplateValues = Readonly<Record<PlaceholderName, unknown>>;

/** A compiled template: renders a fresh value for each call. */
export type Template<Value = unknown> = (values: TemplateValues) => Value;

type Piece = string | { name: PlaceholderName };

/**
 * Compiles a JSON body template. Strings may hold `{{name}}` placeholders: a
 * string that is exactly one placeholder becomes the value itself (a list
 * stays a list), a placeholder inside longer text is written as text (JSON
 * for lists and objects). Object keys are not templated. Unknown names and
 * non-JSON values are `ConfigError`s naming the place, thrown when the agent
 * is made.
 *
 * @example
 * ```ts
 * const render = compileTemplate({ input: "{{message}}", context: { history: "{{history}}" } }, "body");
 * render(values); // { input: "hi", context: { history: [{ role: "user", content: "hi" }] } }
 * ```
 */
export function compileTemplate(template: unknown, option: string, factory = "httpAgent"): Template {
  if (typeof template === "string") {
    const pieces = parsePieces(template, option, factory);
    const [only] = pieces;
    if (pieces.length === 1 && only !== undefined && typeof only !== "string") return (values) => values[only.name];
    return textRenderer(pieces, (text) => text);
  }
  if (Array.isArray(template)) {
    const items = template.map((item, index) => compileTemplate(item, `${option}[${index}]`, factory));
    return (values) => items.map((item) => item(values));
  }
  if (isPlainObject(template)) {
    const entries = Object.entries(template).map(
      ([key, value]) => [key, compileTemplate(value, childPath(option, key), factory)] as const,
    );
    return (values) => Object.fromEntries(entries.map(([key, render]) => [key, render(values)]));
  }
  if (template === null || template === undefined || typeof template === "number" || typeof template === "boolean") {
    return () => template;
  }
  throw new ConfigError(
    `${factory}: ${option} is ${typeof template === "object" ? `a ${template.constructor?.name ?? "non-plain object"}` : `a ${typeof template}`}; a template must be JSON (objects, lists, strings, numbers, booleans, null)`,
    { source: `${factory}()`, path: option },
  );
}

/**
 * Compiles a text template (a header value, a URL): every placeholder is
 * written as text, passed through `encode` (e.g. `encodeURIComponent` for a
 * URL).
 */
export function compileTextTemplate(
  template: string,
  option: string,
  encode: (text: string) => string = (text) => text,
  factory = "httpAgent",
): Template<string> {
  if (typeof template !== "string") {
    throw new ConfigError(`${factory}: ${option} must be a string, got ${typeof template}`, {
      source: `${factory}()`,
      path: option,
    });
  }
  return textRenderer(parsePieces(template, option, factory), encode);
}

function parsePieces(text: string, option: string, factory: string): Piece[] {
  const pieces: Piece[] = [];
  let position = 0;
  while (position < text.length) {
    const open = text.indexOf("{{", position);
    if (open < 0) break;
    const close = text.indexOf("}}", open + 2);
    if (close < 0) {
      throw new ConfigError(`${factory}: unclosed placeholder in ${option} (a "{{" without "}}"): ${JSON.stringify(text)}`, {
        source: `${factory}()`,
        path: option,
      });
    }
    const name = text.slice(open + 2, close).trim();
    if (!isPlaceholderName(name)) {
      throw new ConfigError(`${factory}: unknown placeholder {{${name}}} in ${option}; known: ${PLACEHOLDER_NAMES.join(", ")}`, {
        source: `${factory}()`,
        path: option,
      });
    }
    if (open > position) pieces.push(text.slice(position, open));
    pieces.push({ name });
    position = close + 2;
  }
  if (position < text.length) pieces.push(text.slice(position));
  return pieces;
}

function textRenderer(pieces: readonly Piece[], encode: (text: string) => string): Template<string> {
  if (pieces.every((piece) => typeof piece === "string")) {
    const constant = pieces.join("");
    return () => constant;
  }
  return (values) => pieces.map((piece) => (typeof piece === "string" ? piece : encode(asText(values[piece.name])))).join("");
}

function asText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function isPlaceholderName(name: string): name is PlaceholderName {
  return (PLACEHOLDER_NAMES as readonly string[]).includes(name);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

function childPath(option: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${option}.${key}` : `${option}[${JSON.stringify(key)}]`;
}
