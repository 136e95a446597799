import { createInterface, type Interface } from "node:readline";
import type { AgentInput, AgentReturnTypes } from "../domain/agent.js";
import { AbortedError } from "../domain/errors.js";
import { type ModelMessage, messageText, toolCallsOf, toolResultsOf } from "../domain/messages.js";
import { AgentRole } from "../domain/roles.js";
import type { AgentCallInterceptor } from "../domain/scenario.js";

/** Options of `debugInterceptor()`. */
export interface DebugInterceptorOptions {
  /** Where typed lines come from (a terminal, or a stream in tests). */
  input: NodeJS.ReadableStream;
  /** Where the conversation and the prompt are written. */
  output: NodeJS.WritableStream;
  /** Shown in the prompt; defaults to the name of the scenario being run. */
  scenarioName?: string;
}

/** An agent interceptor that pauses before simulated user turns; `close()` releases the input. */
export type DebugInterceptor = AgentCallInterceptor & {
  /** Stops reading `input` so the process can exit; further prompts behave like Enter. */
  close(): void;
};

/** The reason an abort from the prompt carries. */
export const stoppedFromPrompt = "stopped from the debug prompt";

const noteAtEnd = "[debug] input ended: the simulator speaks for the rest of the run";

/**
 * Debug mode: before each simulated user turn, shows the conversation so far
 * and waits for one line. Enter lets the simulator speak; typed text becomes
 * the user's message instead (the simulator is not called); `q` stops the
 * run (`error`, code `aborted`). When the input ends, every later turn
 * behaves like Enter. Other calls pass through untouched.
 *
 * @example
 * ```ts
 * const debug = debugInterceptor({ input: process.stdin, output: process.stdout });
 * try {
 *   await run(scenario, { interceptors: { agent: [debug] } });
 * } finally {
 *   debug.close();
 * }
 * ```
 */
export function debugInterceptor(options: DebugInterceptorOptions): DebugInterceptor {
  const { output } = options;
  const lines = lineReader(options.input);
  let ended = false;
  // Prompts take turns, so concurrent runs never read each other's answers.
  let previous: Promise<unknown> = Promise.resolve();

  const ask = async (input: AgentInput): Promise<string | undefined> => {
    const name = options.scenarioName ?? input.scenarioConfig.name;
    write(output, conversationText(name, input.messages));
    write(
      output,
      `[debug] ${name} turn ${input.scenarioState.currentTurn + 1} — Enter: let the simulator speak · type a message: send it as the user · q: stop`,
    );
    output.write("> ");
    const line = await lines.next(input.signal);
    if (line === undefined) {
      ended = true;
      write(output, `\n${noteAtEnd}`);
    }
    return line;
  };

  const interceptor: AgentCallInterceptor = async (call, next) => {
    if (call.input.requestedRole !== AgentRole.USER || ended) return next(call.input);
    const answer = previous.then(() => (ended ? undefined : ask(call.input)));
    previous = answer.catch(() => undefined);
    const line = (await answer)?.trim();
    if (line === undefined || line === "") return next(call.input);
    if (line === "q" || line === "quit") throw new AbortedError(stoppedFromPrompt);
    return { role: "user", content: line } satisfies AgentReturnTypes;
  };

  return Object.assign(interceptor, {
    close() {
      ended = true;
      lines.close();
    },
  });
}

/**
 * The conversation as the prompt shows it: one line per message, tool calls
 * and results by tool name, long text cut so a turn fits on a screen.
 */
export function conversationText(scenarioName: string, messages: readonly ModelMessage[]): string {
  const header = `── ${scenarioName}: ${messages.length} message${messages.length === 1 ? "" : "s"} so far ──`;
  return [header, ...messages.map((message, index) => `${String(index + 1).padStart(3)}. ${messageLine(message)}`)].join("\n");
}

function messageLine(message: ModelMessage): string {
  const text = oneLine(messageText(message));
  switch (message.role) {
    case "user":
      return `User: ${text}`;
    case "assistant": {
      const calls = toolCallsOf(message).map((call) => call.toolName);
      return `Agent: ${text}${calls.length > 0 ? `${text ? " " : ""}[calls ${calls.join(", ")}]` : ""}`;
    }
    case "tool":
      return `Tool: [results of ${toolResultsOf(message)
        .map((result) => result.toolName)
        .join(", ")}]`;
    case "system":
      return `System: ${text}`;
    default:
      return `${(message as { role: string }).role}: ${text}`;
  }
}

/** Newlines folded and text cut to 200 characters, so one message is one line. */
function oneLine(text: string): string {
  const folded = text.replace(/\s*\n\s*/g, " ⏎ ");
  return folded.length > 200 ? `${folded.slice(0, 197)}...` : folded;
}

function write(output: NodeJS.WritableStream, text: string): void {
  output.write(`${text}\n`);
}

/** Reads lines on demand: lines typed ahead wait in a queue; `undefined` once the input ends. */
interface LineReader {
  next(signal?: AbortSignal): Promise<string | undefined>;
  close(): void;
}

function lineReader(input: NodeJS.ReadableStream): LineReader {
  let reader: Interface | undefined;
  let closed = false;
  const queued: string[] = [];
  const waiting: Array<(line: string | undefined) => void> = [];

  const open = (): Interface => {
    // Created on first use, and paused between prompts: a reading stdin
    // keeps the process alive after the run.
    const created = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY, terminal: false });
    created.on("line", (line) => {
      const waiter = waiting.shift();
      if (waiter) waiter(line);
      else queued.push(line);
      if (waiting.length === 0) created.pause();
    });
    created.on("close", () => {
      closed = true;
      for (const waiter of waiting.splice(0)) waiter(undefined);
    });
    return created;
  };

  return {
    next(signal) {
      const line = queued.shift();
      if (line !== undefined) return Promise.resolve(line);
      if (closed) return Promise.resolve(undefined);
      if (signal?.aborted) return Promise.reject(new AbortedError(signal.reason));
      reader ??= open();
      return new Promise((resolve, reject) => {
        const onAbort = () => {
          waiting.splice(waiting.indexOf(settle), 1);
          reject(new AbortedError(signal?.reason));
        };
        const settle = (value: string | undefined) => {
          signal?.removeEventListener("abort", onAbort);
          resolve(value);
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        waiting.push(settle);
        reader?.resume();
      });
    },
    close() {
      closed = true;
      reader?.close();
      for (const waiter of waiting.splice(0)) waiter(undefined);
    },
  };
}
