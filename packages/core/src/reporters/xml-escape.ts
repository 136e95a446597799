/**
 * Characters XML 1.0 does not allow at all (C0 controls other than tab, line
 * feed and carriage return; lone surrogates; U+FFFE/U+FFFF): removed, since
 * no escape makes them legal and a CI parser rejects the whole file for one.
 */
const forbidden =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are removed
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** `text` without the characters XML 1.0 forbids. */
export function xmlClean(text: string): string {
  return text.replace(forbidden, "");
}

/**
 * `text` fit for a double-quoted XML attribute: special characters escaped,
 * line breaks and tabs as character references so parsers keep them.
 *
 * @example
 * xmlAttribute('a "b" <c>\n'); // "a &quot;b&quot; &lt;c&gt;&#10;"
 */
export function xmlAttribute(text: string): string {
  return xmlClean(text)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;")
    .replace(/\n/g, "&#10;")
    .replace(/\r/g, "&#13;")
    .replace(/\t/g, "&#9;");
}

/**
 * `text` as a CDATA section; a `]]>` inside is split across two sections so
 * it cannot end the first one early.
 *
 * @example
 * xmlCdata("a ]]> b"); // "<![CDATA[a ]]]]><![CDATA[> b]]>"
 */
export function xmlCdata(text: string): string {
  return `<![CDATA[${xmlClean(text).replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}
