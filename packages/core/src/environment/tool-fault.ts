/** What the agent sees when an environment tool fails (U-OR-8). */
export interface ToolFaultPayload {
  /** `timeout`, `not_found`, `permission_denied`, `rate_limit`, `invalid_input`, `internal_error`, `network_error`. */
  readonly type: string;
  readonly message: string;
  readonly recoverable: boolean;
  /** The injection that caused it, when one did. */
  readonly injection?: string;
}

/**
 * A tool call that failed the way a real dependency fails: an injected fault,
 * a system condition, or a bad input. Thrown from the tool; the harness turns
 * it into the tool's error result (`{ error: payload }`), the AI SDK into a
 * tool-error part. It is never an error of the run itself.
 */
export class ToolFault extends Error {
  override readonly name = "ToolFault";
  constructor(readonly payload: ToolFaultPayload) {
    super(`${payload.type}: ${payload.message}`);
  }

  /** The tool result the agent is given: `{ error: { type, message, recoverable } }`. */
  toResult(): { error: { type: string; message: string; recoverable: boolean } } {
    const { type, message, recoverable } = this.payload;
    return { error: { type, message, recoverable } };
  }

  static isInstance(value: unknown): value is ToolFault {
    return value instanceof ToolFault;
  }
}
