import { describe, expect, it } from "vitest";
import type { Timer } from "../../domain/timeouts.js";
import { timeoutMiddleware } from "./timeout.js";

/** A timer whose callbacks run when the test says so. */
function manualTimer() {
  const pending: Array<{ callback: () => void; cancelled: boolean }> = [];
  const timer: Timer = {
    now: () => 0,
    after: (_milliseconds, callback) => {
      const entry = { callback, cancelled: false };
      pending.push(entry);
      return () => {
        entry.cancelled = true;
      };
    },
  };
  const fire = () => {
    for (const entry of pending) if (!entry.cancelled) entry.callback();
  };
  return { timer, fire, pending };
}

type Params = { prompt: string; abortSignal?: AbortSignal };

function generate(
  middleware: ReturnType<typeof timeoutMiddleware>,
  params: Params,
  doGenerate: (params: Params) => Promise<unknown>,
) {
  const wrap = middleware.wrapGenerate as unknown as (options: {
    params: Params;
    model: { doGenerate: (params: Params) => Promise<unknown> };
  }) => Promise<unknown>;
  return wrap({ params, model: { doGenerate } });
}

describe("timeoutMiddleware", () => {
  it("passes the call's answer through and cancels its timer", async () => {
    const { timer, pending } = manualTimer();
    const middleware = timeoutMiddleware(1000, { timer, modelKey: "mock:m" });
    const seen: Params[] = [];
    const answer = await generate(middleware, { prompt: "hi" }, async (params) => {
      seen.push(params);
      return "answer";
    });
    expect(answer).toBe("answer");
    expect(seen[0]?.prompt).toBe("hi");
    expect(pending[0]?.cancelled).toBe(true);
  });

  it("at the limit aborts the signal the provider read and rejects naming the model and the limit", async () => {
    const { timer, fire } = manualTimer();
    const middleware = timeoutMiddleware(1500, { timer, modelKey: "openai:gpt-4.1-mini" });
    let signal: AbortSignal | undefined;
    const call = generate(middleware, { prompt: "hi" }, (params) => {
      signal = params.abortSignal;
      return new Promise(() => {});
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(signal).toBeInstanceOf(AbortSignal);
    expect(signal?.aborted).toBe(false);
    fire();
    await expect(call).rejects.toThrow(/openai:gpt-4\.1-mini.*no answer within 1\.5 s \(timeouts\.modelCallMs\)/);
    expect(signal?.aborted).toBe(true);
  });

  it("rejects at the limit when the provider never reads the signal (no signal made)", async () => {
    const { timer, fire } = manualTimer();
    const middleware = timeoutMiddleware(200, { timer, modelKey: "mock:m" });
    const call = generate(middleware, { prompt: "hi" }, () => new Promise(() => {}));
    await Promise.resolve();
    fire();
    await expect(call).rejects.toThrow(/no answer within 200 ms/);
  });

  it("the caller's abort reaches the provider's signal, and a spread of the params keeps the signal", async () => {
    const { timer } = manualTimer();
    const middleware = timeoutMiddleware(1000, { timer, modelKey: "mock:m" });
    const outer = new AbortController();
    let copied: Params | undefined;
    const call = generate(middleware, { prompt: "hi", abortSignal: outer.signal }, (params) => {
      copied = { ...params };
      return new Promise((_, reject) => params.abortSignal?.addEventListener("abort", () => reject(params.abortSignal?.reason)));
    });
    await Promise.resolve();
    await Promise.resolve();
    expect(copied?.abortSignal).toBeInstanceOf(AbortSignal);
    expect(copied?.abortSignal).not.toBe(outer.signal);
    outer.abort(new Error("stop"));
    await expect(call).rejects.toThrow("stop");
    expect(copied?.abortSignal?.aborted).toBe(true);
  });

  it("a signal read after the caller already aborted is aborted at once", async () => {
    const { timer } = manualTimer();
    const middleware = timeoutMiddleware(1000, { timer, modelKey: "mock:m" });
    const outer = new AbortController();
    outer.abort(new Error("already"));
    let aborted: boolean | undefined;
    await generate(middleware, { prompt: "hi", abortSignal: outer.signal }, async (params) => {
      aborted = params.abortSignal?.aborted;
      return "x";
    });
    expect(aborted).toBe(true);
  });
});
