import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createProviderHealth, type ProviderHealth } from "../models/provider-health.js";
import { ask, reply } from "../test-support/asking-agent.js";
import { type FakeProviderServer, startFakeProviderServer } from "../test-support/fake-provider-server.js";
import type { RehearseConfig } from "./config.js";
import type { Logger } from "./logger.js";
import { createRehearse } from "./rehearse.js";

// Fallback chains through the real provider packages, over HTTP to fake providers on 127.0.0.1:
// "openai" fails, "anthropic" and "azure" answer.

const chain = "openai:gpt-4.1-mini | anthropic:claude-haiku-4-5";
const failure = (status: number) => ({ status, body: { error: { message: `fake ${status}` } } });

let openai: FakeProviderServer;
let anthropic: FakeProviderServer;
let azure: FakeProviderServer;
let directory: string;
beforeEach(async () => {
  [openai, anthropic, azure] = await Promise.all([
    startFakeProviderServer({ defaultReply: { text: "from openai" } }),
    startFakeProviderServer({ defaultReply: { text: "from anthropic" } }),
    startFakeProviderServer({ defaultReply: { text: "from azure" } }),
  ]);
  directory = mkdtempSync(join(tmpdir(), "rehearse-routing-"));
});
afterEach(async () => {
  await Promise.all([openai.close(), anthropic.close(), azure.close()]);
  rmSync(directory, { recursive: true, force: true });
});

function logs(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (message: string) => void lines.push(message);
  return { lines, error: keep, warn: keep, info: keep, debug: () => {}, transcript: () => {} };
}

function context(config: RehearseConfig = {}, logger: Logger = logs(), providerHealth?: ProviderHealth) {
  return createRehearse({
    ...(providerHealth ? { providerHealth } : {}),
    cwd: directory,
    configFile: false,
    logger,
    env: {
      OPENAI_API_KEY: "sk-test",
      OPENAI_BASE_URL: `${openai.origin}/v1`,
      ANTHROPIC_API_KEY: "sk-ant-test",
      ANTHROPIC_BASE_URL: `${anthropic.origin}/v1`,
      AZURE_API_KEY: "azure-test",
      AZURE_BASE_URL: `${azure.origin}/openai`,
    },
    config: { retry: { maxAttempts: 2, initialDelayMs: 0 }, circuitBreaker: { failureThreshold: 2, cooldownMs: 300 }, ...config },
  });
}

