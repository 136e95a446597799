import { describe, expect, it } from "vitest";
import type { ModelMessage } from "../../domain/messages.js";
import { transcriptOf } from "./run-record.js";

describe("transcriptOf", () => {
  it("turns users, agents, tool calls and tool results into chat-log entries", () => {
    const messages: ModelMessage[] = [
      { role: "system", content: "be kind" },
      { role: "user", content: "refund order 7" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Looking it up" },
          { type: "tool-call", toolCallId: "c1", toolName: "get_order", input: { id: 7 } },
        ],
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "c1", toolName: "get_order", output: { type: "json", value: { total: 40 } } },
        ],
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "c2", toolName: "refund", output: { type: "error-text", value: "timeout" } },
        ],
      },
      { role: "assistant", content: "Refunded $40." },
    ];
    expect(transcriptOf(messages)).toEqual([
      { kind: "system", text: "be kind" },
      { kind: "user", text: "refund order 7" },
      { kind: "agent", text: "Looking it up" },
      { kind: "tool-call", name: "get_order", text: '{\n  "id": 7\n}' },
      { kind: "tool-result", name: "get_order", text: '{\n  "total": 40\n}' },
      { kind: "tool-result", name: "refund", text: "timeout" },
      { kind: "agent", text: "Refunded $40." },
    ]);
  });

  it("never prints binary data and clips very long text", () => {
    const messages: ModelMessage[] = [
      {
        role: "user",
        content: [
          { type: "text", text: "see attached" },
          { type: "file", data: "QUJD".repeat(10_000), mediaType: "image/png", filename: "photo.png" },
        ],
      },
      { role: "assistant", content: "x".repeat(5_000) },
    ];
    const [user, agent] = transcriptOf(messages);
    expect(user?.text).toBe("see attached\n[file: photo.png, image/png]");
    expect(agent?.text.length).toBeLessThan(2_100);
    expect(agent?.text).toContain("(5000 characters)");
  });
});
