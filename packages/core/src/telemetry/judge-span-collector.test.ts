import { describe, expect, it } from "vitest";
import { JudgeSpanCollector } from "./judge-span-collector.js";
import type { FinishedSpan } from "./span-types.js";

/** A finished span as an SDK would hand it over (only what the collector reads). */
function span(spanId: string, parentId?: string, attributes: Record<string, unknown> = {}, name = spanId): FinishedSpan {
  return {
    name,
    kind: 0,
    spanContext: () => ({ traceId: "t".repeat(32), spanId, traceFlags: 1 }),
    ...(parentId ? { parentSpanContext: { spanId: parentId } } : {}),
    startTime: [1, 0],
    endTime: [2, 0],
    status: { code: 0 },
    attributes,
    events: [],
  };
}

const ids = (spans: FinishedSpan[]) => spans.map((one) => one.spanContext().spanId);

describe("JudgeSpanCollector", () => {
  it("gives each thread the spans under the span that names it, started here or arriving finished", () => {
    const collector = new JudgeSpanCollector();
    const root = span("root", undefined, { "langwatch.thread.id": "thread-a" });
    const child = span("child", "root");
    const other = span("other", undefined, { "gen_ai.conversation.id": "thread-b" });
    collector.onStart(root);
    collector.onStart(child);
    collector.onStart(other);
    collector.onEnd(child);
    collector.onEnd(root);
    collector.onEnd(other);
    // a remote span whose parent is known
    collector.receive([span("remote", "child")], { quietMs: 0, maxMs: 0 });
    expect(ids(collector.getSpansForThread("thread-a"))).toEqual(["child", "root", "remote"]);
    expect(ids(collector.getSpansForThread("thread-b"))).toEqual(["other"]);
  });

  it("adopts spans that arrived before their parent was known, and forgets a thread when cleared", () => {
    const collector = new JudgeSpanCollector();
    collector.receive([span("grandchild", "remote-child"), span("remote-child", "call")], { quietMs: 0, maxMs: 0 });
    expect(collector.size).toBe(2);
    const call = span("call", undefined, { "langwatch.thread.id": "thread-a" });
    collector.onStart(call);
    collector.onEnd(call);
    expect(ids(collector.getSpansForThread("thread-a")).sort()).toEqual(["call", "grandchild", "remote-child"]);
    collector.clearSpansForThread("thread-a");
    expect(collector.getSpansForThread("thread-a")).toEqual([]);
    expect(collector.size).toBe(0);
    // a child of a forgotten span has no thread any more
    collector.onEnd(span("late", "call"));
    expect(collector.getSpansForThread("thread-a")).toEqual([]);
  });

  it("keeps a bounded number of spans of no thread", () => {
    const collector = new JudgeSpanCollector();
    for (let index = 0; index < 5_000; index++) collector.onEnd(span(`noise-${index}`));
    expect(collector.size).toBeLessThanOrEqual(2_000);
  });

  it("makes judges wait for spans from outside only while a receiver is open", async () => {
    const collector = new JudgeSpanCollector();
    // settles before anything else can happen: no timer involved without a receiver
    const first = await Promise.race([collector.settled().then(() => "settled"), Promise.resolve().then(() => "later")]);
    expect(first).toBe("settled");
    collector.receiverOpened({ quietMs: 60, maxMs: 10_000 });
    const waiting = Date.now();
    await collector.settled();
    expect(Date.now() - waiting).toBeGreaterThanOrEqual(50);
    collector.receiverClosed();
    const after = await Promise.race([collector.settled().then(() => "settled"), Promise.resolve().then(() => "later")]);
    expect(after).toBe("settled");
  });
});
