import type { CredentialKind } from "./redaction-kinds.js";
import type { ValuePattern } from "./scan-text.js";

const hasDigit = (value: string): boolean => /\d/.test(value);

/** OpenAI keys are random: a run of letters and dashes after `sk-` (`sk-this-is-not-a-key`) is prose. */
function looksRandom(value: string): boolean {
  const body = value.replace(/^sk-(?:proj-|svcacct-|admin-)?/, "");
  return hasDigit(body) && /[A-Za-z]/.test(body);
}

/** A JWT's first part is base64url JSON naming its algorithm (`{"alg":"HS256",…}`). */
function hasJwtHeader(value: string): boolean {
  const header = value.slice(0, value.indexOf("."));
  try {
    const decoded: unknown = JSON.parse(atob(header.replace(/-/g, "+").replace(/_/g, "/")));
    return typeof decoded === "object" && decoded !== null && typeof (decoded as { alg?: unknown }).alg === "string";
  } catch {
    return false;
  }
}

/** Documentation stand-ins (`****`, `${DB_PASSWORD}`, `<password>`) are not secrets. */
export function isRealValue(value: string): boolean {
  return !/^(?:[$<{%[]|\*+$|x+$|(?:null|undefined|true|false|none|redacted)$)/i.test(value);
}

/**
 * Credentials by their shape, most specific first (a JWT inside
 * `Bearer …` is a JWT; `sk-ant-…` is Anthropic's before OpenAI's `sk-…`).
 * The shapes follow secretlint's rule set, loosened where a test key of the
 * right prefix should still be caught (OpenAI and Anthropic keys of any
 * length from 20 characters, with a digit), and tightened where prose
 * could match (`Bearer` and Slack tokens need a digit).
 */
export const CREDENTIAL_PATTERNS: readonly ValuePattern<CredentialKind>[] = [
  {
    // BEGIN … END, or cut short: the BEGIN line and the base64 lines after it
    kind: "private_key",
    hint: "PRIVATE KEY",
    pattern:
      /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----(?:[\s\S]*?-----END \1PRIVATE KEY\2-----|(?:(?:\s|\\[nr])*[A-Za-z0-9+/=]{16,})*)/g,
  },
  {
    kind: "jwt",
    hint: "eyJ",
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g,
    accept: hasJwtHeader,
  },
  // the password of `scheme://user:password@host`; the user name stays
  {
    kind: "url_password",
    hint: "://",
    pattern: /(?<=\b[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:@/?#]+:)[^\s@/?#]+(?=@)/g,
    accept: isRealValue,
  },
  {
    kind: "slack_webhook",
    hint: "hooks.slack.com",
    pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/+-]{8,}/g,
  },
  { kind: "anthropic_key", hint: "sk-ant-", pattern: /(?<![A-Za-z0-9_-])sk-ant-[A-Za-z0-9_-]{20,}/g },
  {
    kind: "openai_key",
    hint: "sk-",
    pattern: /(?<![A-Za-z0-9_-])sk-(?!ant-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}/g,
    accept: looksRandom,
  },
  {
    kind: "github_token",
    hint: "_",
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
  },
  { kind: "slack_token", hint: "xox", pattern: /(?<![A-Za-z0-9-])xox[abposr]-[0-9A-Za-z-]{10,}/g, accept: hasDigit },
  { kind: "stripe_key", hint: "k_", pattern: /(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,99}(?![A-Za-z0-9])/g },
  { kind: "google_api_key", hint: "AIza", pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g },
  {
    kind: "aws_access_key",
    hint: /\d/,
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  },
  // 40 characters are too common to take unlabelled: only after `aws_secret_access_key=`, `"SecretAccessKey": "`…
  {
    kind: "aws_secret_key",
    hint: /key/i,
    pattern:
      /(?<=(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?\s*(?::|=>|=)\s*["']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])/gi,
  },
  // Rehearse's own API keys: rh_<env>_<43 base62>_<6 base62 checksum> (the server's api-key-format.ts)
  {
    kind: "rehearse_key",
    hint: "rh_",
    pattern: /(?<![A-Za-z0-9_])rh_[a-z]{1,8}_[0-9A-Za-z]{43}_[0-9A-Za-z]{6}(?![A-Za-z0-9_])/g,
  },
  { kind: "bearer_token", hint: "earer", pattern: /(?<=\b[Bb]earer\s+)[A-Za-z0-9._~+/-]{8,}=*/g, accept: hasDigit },
];
