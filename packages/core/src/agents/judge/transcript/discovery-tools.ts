import type { JSONSchema7 } from "@ai-sdk/provider";
import { truncateToTokens } from "./estimate-tokens.js";
import { expandTranscript } from "./expand-transcript.js";
import { grepTranscript } from "./grep-transcript.js";
import type { TranscriptEntry } from "./render-transcript.js";
import { expandSpans, grepSpans } from "./span-discovery.js";
import type { JudgeSpan } from "./spans.js";

/** Names of the tools a judge uses to read a transcript or trace too large to paste whole. */
export type DiscoveryToolName = "expand_transcript" | "grep_transcript" | "expand_trace" | "grep_trace";

/** A discovery tool as plain data: wrap with the AI SDK's `tool({ description, inputSchema: jsonSchema(parameters) })`. */
export interface DiscoveryToolDefinition {
  readonly name: DiscoveryToolName;
  readonly description: string;
  readonly parameters: JSONSchema7;
}

/** What the discovery tools read, and the bound on each result. */
export interface DiscoveryContext {
  readonly entries: readonly TranscriptEntry[];
  readonly spans: readonly JudgeSpan[];
  /** Estimated tokens per tool result. */
  readonly maxTokens: number;
}

const object = (properties: Record<string, JSONSchema7>): JSONSchema7 => ({
  type: "object",
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});
const pattern: JSONSchema7 = {
  type: "string",
  description: 'Plain text (case-insensitive), or a regular expression written /like this/ — e.g. "refund" or "/order #?\\d+/".',
};

/** Every discovery tool, one line per entry so a missing definition fails to compile. */
export const DISCOVERY_TOOLS: Record<DiscoveryToolName, DiscoveryToolDefinition> = {
  expand_transcript: {
    name: "expand_transcript",
    description:
      "Read the full text of transcript entries the outline shortened or left out. Entries are numbered #0, #1, …; ask for a few at a time.",
    parameters: object({
      entries: {
        type: "array",
        minItems: 1,
        description: 'Entry numbers, or inclusive ranges as strings: [3, "10-12"].',
        items: {
          anyOf: [
            { type: "integer", minimum: 0 },
            { type: "string", description: 'A range such as "10-12".' },
          ],
        },
      },
    }),
  },
  grep_transcript: {
    name: "grep_transcript",
    description:
      "Search every transcript entry for a pattern; returns the matching entries (#number and role) with the text around each match.",
    parameters: object({ pattern }),
  },
  expand_trace: {
    name: "expand_trace",
    description:
      "Show everything about the given spans of the agent's trace: attributes, events, timing, status, parent and children. Use the span ids shown in brackets (8-character prefixes work).",
    parameters: object({
      span_ids: {
        type: "array",
        minItems: 1,
        items: { type: "string" },
        description: 'Span ids or prefixes, e.g. ["a1b2c3d4"].',
      },
    }),
  },
  grep_trace: {
    name: "grep_trace",
    description:
      "Search the names, attributes and events of every span of the agent's trace for a pattern; returns the matching spans with the lines around each match.",
    parameters: object({ pattern }),
  },
};

/**
 * The tool definitions to offer a judge: the transcript tools unless
 * `transcript` is false, the trace tools when `trace` is true (there are
 * spans). A boolean is shorthand for `{ trace }`.
 *
 * @example
 * ```ts
 * const tools = Object.fromEntries(
 *   discoveryToolDefinitions(spans.length > 0).map((definition) => [
 *     definition.name,
 *     tool({ description: definition.description, inputSchema: jsonSchema(definition.parameters) }),
 *   ]),
 * );
 * ```
 */
export function discoveryToolDefinitions(
  options: boolean | { transcript?: boolean; trace?: boolean } = {},
): DiscoveryToolDefinition[] {
  const { transcript = true, trace = false } = typeof options === "boolean" ? { trace: options } : options;
  return [
    ...(transcript ? [DISCOVERY_TOOLS.expand_transcript, DISCOVERY_TOOLS.grep_transcript] : []),
    ...(trace ? [DISCOVERY_TOOLS.expand_trace, DISCOVERY_TOOLS.grep_trace] : []),
  ];
}

/** True when `name` is one of the discovery tools (as opposed to `continue_test`/`finish_test`). */
export function isDiscoveryToolName(name: string): name is DiscoveryToolName {
  return Object.hasOwn(DISCOVERY_TOOLS, name);
}

/**
 * Runs a discovery tool call and returns its result text, bounded by
 * `context.maxTokens`. Never throws: an unknown tool, unparsable or wrong
 * arguments, or a failure become an `Error: …` text that tells the model what
 * to send instead, so one bad call cannot end the judge's run.
 *
 * @example
 * ```ts
 * runDiscoveryTool("grep_transcript", '{"pattern":"refund"}', { entries, spans: [], maxTokens: 4096 });
 * ```
 */
export function runDiscoveryTool(name: string, rawArguments: unknown, context: DiscoveryContext): string {
  try {
    const args = parseArguments(rawArguments);
    if (typeof args === "string") return `Error: could not parse the arguments of ${name} as JSON: ${preview(args)}`;
    const result = dispatch(name, args, context, preview(rawArguments));
    return truncateToTokens(result, context.maxTokens);
  } catch (error) {
    return `Error: ${name} failed: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function dispatch(name: string, args: Record<string, unknown>, context: DiscoveryContext, got: string): string {
  const bound = { maxTokens: context.maxTokens };
  switch (name) {
    case "expand_transcript": {
      const indices = listOf(args.entries ?? args.indices, (item) => typeof item === "number" || typeof item === "string");
      if (!indices) return `Error: expand_transcript needs {"entries": [3, "10-12"]}; got ${got}`;
      return expandTranscript(context.entries, { indices: indices as Array<number | string> }, bound);
    }
    case "grep_transcript":
      if (typeof args.pattern !== "string" || args.pattern === "")
        return `Error: grep_transcript needs {"pattern": "text"}; got ${got}`;
      return grepTranscript(context.entries, { pattern: args.pattern }, bound);
    case "expand_trace": {
      if (context.spans.length === 0) return "Error: expand_trace is unavailable: no spans were given to the judge.";
      const ids = listOf(args.span_ids ?? args.spanIds, (item) => typeof item === "string" || typeof item === "number");
      if (!ids) return `Error: expand_trace needs {"span_ids": ["a1b2c3d4"]}; got ${got}`;
      return expandSpans(context.spans, ids.map(String), bound);
    }
    case "grep_trace":
      if (context.spans.length === 0) return "Error: grep_trace is unavailable: no spans were given to the judge.";
      if (typeof args.pattern !== "string" || args.pattern === "")
        return `Error: grep_trace needs {"pattern": "text"}; got ${got}`;
      return grepSpans(context.spans, args.pattern, bound);
    default: {
      const available = discoveryToolDefinitions(context.spans.length > 0).map((tool) => tool.name);
      return `Error: unknown tool ${JSON.stringify(name)}. Available tools: ${available.join(", ")}.`;
    }
  }
}

/** The arguments as an object; a string result means they were not JSON. */
function parseArguments(raw: unknown): Record<string, unknown> | string {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = raw.trim() === "" ? {} : (JSON.parse(raw) as unknown);
    } catch {
      return raw;
    }
  }
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** A non-empty list whose items all pass `accept`; a lone item counts as a list of one (models often send one). */
function listOf(value: unknown, accept: (item: unknown) => boolean): unknown[] | undefined {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list.length > 0 && list.every(accept) ? list : undefined;
}

function preview(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
