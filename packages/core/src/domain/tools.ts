/** Context a tool handler receives besides its input. */
export interface ToolCallOptions {
  readonly toolCallId: string;
  readonly abortSignal?: AbortSignal;
  readonly [key: string]: unknown;
}

/**
 * A tool the harness owns and hands to the agent under test in
 * `AgentInput.tools`. The shape is the AI SDK's `tool()`, so the set can be
 * passed straight to `generateText({ tools })`; the harness wraps `execute`
 * so interceptors (faults, payloads) and events apply to every call.
 */
export interface ScenarioTool {
  description?: string;
  /** A zod schema or AI SDK `jsonSchema()`; passed through untouched. */
  inputSchema?: unknown;
  execute(input: never, options: ToolCallOptions): unknown;
  readonly [key: string]: unknown;
}

/** Tools by name. */
export type ScenarioToolSet = Record<string, ScenarioTool>;

/** A call the agent made through `AgentInput.tools`, as the harness saw it. */
export interface ObservedToolCall {
  readonly toolCallId: string;
  readonly toolName: string;
  readonly input: unknown;
  /** Set when the tool answered. */
  readonly output?: unknown;
  /** Set when the tool (or an interceptor) threw. */
  readonly error?: string;
  /** The turn it happened in (0-based). */
  readonly turn: number;
  /**
   * How many messages the conversation had when the call was made: it
   * happened before `messages[atMessage]` (reports show it there).
   */
  readonly atMessage?: number;
}
