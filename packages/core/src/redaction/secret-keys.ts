import { isRealValue } from "./credential-patterns.js";
import type { ValuePattern } from "./scan-text.js";

/**
 * Names of fields whose value is a secret whatever it looks like. A key
 * matches when, lower-cased without `-` and `_`, it equals one of these or
 * ends with one (`clientSecret`, `x-api-key`, `set-cookie`, `openaiApiKey`,
 * `csrfToken`); `inputTokens` does not (it ends with `tokens`).
 */
export const SECRET_KEY_NAMES: readonly string[] = [
  "authorization",
  "apiKey",
  "password",
  "passwd",
  "passphrase",
  "secret",
  "secretKey",
  "token",
  "accessToken",
  "refreshToken",
  "cookie",
  "set-cookie",
  "x-api-key",
  "clientSecret",
  "privateKey",
];

/** Lower-cased without `-`, `_` and spaces: `X-Api-Key`, `api_key` and `apiKey` are one name. */
export function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_ ]/g, "");
}

/** Whether a field named `key` holds a secret, for these (normalised) names. */
export function namesSecret(key: string, names: readonly string[]): boolean {
  const normal = normaliseKey(key);
  return names.some((name) => normal.endsWith(name));
}

const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The same rule inside text, where a secret's label is written next to it:
 * a JSON or dict field in a string (a tool call's `arguments`, a logged
 * request: `"password":"…"`, `'token': '…'`), an assignment (`API_KEY=…`,
 * `?token=…`, `--password=…`) and a header or YAML line (`Authorization: Basic …`,
 * `password: …`). The value alone is replaced; it needs 4 or more characters
 * after `=` or `:` and is never a stand-in such as `${TOKEN}` or `****`.
 */
export function labelledSecretPatterns(names: readonly string[]): ValuePattern<"secret">[] {
  // each name with an optional `-` or `_` between its letters: api_key, api-key, apiKey
  const key = `[A-Za-z0-9_-]*(?:${names.map((name) => [...name].map(escapeRegex).join("[-_]?")).join("|")})`;
  const quoted = (quote: string) =>
    new RegExp(
      `(?<=\\\\?${quote}${key}\\\\?${quote}\\s*:\\s*\\\\?${quote})[^${quote}\\\\]+(?:\\\\[^${quote}][^${quote}\\\\]*)*`,
      "gi",
    );
  return [
    { kind: "secret", pattern: quoted('"'), accept: isRealValue, hint: '"' },
    { kind: "secret", pattern: quoted("'"), accept: isRealValue, hint: "'" },
    {
      kind: "secret",
      pattern: new RegExp(`(?<=${key}[ \\t]*=[ \\t]*["']?)[^\\s"'&;,]{4,}`, "gi"),
      accept: isRealValue,
      hint: "=",
    },
    {
      kind: "secret",
      pattern: new RegExp(
        `(?<=(?:^|["'])[ \\t]*(?:[-*][ \\t]+)?${key}[ \\t]*:[ \\t]*)(?:(?:basic|bearer|token|digest)[ \\t]+)?[^\\s"',;]{4,}`,
        "gim",
      ),
      accept: isRealValue,
      hint: ":",
    },
  ];
}
