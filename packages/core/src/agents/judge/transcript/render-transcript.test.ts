import { describe, expect, it } from "vitest";
import type { ModelMessage } from "../../../domain/messages.js";
import { formatTranscript, renderTranscript } from "./render-transcript.js";

const png = Buffer.alloc(30_000, 1).toString("base64");

describe("renderTranscript", () => {
  it("renders a short conversation compactly, each message verbatim with a stable index", () => {
    const messages: ModelMessage[] = [];
    for (let turn = 1; turn <= 3; turn++) {
      messages.push({ role: "user", content: `hello #${turn}` }, { role: "assistant", content: `You said: hello #${turn}` });
    }
    const text = formatTranscript(renderTranscript(messages));
    expect(text).toBe(
      [
        "#0 user: hello #1",
        "#1 assistant: You said: hello #1",
        "#2 user: hello #2",
        "#3 assistant: You said: hello #2",
        "#4 user: hello #3",
        "#5 assistant: You said: hello #3",
      ].join("\n"),
    );
    expect(text.length).toBeLessThan(300);
    expect(text.split("You said: hello").length - 1).toBe(3);
  });

  it("renders text parts verbatim, tool calls inline and tool results with the name resolved from the call id", () => {
    const messages: ModelMessage[] = [
      { role: "system", content: "Be kind." },
      { role: "user", content: [{ type: "text", text: "Where is\norder 42?" }] },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Checking." },
          { type: "tool-call", toolCallId: "call-1", toolName: "lookup_order", input: { orderId: "42" } },
        ],
      },
      {
        role: "tool",
        // The part's own toolName is wrong on purpose: the call id decides.
        content: [
          { type: "tool-result", toolCallId: "call-1", toolName: "", output: { type: "json", value: { status: "shipped" } } },
        ],
      },
      {
        role: "tool",
        content: [{ type: "tool-result", toolCallId: "call-9", toolName: "other", output: { type: "text", value: "ok" } }],
      },
    ];
    expect(formatTranscript(renderTranscript(messages))).toBe(
      [
        "#0 system: Be kind.",
        "#1 user: Where is\norder 42?",
        '#2 assistant: Checking.\n[tool_call lookup_order({"orderId":"42"})]',
        '#3 tool (lookup_order): {"status":"shipped"}',
        "#4 tool (other): ok",
      ].join("\n"),
    );
  });

  it("renders every tool-result output kind", () => {
    const result = (output: unknown): ModelMessage =>
      ({ role: "tool", content: [{ type: "tool-result", toolCallId: "c", toolName: "t", output }] }) as ModelMessage;
    const entries = renderTranscript([
      result({ type: "error-text", value: "boom" }),
      result({ type: "execution-denied", reason: "not allowed" }),
      result({
        type: "content",
        value: [
          { type: "text", text: "see" },
          { type: "image-data", data: png, mediaType: "image/png" },
        ],
      }),
    ]);
    expect(entries.map((entry) => entry.text)).toEqual([
      "[error] boom",
      "[execution denied: not allowed]",
      "see\n[IMAGE: image/png, ~30000 bytes]",
    ]);
  });

  it("replaces images, files and data URLs with short markers", () => {
    const messages: ModelMessage[] = [
      {
        role: "user",
        content: [
          { type: "text", text: "What is this?" },
          { type: "image", image: png, mediaType: "image/png" },
          { type: "file", data: new Uint8Array(2048), mediaType: "application/pdf", filename: "invoice.pdf" },
          { type: "image", image: new URL("https://example.test/a.jpg") },
        ],
      },
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: "c", toolName: "ocr", input: { image: `data:image/png;base64,${png}` } }],
      },
    ];
    const text = formatTranscript(renderTranscript(messages));
    expect(text).toBe(
      [
        "#0 user: What is this?",
        "[IMAGE: image/png, ~30000 bytes]",
        "[FILE: invoice.pdf, application/pdf, ~2048 bytes]",
        "[IMAGE: https://example.test/a.jpg]",
        '#1 assistant: [tool_call ocr({"image":"[IMAGE: image/png, ~30000 bytes]"})]',
      ].join("\n"),
    );
  });

  it("labels a tool message holding several results as tool, one line per result", () => {
    const [entry] = renderTranscript([
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "a", toolName: "first", output: { type: "text", value: "1" } },
          { type: "tool-result", toolCallId: "b", toolName: "second", output: { type: "json", value: 2 } },
        ],
      },
    ]);
    expect(entry).toEqual({ index: 0, role: "tool", label: "tool", text: "(first): 1\n(second): 2" });
  });
});
