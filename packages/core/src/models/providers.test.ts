import { generateText, tool } from "ai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { type FakeProviderServer, startFakeProviderServer } from "../test-support/fake-provider-server.js";
import { createModelRegistry } from "./registry.js";

// Each provider path goes through its real package to the fake on 127.0.0.1.
let server: FakeProviderServer;
beforeEach(async () => {
  server = await startFakeProviderServer();
});
afterEach(() => server.close());

const weather = { weather: tool({ description: "Weather in a city", inputSchema: z.object({ city: z.string() }) }) };
const askWeather = { tools: weather, toolChoice: { type: "tool", toolName: "weather" } as const };

function registry(env: Record<string, string>) {
  return createModelRegistry({ env });
}

describe("openai: ids", () => {
  it("call Chat Completions at OPENAI_BASE_URL with the key from OPENAI_API_KEY", async () => {
    server.enqueue({ text: "Hello from OpenAI" });
    const model = await registry({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${server.origin}/v1` }).resolve(
      "openai:gpt-4.1-mini",
    );
    const result = await generateText({ model, system: "Be brief.", prompt: "Hi", maxRetries: 0 });

    expect(result.text).toBe("Hello from OpenAI");
    const [request] = server.requests;
    expect(request).toMatchObject({ method: "POST", path: "/v1/chat/completions" });
    expect(request?.headers.authorization).toBe("Bearer sk-test");
    expect(request?.body).toMatchObject({
      model: "gpt-4.1-mini",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
      ],
    });
  });

  it("return tool calls and send the forced tool choice", async () => {
    server.enqueue({ toolCall: { name: "weather", input: { city: "Lisbon" } } });
    const model = await registry({ OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${server.origin}/v1` }).resolve(
      "openai:gpt-4.1-mini",
    );
    const result = await generateText({ model, prompt: "Weather in Lisbon?", maxRetries: 0, ...askWeather });

    expect(result.toolCalls).toMatchObject([{ toolName: "weather", input: { city: "Lisbon" } }]);
    expect(server.requests[0]?.body).toMatchObject({
      tool_choice: { type: "function", function: { name: "weather" } },
      tools: [{ type: "function", function: { name: "weather" } }],
    });
  });
});

describe("anthropic: ids", () => {
  it("call the Messages API at ANTHROPIC_BASE_URL with x-api-key", async () => {
    server.enqueue({ text: "Hello from Claude" });
    const env = { ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: `${server.origin}/v1` };
    const model = await registry(env).resolve("anthropic:claude-sonnet-4-5");
    const result = await generateText({ model, system: "Be brief.", prompt: "Hi", maxRetries: 0 });

    expect(result.text).toBe("Hello from Claude");
    const [request] = server.requests;
    expect(request?.path).toBe("/v1/messages");
    expect(request?.headers["x-api-key"]).toBe("sk-ant-test");
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toMatchObject({
      model: "claude-sonnet-4-5",
      system: [{ type: "text", text: "Be brief." }],
      messages: [{ role: "user", content: [{ type: "text", text: "Hi" }] }],
    });
  });

  it("return tool calls and send the forced tool choice", async () => {
    server.enqueue({ toolCall: { name: "weather", input: { city: "Oslo" } } });
    const env = { ANTHROPIC_API_KEY: "sk-ant-test", ANTHROPIC_BASE_URL: `${server.origin}/v1` };
    const model = await registry(env).resolve("anthropic:claude-sonnet-4-5");
    const result = await generateText({ model, prompt: "Weather in Oslo?", maxRetries: 0, ...askWeather });

    expect(result.toolCalls).toMatchObject([{ toolName: "weather", input: { city: "Oslo" } }]);
    expect(server.requests[0]?.body).toMatchObject({
      tool_choice: { type: "tool", name: "weather" },
      tools: [{ name: "weather" }],
    });
  });
});

