import type { PiiKind } from "./pii-patterns.js";

/** The kinds of credentials redaction recognises by their shape (credential-patterns.ts). */
export type CredentialKind =
  | "private_key"
  | "jwt"
  | "url_password"
  | "slack_webhook"
  | "anthropic_key"
  | "openai_key"
  | "github_token"
  | "slack_token"
  | "stripe_key"
  | "google_api_key"
  | "aws_access_key"
  | "aws_secret_key"
  | "rehearse_key"
  | "bearer_token";

/**
 * What redaction replaces: a credential recognised by its shape, personal
 * data (`PiiKind`), or `secret` — the value of a field or label whose name
 * says it is a secret (`password`, `apiKey`, `authorization`, …).
 */
export type RedactionKind = CredentialKind | "secret" | PiiKind;

/**
 * The word of each kind's placeholder, `[<LABEL>_<n>]`. One line per kind, so
 * a kind without a label does not compile.
 */
export const PLACEHOLDER_LABELS: Readonly<Record<RedactionKind, string>> = {
  private_key: "PRIVATE_KEY",
  jwt: "JWT",
  url_password: "PASSWORD",
  slack_webhook: "SLACK_WEBHOOK",
  anthropic_key: "ANTHROPIC_KEY",
  openai_key: "OPENAI_KEY",
  github_token: "GITHUB_TOKEN",
  slack_token: "SLACK_TOKEN",
  stripe_key: "STRIPE_KEY",
  google_api_key: "GOOGLE_API_KEY",
  aws_access_key: "AWS_KEY",
  aws_secret_key: "AWS_SECRET",
  rehearse_key: "REHEARSE_KEY",
  bearer_token: "BEARER_TOKEN",
  secret: "SECRET",
  email: "EMAIL",
  phone: "PHONE",
  card: "CARD",
  iban: "IBAN",
  us_ssn: "US_SSN",
  uk_nino: "UK_NINO",
};

/** Every `RedactionKind`. */
export const REDACTION_KINDS = Object.keys(PLACEHOLDER_LABELS) as readonly RedactionKind[];

const labels = [...new Set(Object.values(PLACEHOLDER_LABELS))].sort((left, right) => right.length - left.length);

/**
 * A placeholder as redaction writes it: `[EMAIL_1]`, `[OPENAI_KEY_12]`, or
 * without a number (`[CARD]`) where a value could not be matched to one.
 * The first group is the label, the second the number.
 */
export const PLACEHOLDER_PATTERN = new RegExp(`\\[(${labels.join("|")})(?:_(\\d+))?\\]`, "g");

const WHOLE_PLACEHOLDER = new RegExp(`^${PLACEHOLDER_PATTERN.source}$`);

/** True when `text` is exactly one placeholder (`[SECRET_3]`). */
export function isPlaceholder(text: string): boolean {
  return WHOLE_PLACEHOLDER.test(text);
}
