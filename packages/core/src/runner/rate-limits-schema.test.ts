import { describe, expect, it } from "vitest";
import { parseConfig } from "./config-schema.js";

const problem = (config: unknown) => {
  try {
    parseConfig(config, "rehearse.config.mjs");
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error("the config was accepted");
};

describe("rateLimits in the config", () => {
  it("accepts limits per model, per provider and by default", () => {
    const rateLimits = {
      "openai:gpt-4.1-mini": { requestsPerMinute: 500, tokensPerMinute: 200_000, maxConcurrency: 8 },
      anthropic: { requestsPerMinute: 50 },
      "azure:eu-gpt-4o": { maxConcurrency: 4 },
      default: { maxConcurrency: 16 },
    };
    expect(parseConfig({ rateLimits }, "configure()")).toEqual({ rateLimits });
  });

  it("names a misspelt provider or model id with the key probably meant", () => {
    expect(problem({ rateLimits: { opnai: { requestsPerMinute: 5 } } })).toBe(
      'rehearse.config.mjs: rateLimits.opnai: unknown key "opnai" (did you mean "openai"?): a model id ("openai:gpt-4.1-mini"), a provider (openai, anthropic, azure, openai-compatible) or default',
    );
    expect(problem({ rateLimits: { "opnai:gpt-4.1-mini": { requestsPerMinute: 5 } } })).toMatch(
      /^rehearse\.config\.mjs: rateLimits\.opnai:gpt-4\.1-mini: unknown provider "opnai".*did you mean openai:gpt-4\.1-mini\?/,
    );
    expect(problem({ rateLimits: { "openai:a | anthropic:b": { requestsPerMinute: 5 } } })).toMatch(
      /rateLimits\.openai:a \| anthropic:b: is a fallback chain: limits are set per model or per provider/,
    );
  });

  it("names a misspelt or missing setting and a value out of range", () => {
    expect(problem({ rateLimits: { openai: { requestsPerMinit: 5 } } })).toBe(
      'rehearse.config.mjs: rateLimits.openai.requestsPerMinit: unknown key "requestsPerMinit" (did you mean "requestsPerMinute"?)',
    );
    expect(problem({ rateLimits: { openai: {} } })).toMatch(
      /rateLimits\.openai: set requestsPerMinute, tokensPerMinute or maxConcurrency/,
    );
    expect(problem({ rateLimits: { openai: { maxConcurrency: 0 } } })).toMatch(/rateLimits\.openai\.maxConcurrency: .*; got 0/);
  });
});

describe("circuitBreaker and providers.azure in the config", () => {
  it("accepts them and names a misspelt key", () => {
    const config = {
      circuitBreaker: { failureThreshold: 3, cooldownMs: 10_000 },
      providers: { azure: { apiKey: "k", resourceName: "contoso", apiVersion: "2024-10-21", useDeploymentBasedUrls: true } },
    };
    expect(parseConfig(config, "configure()")).toEqual(config);
    expect(problem({ circuitBreaker: { failureTreshold: 3 } })).toBe(
      'rehearse.config.mjs: circuitBreaker.failureTreshold: unknown key "failureTreshold" (did you mean "failureThreshold"?)',
    );
    expect(problem({ providers: { azure: { resourceNme: "contoso" } } })).toMatch(
      /providers\.azure\.resourceNme: unknown key "resourceNme" \(did you mean "resourceName"\?\)/,
    );
  });
});