describe("openai-compatible: ids", () => {
  it("call the base URL in the id, without a key when none is set", async () => {
    server.enqueue({ text: "Hello from llama" });
    const model = await registry({}).resolve(`openai-compatible:${server.origin}/v1#llama3.2`);
    const result = await generateText({ model, prompt: "Hi", maxRetries: 0 });

    expect(result.text).toBe("Hello from llama");
    expect(server.requests[0]).toMatchObject({ path: "/v1/chat/completions", body: { model: "llama3.2" } });
    expect(server.requests[0]?.body).toMatchObject({ messages: [{ role: "user", content: "Hi" }] });
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it("send OPENAI_COMPATIBLE_API_KEY and return tool calls", async () => {
    server.enqueue({ toolCall: { name: "weather", input: { city: "Quito" } } });
    const model = await registry({ OPENAI_COMPATIBLE_API_KEY: "local-key" }).resolve(
      `openai-compatible:${server.origin}/v1#qwen3`,
    );
    const result = await generateText({ model, prompt: "Weather in Quito?", maxRetries: 0, ...askWeather });

    expect(result.toolCalls).toMatchObject([{ toolName: "weather", input: { city: "Quito" } }]);
    expect(server.requests[0]?.headers.authorization).toBe("Bearer local-key");
    expect(server.requests[0]?.body).toMatchObject({
      model: "qwen3",
      tool_choice: { type: "function", function: { name: "weather" } },
    });
  });
});

describe("azure: ids", () => {
  it("call the deployment's Chat Completions at AZURE_BASE_URL with the api-key header", async () => {
    server.enqueue({ text: "Hello from Azure" });
    const env = { AZURE_API_KEY: "azure-key", AZURE_BASE_URL: `${server.origin}/openai` };
    const model = await registry(env).resolve("azure:eu-gpt-4o");
    const result = await generateText({ model, system: "Be brief.", prompt: "Hi", maxRetries: 0 });

    expect(result.text).toBe("Hello from Azure");
    const [request] = server.requests;
    expect(request).toMatchObject({ method: "POST", path: "/openai/chat/completions" });
    expect(request?.headers["api-key"]).toBe("azure-key");
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.body).toMatchObject({
      model: "eu-gpt-4o",
      messages: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "Hi" },
      ],
    });
  });

  it("build the resource's URL from AZURE_RESOURCE_NAME, and deployment URLs with providers.azure settings", async () => {
    const urls: string[] = [];
    // the resource's real host is not reachable here: the URL is recorded, the request goes to the fake
    const fetchToFake: typeof fetch = (input, init) => {
      const url = new URL(String(input instanceof Request ? input.url : input));
      urls.push(url.toString());
      return fetch(`${server.origin}${url.pathname}${url.search}`, init);
    };
    server.enqueue({ text: "one" }, { text: "two" });
    const byResource = createModelRegistry({ env: { AZURE_API_KEY: "k", AZURE_RESOURCE_NAME: "contoso" }, fetch: fetchToFake });
    await generateText({ model: await byResource.resolve("azure:prod"), prompt: "Hi", maxRetries: 0 });
    const byDeployment = createModelRegistry({
      env: {},
      providers: { azure: { apiKey: "k", resourceName: "contoso", apiVersion: "2024-10-21", useDeploymentBasedUrls: true } },
      fetch: fetchToFake,
    });
    await generateText({ model: await byDeployment.resolve("azure:prod"), prompt: "Hi", maxRetries: 0 });

    expect(urls).toEqual([
      "https://contoso.openai.azure.com/openai/v1/chat/completions?api-version=v1",
      "https://contoso.openai.azure.com/openai/deployments/prod/chat/completions?api-version=2024-10-21",
    ]);
  });

  it("reject a missing key or a missing resource name with the variable to set", async () => {
    await expect(registry({ AZURE_RESOURCE_NAME: "contoso" }).resolve("azure:prod")).rejects.toThrow(
      /azure:prod needs an API key: set the AZURE_API_KEY environment variable \(or providers\.azure\.apiKey/,
    );
    await expect(registry({ AZURE_API_KEY: "k" }).resolve("azure:prod")).rejects.toThrow(
      /azure:prod needs the Azure OpenAI resource: set AZURE_RESOURCE_NAME \(or providers\.azure\.resourceName\) or AZURE_BASE_URL/,
    );
  });
});
