import { describe, expect, it } from "vitest";
import * as zod from "zod";
import type { ModelMessage } from "../../domain/messages.js";
import { assistantMessage, firstIssue, replySchemas, toChatMessages, toolCallContent } from "./chat-messages.js";

describe("toChatMessages", () => {
  it("converts a mixed history to the OpenAI chat format", () => {
    const history: ModelMessage[] = [
      { role: "system", content: "Be brief." },
      { role: "user", content: "hi" },
      {
        role: "user",
        content: [
          { type: "text", text: "look at" },
          { type: "image", image: new URL("http://127.0.0.1/x.png"), mediaType: "image/png" },
          { type: "file", data: "aGk=", mediaType: "application/pdf" },
        ],
      },
      { role: "assistant", content: "Looking." },
      {
        role: "assistant",
        content: [
          { type: "reasoning", text: "private" },
          { type: "text", text: "Checking the order." },
          { type: "tool-call", toolCallId: "c1", toolName: "lookup", input: { id: 42 } },
          { type: "tool-call", toolCallId: "c2", toolName: "raw", input: "{not json" },
        ],
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "c1", toolName: "lookup", output: { type: "json", value: { status: "shipped" } } },
          { type: "tool-result", toolCallId: "c2", toolName: "raw", output: { type: "error-text", value: "bad input" } },
        ],
      },
      { role: "assistant", content: [{ type: "tool-call", toolCallId: "c3", toolName: "noop", input: undefined }] },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "c3",
            toolName: "noop",
            output: { type: "execution-denied", reason: "not allowed" },
          },
        ],
      },
    ];
    expect(toChatMessages(history)).toEqual([
      { role: "system", content: "Be brief." },
      { role: "user", content: "hi" },
      {
        role: "user",
        content: [
          { type: "text", text: "look at" },
          { type: "image_url", image_url: { url: "http://127.0.0.1/x.png" } },
          { type: "file", file: { file_data: "data:application/pdf;base64,aGk=" } },
        ],
      },
      { role: "assistant", content: "Looking." },
      {
        role: "assistant",
        content: "Checking the order.",
        tool_calls: [
          { id: "c1", type: "function", function: { name: "lookup", arguments: '{"id":42}' } },
          { id: "c2", type: "function", function: { name: "raw", arguments: "{not json" } },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: '{"status":"shipped"}' },
      { role: "tool", tool_call_id: "c2", content: "bad input" },
      {
        role: "assistant",
        content: null,
        tool_calls: [{ id: "c3", type: "function", function: { name: "noop", arguments: "{}" } }],
      },
      { role: "tool", tool_call_id: "c3", content: "Tool execution denied: not allowed" },
    ]);
  });

  it("writes content outputs and raw (untyped) outputs as text", () => {
    const tool = (output: unknown): ModelMessage =>
      ({ role: "tool", content: [{ type: "tool-result", toolCallId: "c", toolName: "t", output }] }) as ModelMessage;
    const contents = toChatMessages([
      tool({
        type: "content",
        value: [
          { type: "text", text: "chart:" },
          { type: "media", data: "x", mediaType: "image/png" },
        ],
      }),
      tool({ type: "text", value: "plain" }),
      tool({ temperature: 21 }),
    ]).map((message) => message.content);
    expect(contents).toEqual(["chart:\n[file: image/png]", "plain", '{"temperature":21}']);
  });
});

describe("assistantMessage", () => {
  it("keeps a text-only reply as string content", () => {
    expect(assistantMessage("hello", [])).toEqual({ role: "assistant", content: "hello" });
  });

  it("puts text and tool calls in parts", () => {
    const call = toolCallContent({ id: "c1", name: "refund", arguments: '{"order":42}' }, "fallback");
    expect(assistantMessage("On it.", [call])).toEqual({
      role: "assistant",
      content: [
        { type: "text", text: "On it." },
        { type: "tool-call", toolCallId: "c1", toolName: "refund", input: { order: 42 } },
      ],
    });
    expect(assistantMessage("", [call]).content).toHaveLength(1);
  });
});

describe("toolCallContent", () => {
  it("parses JSON arguments, keeps unparseable ones raw, reads empty as {} and uses the fallback id", () => {
    expect(toolCallContent({ name: "a", arguments: '{"x":1}' }, "call_3_0")).toEqual({
      type: "tool-call",
      toolCallId: "call_3_0",
      toolName: "a",
      input: { x: 1 },
    });
    expect(toolCallContent({ id: "c", name: "a", arguments: "{oops" }, "f").input).toBe("{oops");
    expect(toolCallContent({ id: "c", name: "a", arguments: "" }, "f").input).toEqual({});
    expect(toolCallContent({ id: "c", name: "a", arguments: { already: "parsed" } }, "f").input).toEqual({ already: "parsed" });
  });
});

describe("replySchemas", () => {
  const { toolCalls, completion } = replySchemas(zod);

  it("accepts OpenAI-style and flat tool calls", () => {
    expect(
      toolCalls.parse([
        { id: "c1", type: "function", function: { name: "a", arguments: "{}" } },
        { name: "b", input: { y: 2 } },
        { id: "c3", name: "c", arguments: '{"z":3}' },
      ]),
    ).toEqual([
      { id: "c1", name: "a", arguments: "{}" },
      { id: undefined, name: "b", arguments: { y: 2 } },
      { id: "c3", name: "c", arguments: '{"z":3}' },
    ]);
  });

  it("names the first problem of a body that is not a chat completion", () => {
    const result = completion.safeParse({ choices: [{ text: "legacy" }] });
    expect(result.success).toBe(false);
    if (!result.success) expect(firstIssue(result.error)).toMatch(/^choices\[0\]\.message: /);
  });
});

describe("toChatMessages files", () => {
  const upload: ModelMessage = {
    role: "user",
    content: [
      { type: "text", text: "see attached" },
      { type: "file", data: new Uint8Array([104, 105]), mediaType: "application/pdf", filename: "a.pdf" },
      { type: "file", data: new Uint8Array([1, 2]), mediaType: "image/png" },
      { type: "file", data: new URL("https://example.invalid/doc.pdf"), mediaType: "application/pdf" },
    ],
  };

  it("sends bytes inline as base64 data URLs: documents as file parts, images as image_url", () => {
    expect(toChatMessages([upload])).toEqual([
      {
        role: "user",
        content: [
          { type: "text", text: "see attached" },
          { type: "file", file: { filename: "a.pdf", file_data: "data:application/pdf;base64,aGk=" } },
          { type: "image_url", image_url: { url: "data:image/png;base64,AQI=" } },
          { type: "text", text: "[file: application/pdf at https://example.invalid/doc.pdf]" },
        ],
      },
    ]);
  });

  it("sends placeholders for text-only endpoints when asked", () => {
    expect(toChatMessages([upload], { files: "placeholder" })).toEqual([
      { role: "user", content: "see attached\n[file: application/pdf]\n[file: image/png]\n[file: application/pdf]" },
    ]);
  });
});
