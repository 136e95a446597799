import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { createRedactor } from "./redactor.js";
import { FAKE } from "./test-support/fake-secrets.js";

describe("createRedactor: personal data (findPii's patterns)", () => {
  it("replaces each kind with its placeholder", () => {
    const text =
      "Mail jane.doe@example.com, call +44 20 7946 0958, card 4111 1111 1111 1111, " +
      "IBAN GB82 WEST 1234 5698 7654 32, SSN 123-45-6789, NI AB 12 34 56 C.";
    expect(createRedactor().redactText(text).text).toBe(
      "Mail [EMAIL_1], call [PHONE_1], card [CARD_1], IBAN [IBAN_1], SSN [US_SSN_1], NI [UK_NINO_1].",
    );
  });

  it("leaves a card number failing Luhn, order ids, dates and versions", () => {
    const text = "card 4111 1111 1111 1112, order ORD-2024-0001, on 2024-01-15, v10.4.12";
    expect(createRedactor().redactText(text)).toEqual({ text, findings: [] });
  });

  it("reports what it replaced and where, never the value", () => {
    const { findings } = createRedactor().redactText(`to jo@x.example with ${FAKE.openai}`);
    expect(findings).toEqual([
      { kind: "email", placeholder: "[EMAIL_1]", start: 3, end: 15 },
      { kind: "openai_key", placeholder: "[OPENAI_KEY_1]", start: 21, end: 21 + FAKE.openai.length },
    ]);
    expect(JSON.stringify(findings)).not.toContain("jo@x.example");
  });
});

describe("createRedactor: placeholders", () => {
  it("gives a value the same placeholder in every text and value of the redactor, and other values other numbers", () => {
    const redactor = createRedactor();
    expect(redactor.redactText("from ana@shop.example to bo@shop.example").text).toBe("from [EMAIL_1] to [EMAIL_2]");
    expect(redactor.redactText(`bo@shop.example again, card 5555 5555 5555 4444, key ${FAKE.openai}`).text).toBe(
      "[EMAIL_2] again, card [CARD_1], key [OPENAI_KEY_1]",
    );
    expect(redactor.redactValue({ cc: ["ana@shop.example", "cy@shop.example"] })).toEqual({ cc: ["[EMAIL_1]", "[EMAIL_3]"] });
    expect(redactor.counts()).toEqual({ email: 3, card: 1, openai_key: 1 });
  });

  it("numbers by first appearance, the same way every time", () => {
    const texts = ["b@x.example then a@x.example", "a@x.example, 4111 1111 1111 1111"];
    const once = () => {
      const redactor = createRedactor();
      return texts.map((text) => redactor.redactText(text).text);
    };
    expect(once()).toEqual(["[EMAIL_1] then [EMAIL_2]", "[EMAIL_2], [CARD_1]"]);
    expect(once()).toEqual(once());
    expect(createRedactor().redactText("a@x.example").text).toBe("[EMAIL_1]");
  });

  it("is idempotent: redacted text comes back unchanged, and placeholders in the input keep their numbers", () => {
    const redactor = createRedactor();
    const value = {
      reply: `Card 4111 1111 1111 1111, mail jo@x.example, key ${FAKE.openai}, Authorization: Bearer ab12cd34ef56`,
      headers: { authorization: "Basic dXNlcjpwYXNz", cookie: { session: "s1" } },
    };
    const once = redactor.redactValue(value);
    expect(redactor.redactValue(once)).toEqual(once);
    expect(createRedactor().redactValue(once)).toEqual(once);
    // a fresh redactor (the server at ingest) numbers new values after the placeholders it meets
    expect(createRedactor().redactText("[EMAIL_1] wrote to new@x.example").text).toBe("[EMAIL_1] wrote to [EMAIL_2]");
  });
});

