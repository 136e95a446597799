import { describe, expect, it } from "vitest";
import { createRedactor } from "./redactor.js";
import { FAKE } from "./test-support/fake-secrets.js";

const redact = (text: string): string => createRedactor().redactText(text).text;

// Each shape: what must be replaced, and near misses that must not be.
describe("credential shapes", () => {
  it.each([
    ["OpenAI project key", `key ${FAKE.openai} end`, "key [OPENAI_KEY_1] end"],
    ["OpenAI legacy key", `OPENAI=${FAKE.openaiLegacy}`, "OPENAI=[OPENAI_KEY_1]"],
    ["Anthropic key (not taken for OpenAI's)", `use ${FAKE.anthropic}.`, "use [ANTHROPIC_KEY_1]."],
    ["Google API key", `maps?key=${FAKE.google}&x=1`, "maps?key=[GOOGLE_API_KEY_1]&x=1"],
    ["GitHub personal token", `token ${FAKE.github}`, "token [GITHUB_TOKEN_1]"],
    ["GitHub app token", `(${FAKE.githubApp})`, "([GITHUB_TOKEN_1])"],
    ["GitHub fine-grained token", FAKE.githubFineGrained, "[GITHUB_TOKEN_1]"],
    ["Slack bot token", `slack ${FAKE.slackBot}`, "slack [SLACK_TOKEN_1]"],
    ["Slack webhook URL", `post to ${FAKE.slackWebhook} now`, "post to [SLACK_WEBHOOK_1] now"],
    ["Stripe secret key", `stripe ${FAKE.stripe}`, "stripe [STRIPE_KEY_1]"],
    ["Stripe restricted key", FAKE.stripeRestricted, "[STRIPE_KEY_1]"],
    ["AWS access key id", `id ${FAKE.awsAccessKey}, session ${FAKE.awsSessionKey}`, "id [AWS_KEY_1], session [AWS_KEY_2]"],
    ["AWS secret key, labelled", `aws_secret_access_key = ${FAKE.awsSecret}`, "aws_secret_access_key = [AWS_SECRET_1]"],
    ["AWS secret key in JSON", `{"SecretAccessKey": "${FAKE.awsSecret}"}`, '{"SecretAccessKey": "[AWS_SECRET_1]"}'],
    ["JWT", `session ${FAKE.jwt} ok`, "session [JWT_1] ok"],
    ["JWT after Bearer", `Authorization: Bearer ${FAKE.jwt}`, "Authorization: Bearer [JWT_1]"],
    ["Bearer token", "curl -H 'Authorization: Bearer 9f8e7d6c5b4a3210'", "curl -H 'Authorization: Bearer [BEARER_TOKEN_1]'"],
    ["PEM private key", `key:\n${FAKE.privateKey}\nthanks`, "key:\n[PRIVATE_KEY_1]\nthanks"],
    [
      "PEM private key cut short",
      "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\nBKcwggSjAgEAAoIBAQC7 (truncated)",
      "[PRIVATE_KEY_1] (truncated)",
    ],
    ["PEM private key in escaped JSON", JSON.stringify(FAKE.privateKey), '"[PRIVATE_KEY_1]"'],
    ["Rehearse API key", `REHEARSE_API_KEY=${FAKE.rehearse}`, "REHEARSE_API_KEY=[REHEARSE_KEY_1]"],
    [
      "URL password",
      "postgres://admin:s3cr3t-pw@db.example.com:5432/app",
      "postgres://admin:[PASSWORD_1]@db.example.com:5432/app",
    ],
  ])("%s", (_name, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    ["words after sk-", "the sk-this-is-not-a-real-key-at-all flag"],
    ["sk- inside a word", "task-1234567890abcdefghijklmnop"],
    ["a short sk- id", "sk-abc123"],
    ["a short AIza", "AIzaSyA12345"],
    ["a short ghp_", "ghp_abc123"],
    ["an unknown gh prefix", "ghx_abcdefghijklmnopqrstuvwxyz0123456789"],
    ["xoxb without a digit", "xoxb-abcdefghijklmnop"],
    ["the Slack site", "see https://hooks.slack.com/ for webhooks"],
    ["an unknown Stripe mode", "sk_prod_51Habcdefghijklmnop0123"],
    ["AKIA inside a longer token", `X${FAKE.awsAccessKey}9`],
    ["40 characters without a label", FAKE.awsSecret],
    ["dotted base64 without a JWT header", "eyJub3QganNvbiBhdCBhbGw.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"],
    ["a JWT-like header without alg", "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiIxIn0.c2lnbmF0dXJl"],
    ["a public key", "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA\n-----END PUBLIC KEY-----"],
    ["Bearer as a word", "Send a Bearer token-based header; the bearer of this letter"],
    ["a short rh_ key", "rh_live_abc123"],
    ["a URL without a password", "https://api.example.com:8443/v1 and https://example.com/a:b@c"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable as written in docs, not a template
    ["a URL password stand-in", "postgres://admin:${DB_PASSWORD}@db/app or mysql://root:****@db"],
  ])("leaves %s alone", (_name, text) => {
    expect(redact(text)).toBe(text);
  });
});

describe("labelled secrets in text", () => {
  it.each([
    ["a JSON field", '{"user":"jo","password":"hunter2!"}', '{"user":"jo","password":"[SECRET_1]"}'],
    ["escaped JSON", '{\\"apiKey\\":\\"abcd1234\\"}', '{\\"apiKey\\":\\"[SECRET_1]\\"}'],
    ["a dict", "{'client_secret': 'abcd1234'}", "{'client_secret': '[SECRET_1]'}"],
    ["an assignment", "export DB_PASSWORD=hunter22", "export DB_PASSWORD=[SECRET_1]"],
    ["a query string", "/reset?token=abc123xyz&next=/", "/reset?token=[SECRET_1]&next=/"],
    ["a command-line flag", "login --password=hunter22 --user jo", "login --password=[SECRET_1] --user jo"],
    ["a header line", "X-Api-Key: abcd1234\nAccept: */*", "X-Api-Key: [SECRET_1]\nAccept: */*"],
    ["Basic authorization", "Authorization: Basic dXNlcjpwYXNz", "Authorization: [SECRET_1]"],
    ["a YAML line", "db:\n  password: hunter22\n  host: db", "db:\n  password: [SECRET_1]\n  host: db"],
  ])("%s", (_name, text, expected) => {
    expect(redact(text)).toBe(expected);
  });

  it.each([
    ["a count ending in tokens", "max_tokens=4096, inputTokens: 12"],
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable as written in docs, not a template
    ["a stand-in", 'password=${DB_PASSWORD} token: **** {"apiKey":"<your key>"}'],
    ["a comparison", "if (token == null) return"],
    ["prose", "The password must have 8 characters. Keep your API key secret; a token: is required."],
  ])("leaves %s alone", (_name, text) => {
    expect(redact(text)).toBe(text);
  });
});

describe("ordinary text", () => {
  it("is left exactly as it was", () => {
    const texts = [
      "Your order ORD-2024-0001 ships on 2024-01-15 and costs $1,299.99.",
      "Request 123e4567-e89b-12d3-a456-426614174000 failed at 1718000000000 ms.",
      "Fixed in 9fceb02d0ae598e95dc970b74767f19372d61af8 (short 9fceb02), released as v10.4.12.",
      "Connect to 192.168.0.1:8080 or https://api.example.com/v1/users?page=2.",
      "I can't share another customer's details, but I can reset your password if you like.",
      "Tracking 1Z999AA10123456784; call extension 4471.",
    ];
    for (const text of texts) expect(redact(text), text).toBe(text);
  });
});
