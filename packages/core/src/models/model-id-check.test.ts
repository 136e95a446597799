import { describe, expect, it } from "vitest";
import { checkModelId } from "./model-id-check.js";

describe("checkModelId", () => {
  it("accepts the id forms and gives the parsed id", () => {
    expect(checkModelId("openai:gpt-4.1-mini")).toEqual({
      ok: true,
      id: { provider: "openai", model: "gpt-4.1-mini", key: "openai:gpt-4.1-mini" },
      fallbacks: [],
      key: "openai:gpt-4.1-mini",
    });
    expect(checkModelId("azure:my-gpt-4o-deployment")).toMatchObject({
      ok: true,
      id: { provider: "azure", model: "my-gpt-4o-deployment", key: "azure:my-gpt-4o-deployment" },
    });
    expect(checkModelId("anthropic:claude-sonnet-4-5")).toMatchObject({ ok: true, id: { provider: "anthropic" } });
    expect(checkModelId("openai-compatible:http://127.0.0.1:11434/v1#llama3.2")).toMatchObject({
      ok: true,
      id: { provider: "openai-compatible", baseURL: "http://127.0.0.1:11434/v1", model: "llama3.2" },
    });
  });

  it.each([
    ["opnai:gpt-4.1-mini", /unknown provider "opnai"/, "openai:gpt-4.1-mini"],
    ["OpenAI:gpt-4.1-mini", /unknown provider "OpenAI"/, "openai:gpt-4.1-mini"],
    ["antropic:claude-sonnet-4-5", /unknown provider "antropic"/, "anthropic:claude-sonnet-4-5"],
    ["openai-compat:http://127.0.0.1:8000/v1#qwen", /unknown provider "openai-compat"/, undefined],
    ["openai_compatible:http://127.0.0.1:8000/v1#qwen", /unknown provider/, "openai-compatible:http://127.0.0.1:8000/v1#qwen"],
    ["ollama:llama3.2", /unknown provider "ollama"/, "openai-compatible:http://127.0.0.1:11434/v1#llama3.2"],
    ["azur:prod-gpt-4o", /unknown provider "azur"/, "azure:prod-gpt-4o"],
    ["openai/gpt-4.1-mini", /no provider prefix/, "openai:gpt-4.1-mini"],
    ["gpt-4.1-mini", /no provider prefix/, "openai:gpt-4.1-mini"],
    ["claude-sonnet-4-5", /no provider prefix/, "anthropic:claude-sonnet-4-5"],
    ["openai: gpt-4.1-mini", /spaces around the model name/, "openai:gpt-4.1-mini"],
  ])("rejects %s, suggesting what was probably meant", (text, problem, suggestion) => {
    const check = checkModelId(text);
    if (check.ok) throw new Error(`expected ${text} to be rejected`);
    expect(check.message).toMatch(problem);
    expect(check.suggestion).toBe(suggestion);
    if (suggestion) expect(check.message).toContain(`did you mean ${suggestion}?`);
    else expect(check.message).not.toContain("did you mean");
    expect(check.message).toContain("openai-compatible:<baseURL>#<model>");
  });

  it.each([
    ["mistral:large", /unknown provider "mistral"/],
    ["openai:", /no model name after "openai:"/],
    ["openai-compatible:http://127.0.0.1:11434/v1", /needs "#<model>"/],
    ["openai-compatible:localhost#llama", /no http\(s\) base URL/],
    ["openai-compatible:http://host/v1#", /no model name after "#"/],
    ["", /empty/],
  ])("rejects %s without a guess when nothing is close", (text, problem) => {
    const check = checkModelId(text);
    expect(check).toMatchObject({ ok: false, suggestion: undefined });
    if (!check.ok) expect(check.message).toMatch(problem);
  });

  it("accepts an ordered fallback chain: the first choice, the fallbacks and one canonical key", () => {
    const check = checkModelId("openai:gpt-4.1-mini |anthropic:claude-3-5-haiku-latest|  azure:eu-gpt-4o");
    expect(check).toEqual({
      ok: true,
      id: { provider: "openai", model: "gpt-4.1-mini", key: "openai:gpt-4.1-mini" },
      fallbacks: [
        { provider: "anthropic", model: "claude-3-5-haiku-latest", key: "anthropic:claude-3-5-haiku-latest" },
        { provider: "azure", model: "eu-gpt-4o", key: "azure:eu-gpt-4o" },
      ],
      key: "openai:gpt-4.1-mini | anthropic:claude-3-5-haiku-latest | azure:eu-gpt-4o",
    });
  });

  it.each([
    [
      "openai:gpt-4.1-mini | antropic:claude-3-5-haiku-latest",
      /link 2 of 2 \("antropic:claude-3-5-haiku-latest"\)/,
      "openai:gpt-4.1-mini | anthropic:claude-3-5-haiku-latest",
    ],
    ["openai:gpt-4.1-mini | ", /link 2 of 2 is empty/, undefined],
    ["openai:gpt-4.1-mini | openai:gpt-4.1-mini", /names openai:gpt-4\.1-mini twice/, "openai:gpt-4.1-mini"],
  ])("rejects the chain %s, naming the bad link", (text, problem, suggestion) => {
    const check = checkModelId(text);
    if (check.ok) throw new Error(`expected ${text} to be rejected`);
    expect(check.message).toMatch(problem);
    expect(check.suggestion).toBe(suggestion);
  });

  it("rejects what is not a string, naming its type", () => {
    expect(checkModelId(42)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/expected a model id string, got number/),
    });
  });
});
