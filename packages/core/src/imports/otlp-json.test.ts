import { describe, expect, it } from "vitest";
import { parseOtlpJson } from "./otlp-json.js";

const text = (value: string) => ({ stringValue: value });
const attribute = (key: string, value: string) => ({ key, value: text(value) });
const otlp = (spans: unknown[]) =>
  JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ scope: { name: "app" }, spans }] }] });

describe("parseOtlpJson", () => {
  it("builds one conversation per gen_ai.conversation.id from gen_ai.input/output.messages, calls in start order", () => {
    const first = {
      traceId: "t1",
      spanId: "s1",
      startTimeUnixNano: "100",
      attributes: [
        attribute("gen_ai.conversation.id", "chat-7"),
        attribute("gen_ai.input.messages", JSON.stringify([{ role: "user", parts: [{ type: "text", content: "Refund A100" }] }])),
        attribute(
          "gen_ai.output.messages",
          JSON.stringify([
            {
              role: "assistant",
              parts: [{ type: "tool_call", id: "c1", name: "refund", arguments: { order_id: "A100" } }],
              finish_reason: "tool_call",
            },
          ]),
        ),
      ],
    };
    const second = {
      traceId: "t2",
      spanId: "s2",
      startTimeUnixNano: "200",
      attributes: [
        attribute("gen_ai.conversation.id", "chat-7"),
        attribute(
          "gen_ai.input.messages",
          JSON.stringify([
            { role: "user", parts: [{ type: "text", content: "Refund A100" }] },
            { role: "assistant", parts: [{ type: "tool_call", id: "c1", name: "refund", arguments: { order_id: "A100" } }] },
            { role: "tool", parts: [{ type: "tool_call_response", id: "c1", response: { ok: true } }] },
          ]),
        ),
        attribute(
          "gen_ai.output.messages",
          JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "Refunded." }] }]),
        ),
      ],
    };
    const unrelated = { traceId: "t3", spanId: "s3", name: "db query", attributes: [attribute("db.system", "postgresql")] };
    const { conversations, problems } = parseOtlpJson(otlp([second, unrelated, first]), "traces.json");
    expect(problems).toEqual([]);
    expect(conversations).toHaveLength(1);
    expect(conversations[0]?.id).toBe("chat-7");
    expect(conversations[0]?.messages).toEqual([
      { role: "user", content: "Refund A100" },
      { role: "assistant", content: "", toolCalls: [{ id: "c1", name: "refund", arguments: { order_id: "A100" } }] },
      { role: "tool", content: '{"ok":true}', toolCallId: "c1", toolName: "refund" },
      { role: "assistant", content: "Refunded." },
    ]);
  });

  it("reads the older indexed gen_ai.prompt.N attributes and gen_ai.content.* events, grouped by trace", () => {
    const indexed = {
      traceId: "trace-a",
      attributes: [
        attribute("gen_ai.prompt.0.role", "user"),
        attribute("gen_ai.prompt.0.content", "Hello"),
        attribute("gen_ai.completion.0.role", "assistant"),
        attribute("gen_ai.completion.0.content", "Hi, how can I help?"),
      ],
    };
    const events = {
      traceId: "trace-b",
      events: [
        {
          name: "gen_ai.content.prompt",
          attributes: [attribute("gen_ai.prompt", JSON.stringify([{ role: "user", content: "Cancel my plan" }]))],
        },
        {
          name: "gen_ai.content.completion",
          attributes: [attribute("gen_ai.completion", JSON.stringify([{ role: "assistant", content: "Done." }]))],
        },
      ],
    };
    const { conversations } = parseOtlpJson(otlp([indexed, events]), "old.json");
    expect(
      conversations.map((conversation) => [conversation.id, conversation.messages.map((message) => message.content)]),
    ).toEqual([
      ["trace-a", ["Hello", "Hi, how can I help?"]],
      ["trace-b", ["Cancel my plan", "Done."]],
    ]);
  });

  it("reports a GenAI attribute that is not JSON at its span, and a document that is not an export", () => {
    const bad = { traceId: "t", attributes: [attribute("gen_ai.input.messages", "[{oops")] };
    const { conversations, problems } = parseOtlpJson(`${otlp([bad])}\n{"spans": []}\n`, "bad.jsonl");
    expect(conversations).toEqual([]);
    expect(problems[0]).toMatchObject({
      file: "bad.jsonl",
      line: 1,
      field: "resourceSpans[0].scopeSpans[0].spans[0].attributes[gen_ai.input.messages]",
    });
    expect(problems[0]?.problem).toMatch(/^not JSON/);
    expect(problems[1]).toMatchObject({ line: 2, field: "resourceSpans" });
  });
});
