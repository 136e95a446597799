import { describe, expect, it } from "vitest";
import { ConfigError } from "../../domain/errors.js";
import { compileTemplate, compileTextTemplate, type TemplateValues } from "./body-template.js";

const values: TemplateValues = {
  message: "hi there",
  messages: [{ role: "user", content: "hi there" }],
  history: [
    { role: "system", content: "s" },
    { role: "user", content: "hi there" },
  ],
  threadId: "thread-1",
  sessionId: "session-9",
};

describe("compileTemplate", () => {
  it("replaces a string that is exactly one placeholder by the value itself", () => {
    const render = compileTemplate({ input: "{{message}}", conversation: "{{ messages }}", all: ["{{history}}"] }, "body");
    expect(render(values)).toEqual({ input: "hi there", conversation: values.messages, all: [values.history] });
  });

  it("interpolates placeholders inside longer strings as text (JSON for lists)", () => {
    const render = compileTemplate({ prompt: "[{{threadId}}/{{sessionId}}] {{message}}", dump: "m={{messages}}" }, "body");
    expect(render(values)).toEqual({
      prompt: "[thread-1/session-9] hi there",
      dump: 'm=[{"role":"user","content":"hi there"}]',
    });
  });

  it("keeps other JSON values and keys as they are, rendering afresh each call", () => {
    const render = compileTemplate({ "{{message}}": 1, flag: true, none: null, list: [1, "x"] }, "body");
    const first = render(values);
    expect(first).toEqual({ "{{message}}": 1, flag: true, none: null, list: [1, "x"] });
    expect(render(values)).not.toBe(first);
    expect(compileTemplate("{{message}}", "body")(values)).toBe("hi there");
  });

  it("rejects an unknown placeholder at compile time, naming where it is and the known names", () => {
    const attempt = () => compileTemplate({ input: "{{foo}}" }, "body");
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(
      "httpAgent: unknown placeholder {{foo}} in body.input; known: message, messages, history, threadId, sessionId",
    );
    expect(() => compileTemplate({ list: ["ok", { "a b": "x {{ bar }}" }] }, "body")).toThrow(
      'unknown placeholder {{bar}} in body.list[1]["a b"]',
    );
  });

  it("rejects an unclosed placeholder and values that are not JSON", () => {
    expect(() => compileTemplate({ input: "{{message}" }, "body")).toThrow(
      'unclosed placeholder in body.input (a "{{" without "}}")',
    );
    expect(() => compileTemplate({ when: new Date(0) }, "body")).toThrow(
      "httpAgent: body.when is a Date; a template must be JSON",
    );
    expect(() => compileTemplate({ run: () => 1 }, "body")).toThrow("body.run is a function");
  });
});

describe("compileTextTemplate", () => {
  it("writes every placeholder as text through the encoder", () => {
    expect(compileTextTemplate("Session {{sessionId}}", "headers.x")(values)).toBe("Session session-9");
    expect(compileTextTemplate("{{messages}}", "headers.x")(values)).toBe('[{"role":"user","content":"hi there"}]');
    expect(compileTextTemplate("http://h/chat?q={{message}}", "url", encodeURIComponent)(values)).toBe(
      "http://h/chat?q=hi%20there",
    );
  });

  it("rejects unknown placeholders", () => {
    expect(() => compileTextTemplate("{{token}}", 'headers["x-token"]')).toThrow(
      'unknown placeholder {{token}} in headers["x-token"]',
    );
  });
});
