// The bot is a pure function of the conversation, so it never waits for a tool: it replays its
// plan against the results it already has and, at the first call without a result, stops and
// asks for that call. The next decision replays one step further.

/** Thrown by `use` when the plan needs a tool result the conversation does not hold yet. */
export class PendingCall {
  constructor(call) {
    this.call = call;
  }
}

/** True for a failed tool call: `{ error: { type, message, recoverable } }`. */
export const failed = (result) => typeof result?.error === "object" && result.error !== null;

/**
 * Replays tool results in order: `use(name, input)` returns the next result, or throws a
 * `PendingCall` when there is none. `onResult` sees every result handed out.
 *
 * @example
 * const tape = toolTape(results, () => {});
 * const order = tape.use("get_order", { order_id: "A100" });
 */
export function toolTape(results, onResult) {
  let next = 0;
  const tape = {
    use(name, input) {
      const result = results[next];
      if (!result) throw new PendingCall({ name, input });
      if (result.name !== undefined && result.name !== name) {
        throw new Error(`shopbot: the conversation answers ${result.name} where the bot called ${name}`);
      }
      next += 1;
      onResult(result.output);
      return result.output;
    },
    /** A read-only call, retried once when it fails with a recoverable error. */
    read(name, input) {
      const first = tape.use(name, input);
      return failed(first) && first.error.recoverable ? tape.use(name, input) : first;
    },
  };
  return tape;
}
