import { generateText } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { type FakeProviderServer, startFakeProviderServer } from "../test-support/fake-provider-server.js";
import { textResult } from "../testing/mock-models.js";
import { createModelRegistry, wrapModel } from "./registry.js";

let server: FakeProviderServer;
beforeEach(async () => {
  server = await startFakeProviderServer({ defaultReply: { text: "ok" } });
});
afterEach(() => server.close());

function moduleNotFound(specifier: string): Error {
  return Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/index.js`), {
    code: "ERR_MODULE_NOT_FOUND",
  });
}

describe("createModelRegistry", () => {
  it("lets config values win over the environment", async () => {
    const registry = createModelRegistry({
      env: { OPENAI_API_KEY: "from-env", OPENAI_BASE_URL: "http://127.0.0.1:9/unused" },
      providers: { openai: { apiKey: "from-config", baseURL: `${server.origin}/v1`, headers: { "x-team": "qa" } } },
    });
    const model = await registry.resolve("openai:gpt-4.1-mini");
    await generateText({ model, prompt: "Hi", maxRetries: 0 });

    expect(server.requests[0]?.headers).toMatchObject({ authorization: "Bearer from-config", "x-team": "qa" });
  });

  it("fails before any request when the API key is missing, naming the env var", async () => {
    const imported: string[] = [];
    const registry = createModelRegistry({
      env: { OPENAI_BASE_URL: `${server.origin}/v1`, ANTHROPIC_API_KEY: "  " },
      importer: (specifier) => {
        imported.push(specifier);
        return import(specifier);
      },
    });

    await expect(registry.resolve("openai:gpt-4.1-mini")).rejects.toThrow(
      /openai:gpt-4.1-mini needs an API key: set the OPENAI_API_KEY/,
    );
    const error = await registry.resolve("anthropic:claude-sonnet-4-5").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ source: "ANTHROPIC_API_KEY", path: "providers.anthropic.apiKey" });
    expect(imported).toEqual([]);
    expect(server.requests).toEqual([]);
    await expect(
      registry.resolve("openai:gpt-4.1-mini", { source: "rehearse.config.mjs", path: "defaultModel" }),
    ).rejects.toThrow(/^rehearse\.config\.mjs: defaultModel: openai:gpt-4\.1-mini needs an API key/);
  });

  it("names the package and the install command when a provider package is missing", async () => {
    const registry = createModelRegistry({
      env: { OPENAI_API_KEY: "sk-test" },
      importer: (specifier) => Promise.reject(moduleNotFound(specifier)),
    });
    const error = await registry.resolve("openai:gpt-4.1-mini").catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain("@ai-sdk/openai is not installed");
    expect((error as ConfigError).message).toContain("npm install @ai-sdk/openai@^3");
    await expect(
      createModelRegistry({ env: {}, importer: (specifier) => Promise.reject(moduleNotFound(specifier)) }).resolve(
        "openai-compatible:http://127.0.0.1:1/v1#m",
      ),
    ).rejects.toThrow("npm install @ai-sdk/openai-compatible@^2");
    await expect(
      createModelRegistry({ env: {}, importer: (specifier) => Promise.reject(moduleNotFound(specifier)) }).resolve(
        "openai-compatible:http://127.0.0.1:1/v1#m",
        { source: "REHEARSE_DEFAULT_MODEL" },
      ),
    ).rejects.toThrow(/^REHEARSE_DEFAULT_MODEL: the model provider package @ai-sdk\/openai-compatible is not installed/);
  });

  it("names the install command when the installed package is an unsupported version", async () => {
    const registry = createModelRegistry({ env: { OPENAI_API_KEY: "k" }, importer: async () => ({ openai: () => ({}) }) });
    await expect(registry.resolve("openai:gpt-4.1-mini")).rejects.toThrow(
      "@ai-sdk/openai does not export createOpenAI: install a supported version: npm install @ai-sdk/openai@^3",
    );
  });

  it("passes other import failures through unchanged", async () => {
    const broken = new SyntaxError("Unexpected token");
    const registry = createModelRegistry({ env: { OPENAI_API_KEY: "k" }, importer: () => Promise.reject(broken) });
    await expect(registry.resolve("openai:gpt-4.1-mini")).rejects.toBe(broken);
  });

  it("rejects malformed ids with the caller's field path", async () => {
    const registry = createModelRegistry({ env: {} });
    await expect(registry.resolve("gpt-4o", { path: "defaultModel", source: "configure()" })).rejects.toMatchObject({
      path: "defaultModel",
      message: expect.stringMatching(/^configure\(\): defaultModel: "gpt-4o" has no provider prefix/),
    });
  });

  it("loads each package once and caches providers and models", async () => {
    const imported: string[] = [];
    const registry = createModelRegistry({
      env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${server.origin}/v1` },
      importer: (specifier) => {
        imported.push(specifier);
        return import(specifier);
      },
    });
    const [first, again] = await Promise.all([registry.resolve("openai:gpt-4.1-mini"), registry.resolve("openai:gpt-4.1-mini")]);
    const other = await registry.resolve("openai:gpt-4.1");

    expect(first).toBe(again);
    expect(other).not.toBe(first);
    expect(other.modelId).toBe("gpt-4.1");
    expect(imported).toEqual(["@ai-sdk/openai"]);
  });

  it("uses the injected fetch", async () => {
    const urls: string[] = [];
    const registry = createModelRegistry({
      env: {},
      fetch: (input, init) => {
        urls.push(String(input));
        return fetch(input, init);
      },
    });
    const model = await registry.resolve(`openai-compatible:${server.origin}/v1#llama3.2`);
    await generateText({ model, prompt: "Hi", maxRetries: 0 });
    expect(urls).toEqual([`${server.origin}/v1/chat/completions`]);
  });
});

describe("wrapModel", () => {
  it("applies middleware with the first one outermost", async () => {
    const order: string[] = [];
    const tag = (name: string) => ({
      specificationVersion: "v3" as const,
      wrapGenerate: async ({ doGenerate }: { doGenerate: () => PromiseLike<unknown> }) => {
        order.push(`${name} in`);
        const result = await doGenerate();
        order.push(`${name} out`);
        return result as never;
      },
    });
    const base = new MockLanguageModelV3({ doGenerate: async () => textResult("done") });
    const model = await wrapModel(base, [tag("outer"), tag("inner")]);
    expect((await generateText({ model, prompt: "Hi" })).text).toBe("done");
    expect(order).toEqual(["outer in", "inner in", "inner out", "outer out"]);
    expect(await wrapModel(base, [])).toBe(base);
  });
});
