import { describe, expect, it } from "vitest";
import {
  DISCOVERY_TOOLS,
  type DiscoveryContext,
  discoveryToolDefinitions,
  isDiscoveryToolName,
  runDiscoveryTool,
} from "./discovery-tools.js";
import { estimateTokens } from "./estimate-tokens.js";
import { renderTranscript } from "./render-transcript.js";

const entries = renderTranscript([
  { role: "user", content: "I need a refund for order 42" },
  { role: "assistant", content: "Refund issued." },
]);
const context: DiscoveryContext = {
  entries,
  spans: [{ spanId: "a1b2c3d4e5f6", name: "tool.refund", attributes: { "order.id": "42" } }],
  maxTokens: 1000,
};

describe("discoveryToolDefinitions", () => {
  it("offers the transcript tools, and the trace tools only when asked", () => {
    expect(discoveryToolDefinitions().map((tool) => tool.name)).toEqual(["expand_transcript", "grep_transcript"]);
    expect(discoveryToolDefinitions({ trace: true }).map((tool) => tool.name)).toEqual([
      "expand_transcript",
      "grep_transcript",
      "expand_trace",
      "grep_trace",
    ]);
    expect(discoveryToolDefinitions(true)).toEqual(discoveryToolDefinitions({ trace: true }));
    expect(discoveryToolDefinitions({ transcript: false, trace: true }).map((tool) => tool.name)).toEqual([
      "expand_trace",
      "grep_trace",
    ]);
  });

  it("describes closed object schemas with their required argument", () => {
    for (const definition of Object.values(DISCOVERY_TOOLS)) {
      expect(definition.parameters).toMatchObject({ type: "object", additionalProperties: false });
      expect(definition.description.length).toBeGreaterThan(40);
    }
    expect(DISCOVERY_TOOLS.expand_transcript.parameters.required).toEqual(["entries"]);
    expect(DISCOVERY_TOOLS.expand_trace.parameters.required).toEqual(["span_ids"]);
    expect(DISCOVERY_TOOLS.grep_trace.parameters.required).toEqual(["pattern"]);
  });

  it("tells discovery tools from the verdict tools", () => {
    expect(isDiscoveryToolName("grep_trace")).toBe(true);
    expect(isDiscoveryToolName("finish_test")).toBe(false);
    expect(isDiscoveryToolName("toString")).toBe(false);
  });
});

describe("runDiscoveryTool", () => {
  it("runs each tool from parsed or JSON-string arguments", () => {
    expect(runDiscoveryTool("expand_transcript", { entries: [1] }, context)).toBe("#1 assistant: Refund issued.");
    expect(runDiscoveryTool("expand_transcript", '{"entries":["0-1"]}', context)).toContain("#0 user: I need a refund");
    expect(runDiscoveryTool("grep_transcript", '{"pattern":"refund"}', context)).toMatch(/^2 matches/);
    expect(runDiscoveryTool("expand_trace", { span_ids: ["a1b2c3d4"] }, context)).toMatch(/^\[a1b2c3d4\] tool\.refund/);
    expect(runDiscoveryTool("grep_trace", { pattern: "order" }, context)).toMatch(/^1 span match/);
  });

  it("accepts a lone entry or id where a list is expected", () => {
    expect(runDiscoveryTool("expand_transcript", { entries: 0 }, context)).toBe("#0 user: I need a refund for order 42");
  });

  it("answers bad arguments with what to send instead", () => {
    expect(runDiscoveryTool("expand_transcript", { rows: [1] }, context)).toBe(
      'Error: expand_transcript needs {"entries": [3, "10-12"]}; got {"rows":[1]}',
    );
    expect(runDiscoveryTool("grep_transcript", {}, context)).toBe('Error: grep_transcript needs {"pattern": "text"}; got {}');
    expect(runDiscoveryTool("expand_trace", { span_ids: [{}] }, context)).toMatch(/^Error: expand_trace needs \{"span_ids"/);
    expect(runDiscoveryTool("grep_trace", "{not json", context)).toBe(
      "Error: could not parse the arguments of grep_trace as JSON: {not json",
    );
  });

  it("answers an unknown tool with the available ones, and trace tools without spans with why", () => {
    expect(runDiscoveryTool("read_file", {}, context)).toBe(
      'Error: unknown tool "read_file". Available tools: expand_transcript, grep_transcript, expand_trace, grep_trace.',
    );
    const noSpans = { ...context, spans: [] };
    expect(runDiscoveryTool("read_file", {}, noSpans)).toContain("Available tools: expand_transcript, grep_transcript.");
    expect(runDiscoveryTool("grep_trace", { pattern: "x" }, noSpans)).toBe(
      "Error: grep_trace is unavailable: no spans were given to the judge.",
    );
  });

  it("never throws, even on hostile input, and keeps results within maxTokens", () => {
    const hostile = {
      get entries(): never {
        throw new Error("boom");
      },
    };
    expect(runDiscoveryTool("expand_transcript", hostile, context)).toBe("Error: expand_transcript failed: boom");
    const big = { ...context, entries: renderTranscript([{ role: "user", content: "x ".repeat(10_000) }]), maxTokens: 50 };
    expect(estimateTokens(runDiscoveryTool("expand_transcript", { entries: [0] }, big))).toBeLessThanOrEqual(50);
  });
});
