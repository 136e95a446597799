import { describe, expect, it } from "vitest";
import { decide, fromChatMessages, fromModelMessages } from "../index.mjs";

describe("the bot sees the same conversation in-process and over HTTP", () => {
  it("maps AI SDK messages and OpenAI chat messages of one exchange to the same entries", () => {
    const fromModel = fromModelMessages([
      { role: "system", content: "The courier is late today." },
      { role: "user", content: "Refund order A100" },
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: "c1", toolName: "get_order", input: { order_id: "A100" } }],
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "c1", toolName: "get_order", output: { type: "json", value: { found: true } } },
        ],
      },
      { role: "assistant", content: "Done." },
    ]);
    const fromChat = fromChatMessages([
      { role: "system", content: "The courier is late today." },
      { role: "user", content: "Refund order A100" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c1", type: "function", function: { name: "get_order", arguments: '{"order_id":"A100"}' } }],
      },
      { role: "tool", tool_call_id: "c1", content: '{"found":true}' },
      { role: "assistant", content: "Done." },
    ]);
    expect(fromChat).toEqual(fromModel);
    expect(fromModel[3]).toEqual({ role: "tool", toolCallId: "c1", name: "get_order", output: { found: true } });
  });

  it("keeps a file's bytes in-process and only its placeholder over HTTP", () => {
    const bytes = new TextEncoder().encode("%PDF-1.4");
    const [inProcess] = fromModelMessages([
      {
        role: "user",
        content: [
          { type: "text", text: "Here it is." },
          { type: "file", data: Buffer.from(bytes).toString("base64"), mediaType: "application/pdf", filename: "a.pdf" },
        ],
      },
    ]);
    expect(inProcess).toEqual({
      role: "user",
      text: "Here it is.",
      files: [{ filename: "a.pdf", mediaType: "application/pdf", data: bytes }],
    });
    const [overHttp] = fromChatMessages([{ role: "user", content: "Here it is.\n[file: application/pdf]" }]);
    expect(overHttp).toEqual({ role: "user", text: "Here it is.", files: [{ mediaType: "application/pdf", data: undefined }] });
  });

  it("turns a tool's error text into the error shape a fault has", () => {
    const [, , entry] = fromModelMessages([
      { role: "user", content: "Where is A100?" },
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "c1", toolName: "get_order", input: {} }] },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "c1", toolName: "get_order", output: { type: "error-text", value: "boom" } },
        ],
      },
    ]);
    expect(entry).toEqual({
      role: "tool",
      toolCallId: "c1",
      name: "get_order",
      output: { error: { type: "internal_error", message: "boom", recoverable: false } },
    });
  });

  it("decides from raw messages of either format as from its own entries", () => {
    const request = "Where is my order A100?";
    const expected = { toolCalls: [{ name: "get_order", input: { order_id: "A100" } }] };
    expect(decide([{ role: "user", content: request }])).toEqual(expected);
    expect(decide([{ role: "user", text: request, files: [] }])).toEqual(expected);
    const answered = decide([
      { role: "user", content: request },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c1", type: "function", function: { name: "get_order", arguments: "{}" } }],
      },
      { role: "tool", tool_call_id: "c1", content: '{"found":false,"order_id":"A100"}' },
    ]);
    expect(answered).toEqual({ text: "I couldn't find an order A100. Could you check the number?" });
  });
});
