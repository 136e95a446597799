import { describe, expect, it } from "vitest";
import { formatImportProblem } from "./conversation.js";
import { parseOpenAIJsonl } from "./openai-jsonl.js";

const line = (value: unknown) => JSON.stringify(value);

describe("parseOpenAIJsonl", () => {
  it("reads one conversation per line, keeping tool calls and results and joining text parts", () => {
    const text = [
      line({
        id: "conv-1",
        messages: [
          { role: "system", content: "You are a shop assistant." },
          {
            role: "user",
            content: [
              { type: "text", text: "Where is" },
              { type: "text", text: "order A100?" },
            ],
          },
          {
            role: "assistant",
            content: null,
            tool_calls: [{ id: "call_1", type: "function", function: { name: "get_order", arguments: '{"order_id":"A100"}' } }],
          },
          { role: "tool", tool_call_id: "call_1", content: '{"status":"shipped"}' },
          { role: "assistant", content: "It has shipped." },
        ],
      }),
      "",
      line({
        messages: [
          { role: "developer", content: "Be brief." },
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello!" },
        ],
      }),
    ].join("\n");
    const { conversations, problems } = parseOpenAIJsonl(text, "prod.jsonl");
    expect(problems).toEqual([]);
    expect(conversations.map((conversation) => conversation.id)).toEqual(["conv-1", "prod.jsonl:3"]);
    const [first, second] = conversations;
    expect(first?.messages[1]).toEqual({ role: "user", content: "Where is\norder A100?" });
    expect(first?.messages[2]).toEqual({
      role: "assistant",
      content: "",
      toolCalls: [{ id: "call_1", name: "get_order", arguments: { order_id: "A100" } }],
    });
    expect(first?.messages[3]).toEqual({
      role: "tool",
      content: '{"status":"shipped"}',
      toolCallId: "call_1",
      toolName: "get_order",
    });
    expect(second?.messages[0]?.role).toBe("system");
    expect(second?.source).toEqual({ format: "openai-jsonl", file: "prod.jsonl", line: 3 });
  });

  it("reports each bad line as file:line: field: problem and still returns the good ones", () => {
    const text = [
      line({
        messages: [
          { role: "user", content: "Hi" },
          { role: "assistant", content: "Hello" },
        ],
      }),
      "{ not json",
      line({ messages: [{ role: "customer", content: "Hi" }] }),
      line({
        messages: [
          { role: "user", content: "Hi" },
          { role: "tool", tool_call_id: "call_9", content: "{}" },
        ],
      }),
      line({ messages: [{ role: "assistant", content: "Welcome" }] }),
      line({ conversation: [] }),
    ].join("\n");
    const { conversations, problems } = parseOpenAIJsonl(text, "prod.jsonl");
    expect(conversations).toHaveLength(1);
    const printed = problems.map(formatImportProblem);
    expect(printed[0]).toMatch(/^prod\.jsonl:2: \$: not JSON/);
    expect(printed[1]).toMatch(/^prod\.jsonl:3: messages\[0\]\.role: /);
    expect(printed[2]).toBe('prod.jsonl:4: messages[1].tool_call_id: answers no earlier tool call (no call has id "call_9")');
    expect(printed[3]).toBe("prod.jsonl:5: messages: has no user message, so there is no turn to replay");
    expect(printed[4]).toMatch(/^prod\.jsonl:6: messages: /);
  });
});
