import { xmlClean } from "./xml-escape.js";

const replacements: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * `text` safe inside HTML element content and quoted attribute values: the
 * five special characters escaped and control characters removed. Every
 * piece of scenario content (messages, names, reasoning) goes through it:
 * it is untrusted and must show as text, never run.
 *
 * @example
 * escapeHtml('"><img src=x onerror=alert(1)>'); // "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"
 */
export function escapeHtml(text: unknown): string {
  return xmlClean(String(text ?? "")).replace(/[&<>"']/g, (character) => replacements[character] ?? character);
}

/** A token safe as an attribute value or CSS class: letters, digits, `_` and `-` only. */
export function htmlToken(text: string): string {
  return text.replace(/[^A-Za-z0-9_-]/g, "_");
}