describe("a fallback chain", () => {
  it("moves on after the first provider's 5xx outlasts its retries; usage and cost name the model that answered", async () => {
    openai.enqueue(failure(500), failure(503));
    const result = await ask(context(), chain);

    expect(result.status).toBe("pass");
    expect(reply(result)).toBe("from anthropic");
    expect(openai.requests).toHaveLength(2);
    expect(anthropic.requests).toHaveLength(1);
    expect(Object.keys(result.usage?.byModel ?? {})).toEqual(["anthropic:claude-haiku-4-5"]);
    expect(result.usage?.byModel["anthropic:claude-haiku-4-5"]).toMatchObject({ calls: 1, inputTokens: 10, outputTokens: 5 });
    expect(result.usage?.byModel["anthropic:claude-haiku-4-5"]?.cost).toBeGreaterThan(0);
  });

  it("reaches Azure OpenAI as a fallback, its usage under azure:<deployment>", async () => {
    openai.enqueue(failure(502), failure(502));
    const logger = logs();
    const result = await ask(context({}, logger), "openai:gpt-4.1-mini | azure:eu-gpt-4o");

    expect(reply(result)).toBe("from azure");
    expect(azure.requests[0]).toMatchObject({ path: "/openai/chat/completions", body: { model: "eu-gpt-4o" } });
    expect(azure.requests[0]?.headers["api-key"]).toBe("azure-test");
    expect(result.usage?.byModel["azure:eu-gpt-4o"]).toMatchObject({ calls: 1, cost: null });
    expect(logger.lines.join("\n")).toMatch(/No price for azure:eu-gpt-4o/);
  });

  it("does not fall back on a 400: another provider would get the same bad request", async () => {
    openai.enqueue(failure(400));
    const result = await ask(context(), chain);

    expect(result.status).toBe("error");
    expect(result.error).toMatch(/openai:gpt-4\.1-mini failed after 1 attempt: HTTP 400/);
    expect(anthropic.requests).toHaveLength(0);
  });

  it("fails naming every link when none answers", async () => {
    openai.enqueue(failure(500), failure(500));
    anthropic.enqueue(failure(529), failure(529));
    const result = await ask(context(), chain);

    expect(result.status).toBe("error");
    expect(result.error).toMatch(
      /openai:gpt-4\.1-mini \| anthropic:claude-haiku-4-5 failed after 4 attempts: no model of the fallback chain answered: openai:gpt-4\.1-mini failed after 2 attempts: HTTP 500.*; anthropic:claude-haiku-4-5 failed after 2 attempts: HTTP 529/,
    );
  });

  it("opens the failing provider's circuit after K failed calls, skips it, then half-opens after the cool-down and closes", async () => {
    openai.enqueue(failure(500), failure(500), failure(500), failure(500));
    const logger = logs();
    const health = createProviderHealth();
    const rehearse = context({}, logger, health);
    for (let run = 0; run < 2; run++) expect(reply(await ask(rehearse, chain))).toBe("from anthropic");
    expect(openai.requests).toHaveLength(4);
    expect(logger.lines.join("\n")).toMatch(
      /openai: circuit open after 2 failed calls in a row; fallback chains skip it for 300 ms/,
    );

    // open: the next call goes straight to anthropic
    expect(reply(await ask(rehearse, chain))).toBe("from anthropic");
    expect(openai.requests).toHaveLength(4);
    // a context given the same ProviderHealth (a worker's next job) skips it too
    expect(reply(await ask(context({}, logs(), health), chain))).toBe("from anthropic");
    expect(openai.requests).toHaveLength(4);
    // another context has its own circuits
    expect(reply(await ask(context(), chain))).toBe("from openai");
    expect(openai.requests).toHaveLength(5);

    await new Promise((resolve) => setTimeout(resolve, 320));
    // half-open: one probe reaches openai, which answers again, and the circuit closes
    const probed = await ask(rehearse, chain);
    expect(reply(probed)).toBe("from openai");
    expect(Object.keys(probed.usage?.byModel ?? {})).toEqual(["openai:gpt-4.1-mini"]);
    expect(reply(await ask(rehearse, chain))).toBe("from openai");
    expect(openai.requests).toHaveLength(7);
  });

  it("falls back at once when the provider asks to wait longer than retry.maxDelayMs, and later calls skip the wait", async () => {
    openai.enqueue({ status: 429, headers: { "retry-after": "600" }, body: { error: { message: "quota" } } });
    const rehearse = context({ rateLimits: { openai: { maxConcurrency: 4 } } });
    const started = performance.now();
    expect(reply(await ask(rehearse, chain))).toBe("from anthropic");
    // the window is blocked for ten minutes: the next call does not sit it out, nor ask openai again
    expect(reply(await ask(rehearse, chain))).toBe("from anthropic");
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(openai.requests).toHaveLength(1);
  });

  it("is recorded under the chain as written, so a replay needs no provider and no key", async () => {
    openai.enqueue(failure(500), failure(500));
    const cassette = { mode: "record" as const, directory: join(directory, "cassettes") };
    const recorded = await ask(context({ cassette }), chain);
    expect(reply(recorded)).toBe("from anthropic");
    await Promise.all([openai.close(), anthropic.close()]);
    [openai, anthropic] = await Promise.all([startFakeProviderServer(), startFakeProviderServer()]);

    const replaying = createRehearse({
      cwd: directory,
      configFile: false,
      env: {},
      config: { cassette: { ...cassette, mode: "replay" } },
    });
    const replayed = await ask(replaying, chain);
    expect(replayed.status).toBe("pass");
    expect(reply(replayed)).toBe("from anthropic");
    expect(replayed.usage?.byModel[chain]).toMatchObject({ calls: 0, replayedCalls: 1, cost: 0 });
    expect([...openai.requests, ...anthropic.requests]).toEqual([]);
  });
});
