/**
 * A small, strict XML 1.0 parser for tests: it throws on anything that is
 * not well-formed (unclosed or mismatched tags, raw `<` or `&` in text or
 * attributes, unknown entities, duplicate attributes, characters XML
 * forbids, text after the root), so a test that parses a report proves a CI
 * tool would accept it. No DTDs, namespaces are kept as plain names.
 */

/** An element: its attributes (decoded), child elements, and its text (decoded, CDATA included). */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const nameStart = /[A-Za-z_:]/;
const namePart = /[A-Za-z0-9_:.-]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding forbidden control characters is the point
const forbidden = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Parses `source`, returning the root element; throws `SyntaxError` naming the offset on any well-formedness error. */
export function parseXml(source: string): XmlElement {
  const bad = forbidden.exec(source);
  if (bad) throw new SyntaxError(`forbidden character U+${bad[0].charCodeAt(0).toString(16)} at ${bad.index}`);
  let at = 0;
  const fail = (message: string): never => {
    throw new SyntaxError(`${message} at offset ${at}: ${JSON.stringify(source.slice(at, at + 40))}`);
  };
  const startsWith = (text: string) => source.startsWith(text, at);
  const skipSpace = () => {
    while (at < source.length && /\s/.test(source[at] ?? "")) at++;
  };
  const skipMisc = () => {
    for (;;) {
      skipSpace();
      if (!startsWith("<!--")) return;
      const end = source.indexOf("-->", at + 4);
      if (end < 0) fail("unclosed comment");
      at = end + 3;
    }
  };
  const readName = (): string => {
    const start = at;
    if (!nameStart.test(source[at] ?? "")) fail("expected a name");
    while (at < source.length && namePart.test(source[at] ?? "")) at++;
    return source.slice(start, at);
  };
  const decode = (raw: string, where: string): string =>
    raw.replace(/&([^;]*);?/g, (match, body: string) => {
      if (!match.endsWith(";")) return fail(`bare & in ${where}`);
      const named: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
      if (body in named) return named[body] as string;
      const numeric = /^#(x[0-9A-Fa-f]+|[0-9]+)$/.exec(body);
      if (!numeric) return fail(`unknown entity &${body}; in ${where}`);
      const code = body[1] === "x" ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      const character = String.fromCodePoint(code);
      if (forbidden.test(character) || code === 0) fail(`forbidden character reference &${body};`);
      return character;
    });
  const readElement = (): XmlElement => {
    if (!startsWith("<")) fail("expected an element");
    at++;
    const name = readName();
    const attributes: Record<string, string> = {};
    for (;;) {
      const before = at;
      skipSpace();
      if (startsWith("/>")) {
        at += 2;
        return { name, attributes, children: [], text: "" };
      }
      if (startsWith(">")) {
        at++;
        break;
      }
      if (at === before) fail("expected whitespace before an attribute");
      const attribute = readName();
      if (attribute in attributes) fail(`duplicate attribute ${attribute}`);
      skipSpace();
      if (!startsWith("=")) fail("expected =");
      at++;
      skipSpace();
      const quote = source[at];
      if (quote !== '"' && quote !== "'") return fail("expected a quoted attribute value");
      const end = source.indexOf(quote, at + 1);
      if (end < 0) fail("unclosed attribute value");
      const raw = source.slice(at + 1, end);
      if (raw.includes("<")) fail("raw < in an attribute value");
      attributes[attribute] = decode(raw, `attribute ${attribute}`);
      at = end + 1;
    }
    const element: XmlElement = { name, attributes, children: [], text: "" };
    for (;;) {
      if (at >= source.length) fail(`unclosed element <${name}>`);
      if (startsWith("</")) {
        at += 2;
        const closing = readName();
        if (closing !== name) fail(`</${closing}> closes <${name}>`);
        skipSpace();
        if (!startsWith(">")) fail("expected >");
        at++;
        return element;
      }
      if (startsWith("<![CDATA[")) {
        const end = source.indexOf("]]>", at + 9);
        if (end < 0) fail("unclosed CDATA section");
        element.text += source.slice(at + 9, end);
        at = end + 3;
      } else if (startsWith("<!--")) {
        skipMisc();
      } else if (startsWith("<")) {
        element.children.push(readElement());
      } else {
        const end = source.indexOf("<", at);
        const raw = source.slice(at, end < 0 ? source.length : end);
        if (raw.includes("]]>")) fail("]]> in text");
        element.text += decode(raw, `text of <${name}>`);
        at += raw.length;
      }
    }
  };
  if (startsWith("<?xml")) {
    const end = source.indexOf("?>");
    if (end < 0) fail("unclosed XML declaration");
    at = end + 2;
  }
  skipMisc();
  const root = readElement();
  skipMisc();
  if (at !== source.length) fail("content after the root element");
  return root;
}

/** Every element named `name` under `root` (depth first, `root` included). */
export function findAll(root: XmlElement, name: string): XmlElement[] {
  const found = root.name === name ? [root] : [];
  for (const child of root.children) found.push(...findAll(child, name));
  return found;
}
