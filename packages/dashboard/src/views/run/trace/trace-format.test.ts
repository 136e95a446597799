/** Span durations, offsets and attribute values as the trace panel writes them. */
import { describe, expect, it } from "vitest";
import { attributeText, offsetText, sortedAttributes, spanDuration } from "./trace-format";

describe("trace-format", () => {
  it("writes sub-millisecond durations with decimals and longer ones as the dashboard does", () => {
    expect(spanDuration(0.4213)).toBe("0.42 ms");
    expect(spanDuration(0)).toBe("0 ms");
    expect(spanDuration(480)).toBe("480 ms");
    expect(spanDuration(1400)).toBe("1.40 s");
    expect(offsetText(1400)).toBe("+1.40 s");
  });

  it("pretty-prints JSON held in strings, arrays and objects, and leaves other text alone", () => {
    expect(attributeText('[{"role":"user","parts":[]}]')).toBe('[\n  {\n    "role": "user",\n    "parts": []\n  }\n]');
    expect(attributeText("{not json}")).toBe("{not json}");
    expect(attributeText("gpt-4o")).toBe("gpt-4o");
    expect(attributeText(["stop"])).toBe('[\n  "stop"\n]');
    expect(attributeText(12)).toBe("12");
    expect(attributeText(false)).toBe("false");
    expect(attributeText(null)).toBe("null");
  });

  it("sorts gen_ai attributes first, then by key", () => {
    const keys = sortedAttributes({
      "rehearse.turn": 1,
      "gen_ai.usage.input_tokens": 3,
      "http.method": "POST",
      "gen_ai.agent.name": "A",
    }).map(([key]) => key);
    expect(keys).toEqual(["gen_ai.agent.name", "gen_ai.usage.input_tokens", "http.method", "rehearse.turn"]);
  });
});
