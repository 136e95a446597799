import { describe, expect, it } from "vitest";
import { messageText } from "./message-text";

describe("messageText", () => {
  it("is the content of a plain message", () => {
    expect(messageText({ index: 0, role: "user", content: "Where is my order?" })).toBe("Where is my order?");
  });

  it("adds one line per tool call with canonical arguments", () => {
    const text = messageText({
      role: "assistant",
      content: "",
      toolCalls: [{ id: "1", type: "function", function: { name: "lookup_order", arguments: '{"b":2,"a":1}' } }],
    });
    expect(text).toBe('\n[tool call] lookup_order {"a":1,"b":2}');
  });

  it("prints structured content as canonical JSON and arguments that are not JSON as sent", () => {
    expect(messageText({ content: { z: 1, a: [true] }, toolCalls: [{ function: { name: "x", arguments: "not json" } }] })).toBe(
      '{"a":[true],"z":1}\n[tool call] x not json',
    );
  });
});
