import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { modelKeyOf, parseModelId, parseModelRoute } from "./model-id.js";

describe("parseModelId", () => {
  it("reads the three id forms and gives each a canonical key", () => {
    expect(parseModelId("openai:gpt-4.1-mini")).toEqual({
      provider: "openai",
      model: "gpt-4.1-mini",
      key: "openai:gpt-4.1-mini",
    });
    expect(parseModelId("anthropic:claude-sonnet-4-5")).toMatchObject({ provider: "anthropic", model: "claude-sonnet-4-5" });
    expect(parseModelId("openai-compatible:http://127.0.0.1:11434/v1/#llama3.2:8b")).toEqual({
      provider: "openai-compatible",
      baseURL: "http://127.0.0.1:11434/v1",
      model: "llama3.2:8b",
      key: "openai-compatible:http://127.0.0.1:11434/v1#llama3.2:8b",
    });
  });

  it.each([
    ["gpt-4.1-mini", /no provider prefix/],
    ["openai:", /no model name/],
    ["mistral:large", /unknown provider "mistral"/],
    ["openai-compatible:http://127.0.0.1:11434/v1", /needs "#<model>"/],
    ["openai-compatible:localhost#llama", /no http\(s\) base URL/],
    ["openai-compatible:ftp://host/v1#llama", /no http\(s\) base URL/],
    ["openai-compatible:http://host/v1#", /no model name after "#"/],
  ])("rejects %s with a ConfigError listing the accepted forms", (id, problem) => {
    let caught: unknown;
    try {
      parseModelId(id, { path: "defaultModel", source: "rehearse.config.mjs" });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const error = caught as ConfigError;
    expect(error.message).toMatch(problem);
    expect(error.message).toMatch(/^rehearse\.config\.mjs: defaultModel: /);
    expect(error.message).toContain("openai-compatible:<baseURL>#<model>");
    expect(error).toMatchObject({ code: "invalid_config", path: "defaultModel", source: "rehearse.config.mjs" });
  });

  it("suggests the id that was probably meant", () => {
    expect(() => parseModelId("opnai:gpt-4.1-mini", { path: "defaultModel" })).toThrow(
      /^defaultModel: unknown provider "opnai" in "opnai:gpt-4\.1-mini"; did you mean openai:gpt-4\.1-mini\?/,
    );
  });
});

describe("parseModelRoute", () => {
  it("reads a single id as a chain of one, and a fallback chain in order with its canonical key", () => {
    expect(parseModelRoute("openai:gpt-4.1-mini")).toEqual({
      links: [{ provider: "openai", model: "gpt-4.1-mini", key: "openai:gpt-4.1-mini" }],
      key: "openai:gpt-4.1-mini",
    });
    const route = parseModelRoute("azure:eu|openai-compatible:http://127.0.0.1:8000/v1/#qwen");
    expect(route.links.map((link) => link.key)).toEqual(["azure:eu", "openai-compatible:http://127.0.0.1:8000/v1#qwen"]);
    expect(route.key).toBe("azure:eu | openai-compatible:http://127.0.0.1:8000/v1#qwen");
  });

  it("names the bad link in its ConfigError", () => {
    expect(() => parseModelRoute("openai:a | mistral:large", { source: "judge", path: "model" })).toThrow(
      /^judge: model: link 2 of 2 \("mistral:large"\) of the fallback chain "openai:a \| mistral:large": unknown provider "mistral"/,
    );
  });

  it("is refused where one model id is needed", () => {
    expect(() => parseModelId("openai:a | anthropic:b", { path: "model" })).toThrow(
      /^model: "openai:a \| anthropic:b" is a fallback chain; one model id is needed here/,
    );
  });
});

describe("modelKeyOf", () => {
  it("drops the API suffix of the provider name", () => {
    expect(modelKeyOf({ provider: "openai.chat", modelId: "gpt-4.1-mini" })).toBe("openai:gpt-4.1-mini");
    expect(modelKeyOf({ provider: "mock-provider", modelId: "m" })).toBe("mock-provider:m");
  });
});