describe("createRedactor: fields named as secrets", () => {
  it("replaces the whole value of a secret field at any depth, whatever its shape, case and spelling", () => {
    const input = {
      model: "gpt-4.1",
      providerOptions: { openai: { headers: { "X-Api-Key": "abc", Authorization: "Bearer zz" }, apiKey: FAKE.openai } },
      request: [{ API_KEY: 12345 }, { password: { old: "a", new: "b" } }, { refresh_token: ["t1", "t2"] }],
      clientSecret: "shh",
      "set-cookie": "sid=1",
      privateKey: "pk",
      nested: { accessToken: "tok", note: "ordinary" },
    };
    expect(createRedactor().redactValue(input)).toEqual({
      model: "gpt-4.1",
      providerOptions: {
        openai: { headers: { "X-Api-Key": "[SECRET_1]", Authorization: "[SECRET_2]" }, apiKey: "[OPENAI_KEY_1]" },
      },
      request: [{ API_KEY: "[SECRET_3]" }, { password: "[SECRET_4]" }, { refresh_token: "[SECRET_5]" }],
      clientSecret: "[SECRET_6]",
      "set-cookie": "[SECRET_7]",
      privateKey: "[SECRET_8]",
      nested: { accessToken: "[SECRET_9]", note: "ordinary" },
    });
  });

  it("keeps flags, empty values and keys, shares unchanged parts and never modifies its input", () => {
    const input = {
      isSecret: true,
      token: null,
      password: "",
      usage: { inputTokens: 12, outputTokens: 3 },
      list: ["plain"],
      to: "jo@x.example",
    };
    const frozen = structuredClone(input);
    const output = createRedactor().redactValue(input);
    expect(output).toEqual({ ...frozen, to: "[EMAIL_1]" });
    expect(input).toEqual(frozen);
    expect(output.usage).toBe(input.usage);
    expect(output.list).toBe(input.list);
    const untouched = { a: { b: ["c"] } };
    expect(createRedactor().redactValue(untouched)).toBe(untouched);
  });

  it("keyPaths adds field names, matched the same way in values and in text", () => {
    const redactor = createRedactor({ keyPaths: ["sessionId"] });
    expect(redactor.redactValue({ session_id: "s-1", sessionIdle: 5, body: '{"sessionId":"abc123"}' })).toEqual({
      session_id: "[SECRET_1]",
      sessionIdle: 5,
      body: '{"sessionId":"[SECRET_2]"}',
    });
  });

  it("keeps an own __proto__ field as a field", () => {
    const input = JSON.parse('{"__proto__":{"password":"x"},"to":"jo@x.example"}') as Record<string, unknown>;
    const output = createRedactor().redactValue(input);
    expect(Object.getPrototypeOf(output)).toBe(Object.prototype);
    expect(JSON.stringify(output)).toBe('{"__proto__":{"password":"[SECRET_1]"},"to":"[EMAIL_1]"}');
  });
});

describe("createRedactor: options", () => {
  it("never replaces allowed values, whatever their formatting", () => {
    const redactor = createRedactor({ allow: ["Support@Shop.example", "+44 20 7946 0958"] });
    expect(redactor.redactText("Write support@shop.example or jo@x.example, call +44 (20) 7946-0958").text).toBe(
      "Write support@shop.example or [EMAIL_1], call +44 (20) 7946-0958",
    );
    expect(redactor.redactValue({ password: "support@shop.example" })).toEqual({ password: "support@shop.example" });
  });

  it("kinds limits what is replaced; the other kinds still keep their text from being misread", () => {
    const redactor = createRedactor({ kinds: ["email", "openai_key"] });
    expect(redactor.redactText(`jo@x.example 4111 1111 1111 1111 ${FAKE.openai} IBAN GB82 WEST 1234 5698 7654 32`).text).toBe(
      "[EMAIL_1] 4111 1111 1111 1111 [OPENAI_KEY_1] IBAN GB82 WEST 1234 5698 7654 32",
    );
    expect(redactor.redactValue({ password: "hunter2" })).toEqual({ password: "hunter2" });
  });

  it("rejects an unknown kind and an empty key name", () => {
    expect(() => createRedactor({ kinds: ["passport" as never] })).toThrow(ConfigError);
    expect(() => createRedactor({ keyPaths: ["-"] })).toThrow(/keyPaths/);
  });
});
