import { describe, expect, it } from "vitest";
import { RehearseError } from "../../domain/errors.js";
import { EXCERPT_LIMIT, excerpt, HttpAgentError, secretValues } from "./http-failure.js";

describe("HttpAgentError", () => {
  it("is an agent_failed RehearseError carrying status, url and excerpt", () => {
    const error = new HttpAgentError("boom", { url: "http://127.0.0.1:1/x", status: 503, bodyExcerpt: "down" });
    expect(RehearseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ code: "agent_failed", name: "HttpAgentError", status: 503, url: "http://127.0.0.1:1/x" });
    expect(error.bodyExcerpt).toBe("down");
  });
});

describe("excerpt", () => {
  it("keeps short text, collapsing whitespace", () => {
    expect(excerpt("  service\n\n  unavailable ")).toBe("service unavailable");
  });

  it("cuts long text to at most 300 characters, ending with an ellipsis", () => {
    const cut = excerpt("x".repeat(1000));
    expect(cut).toHaveLength(EXCERPT_LIMIT);
    expect(cut.endsWith("…")).toBe(true);
  });

  it("redacts secrets before cutting", () => {
    expect(excerpt('{"echo":"Bearer sk-123 and sk-123"}', ["Bearer sk-123", "sk-123"])).toBe(
      '{"echo":"[redacted] and [redacted]"}',
    );
  });
});

describe("secretValues", () => {
  it("lists credential header values and the bare token, longest first", () => {
    expect(
      secretValues({ Authorization: "Bearer sk-abc", "x-api-key": "k1", "content-type": "application/json", "X-Trace": "t" }),
    ).toEqual(["Bearer sk-abc", "sk-abc", "k1"]);
  });
});
