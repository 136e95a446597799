import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryRateLimitStore, type RateLimitStore } from "../models/rate-limit-store.js";
import { ask, reply } from "../test-support/asking-agent.js";
import { type FakeProviderServer, startFakeProviderServer } from "../test-support/fake-provider-server.js";
import type { RehearseConfig } from "./config.js";
import { createRehearse } from "./rehearse.js";

// Rate limits on model calls through the real OpenAI provider package, over HTTP to a fake on 127.0.0.1.

const model = "openai:gpt-4.1-mini";
const tooMany = (headers: Record<string, string>) => ({
  status: 429,
  headers,
  body: { error: { message: "slow down" } },
  delayMs: 0,
});

let openai: FakeProviderServer;
afterEach(() => openai.close());

function context(config: RehearseConfig, rateLimitStore?: RateLimitStore) {
  return createRehearse({
    configFile: false,
    env: { OPENAI_API_KEY: "sk-test", OPENAI_BASE_URL: `${openai.origin}/v1` },
    config: { retry: { maxAttempts: 2, initialDelayMs: 0 }, ...config },
    ...(rateLimitStore ? { rateLimitStore } : {}),
  });
}

/** A memory store, and a promise settled once something blocked a key in it (a 429 was handled). */
function signallingBlocks(): { store: RateLimitStore; block: Promise<void> } {
  const memory = createMemoryRateLimitStore();
  let blocked = () => {};
  const block = new Promise<void>((resolve) => {
    blocked = resolve;
  });
  return { store: { ...memory, block: (...args) => memory.block(...args).then(blocked) }, block };
}

describe("rate limits on model calls", () => {
  beforeEach(async () => {
    openai = await startFakeProviderServer({ defaultReply: { text: "ok" } });
  });

  it("a 429's Retry-After makes the call, and every context sharing the store, wait that long", async () => {
    const { store, block } = signallingBlocks();
    const rateLimits = { openai: { maxConcurrency: 4 } };
    openai.enqueue(tooMany({ "retry-after": "1" }));
    const first = ask(context({ rateLimits }, store), model);
    await block;
    // another context (another worker, say) that never saw the 429 waits out the same block
    const second = ask(context({ rateLimits }, store), model);
    const results = await Promise.all([first, second]);

    expect(results.map(reply)).toEqual(["ok", "ok"]);
    const [limited, ...later] = openai.requests;
    expect(later).toHaveLength(2);
    for (const request of later) expect(request.receivedAt - (limited?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it("without a shared store, another context does not wait (the control)", async () => {
    const { store, block } = signallingBlocks();
    const rateLimits = { openai: { maxConcurrency: 4 } };
    openai.enqueue(tooMany({ "retry-after": "1" }));
    const first = ask(context({ rateLimits }, store), model);
    await block;
    await ask(context({ rateLimits }, createMemoryRateLimitStore()), model);
    expect(openai.requests[1]?.receivedAt ?? 0).toBeLessThan((openai.requests[0]?.receivedAt ?? 0) + 900);
    await first;
  });

  it("requests per minute are counted in the store every context given it shares", async () => {
    let now = 0;
    const memory = createMemoryRateLimitStore({ now: () => now });
    const waits: number[] = [];
    // the store's clock jumps over each wait it asks for, so the test need not sit out a minute
    const store: RateLimitStore = {
      ...memory,
      async consume(key, points, window) {
        const waitMs = await memory.consume(key, points, window);
        if (waitMs > 0) {
          waits.push(waitMs);
          now += waitMs;
          return 1;
        }
        return 0;
      },
    };
    const rateLimits = { "openai:gpt-4.1-mini": { requestsPerMinute: 2 } };
    expect(reply(await ask(context({ rateLimits }, store), model, 2))).toBe("ok ok");
    expect(waits).toEqual([]);
    expect(reply(await ask(context({ rateLimits }, store), model))).toBe("ok");
    expect(waits).toEqual([60_000]);
  });

  it("halves the concurrency on 429s and grows it back by one per success (AIMD)", async () => {
    await openai.close();
    openai = await startFakeProviderServer({ defaultReply: { text: "ok" }, delayMs: 150 });
    const rehearse = context({ rateLimits: { openai: { maxConcurrency: 4 } } });
    openai.enqueue(...Array.from({ length: 4 }, () => tooMany({ "retry-after-ms": "100" })));
    expect(reply(await ask(rehearse, model, 4))).toBe("ok ok ok ok");
    const retries = openai.requests.slice(4);
    expect(retries).toHaveLength(4);
    // four 429s halved the limit once, to 2: the four retries went two at a time
    expect(Math.max(...retries.map((request) => request.inFlight))).toBe(2);

    // four successes later the limit is back at 4
    expect(reply(await ask(rehearse, model, 4))).toBe("ok ok ok ok");
    expect(Math.max(...openai.requests.slice(8).map((request) => request.inFlight))).toBe(4);
  });
});
