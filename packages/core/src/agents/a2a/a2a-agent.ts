import type { Agent, AgentInput } from "../../domain/agent.js";
import { loadOnce } from "../../domain/load-once.js";
import { type AssistantModelMessage, messageText } from "../../domain/messages.js";
import { AgentRole } from "../../domain/roles.js";
import { checkEndpoint } from "../http/send-request.js";
import { A2AAgentError, replyOf } from "./a2a-reply.js";

/** The SDK's client, loaded with the first call (the package never loads it on import). */
const loadSdk = loadOnce(async () => {
  const [root, client] = await Promise.all([import("@a2a-js/sdk"), import("@a2a-js/sdk/client")]);
  return { Message: root.Message, ...client };
});

type SdkClient = Awaited<ReturnType<InstanceType<Awaited<ReturnType<typeof loadSdk>>["ClientFactory"]>["createFromUrl"]>>;

/** Options of `a2aAgent`. */
export interface A2AAgentOptions {
  /** The agent's base URL: its card is read from `<url>/.well-known/agent-card.json` (or `cardPath`). */
  url: string;
  /** Where the agent card is, relative to `url`, when not at the well-known path. */
  cardPath?: string;
  /** Headers sent with every request (e.g. `authorization`). */
  headers?: Record<string, string>;
  /** Most milliseconds one message may take to be answered (default 60 000). */
  timeoutMs?: number;
  name?: string;
}

/**
 * The agent under test behind the Agent2Agent protocol (A2A v1.0, with the
 * official `@a2a-js/sdk` client): the agent card is read once, the transport
 * it offers is used, and each turn sends the user's new messages as one A2A
 * message. The conversation lives on the agent's side, keyed by the context
 * id it gives (one per thread, so concurrent runs never mix); when the agent
 * answers with a task that requires input, the next user message continues
 * that task. A task that fails, is canceled or rejected, or needs
 * authentication ends the run `error` with `A2AAgentError` naming the state.
 *
 * @example
 * ```ts
 * agents: [a2aAgent({ url: "http://127.0.0.1:41241" }), userSimulatorAgent(), judgeAgent({ criteria: ["…"] })]
 * ```
 */
export function a2aAgent(options: A2AAgentOptions): Agent {
  checkEndpoint(options.url, "url", "a2aAgent");
  const url = options.url.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 60_000;
  let client: Promise<SdkClient> | undefined;
  // per thread: the agent's context, and the task it asked for input in
  const threads = new Map<string, { contextId?: string; openTask?: string }>();

  const connect = async (): Promise<SdkClient> => {
    const sdk = await loadSdk();
    const headers = options.headers ?? {};
    const fetchImpl: typeof fetch = (input, init) =>
      fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), ...headers } });
    // v0.3 agents (most in the wild) are spoken to in v0.3 through the SDK's compatibility layer
    const legacyCompat = { enabled: true };
    const factory = new sdk.ClientFactory(
      sdk.ClientFactoryOptions.createFrom(sdk.ClientFactoryOptions.default, {
        transports: [
          new sdk.JsonRpcTransportFactory({ fetchImpl, legacyCompat }),
          new sdk.RestTransportFactory({ fetchImpl, legacyCompat }),
        ],
        cardResolver: new sdk.DefaultAgentCardResolver({ fetchImpl, legacyCompat }),
      }),
    );
    try {
      return await factory.createFromUrl(url, options.cardPath);
    } catch (error) {
      throw new A2AAgentError(`could not read the A2A agent card at ${url}: ${(error as Error).message}`, { url, cause: error });
    }
  };

  return {
    name: options.name ?? "A2AAgent",
    role: AgentRole.AGENT,
    // the agent remembers the conversation (its context): rollbacks and forks cannot rewind it
    keepsHistory: true,
    async call(input: AgentInput): Promise<AssistantModelMessage> {
      client ??= connect();
      const ready = await client.catch((error: unknown) => {
        client = undefined;
        throw error;
      });
      const { Message } = await loadSdk();
      const thread = threads.get(input.threadId) ?? {};
      const text = input.newMessages
        .filter((message) => message.role === "user")
        .map(messageText)
        .join("\n");
      const message = Message.fromJSON({
        messageId: `${input.threadId}-${input.messages.length}`,
        role: "ROLE_USER",
        parts: [{ text }],
        ...(thread.contextId ? { contextId: thread.contextId } : {}),
        ...(thread.openTask ? { taskId: thread.openTask } : {}),
      });
      const signal = input.signal
        ? AbortSignal.any([input.signal, AbortSignal.timeout(timeoutMs)])
        : AbortSignal.timeout(timeoutMs);
      let result: Awaited<ReturnType<SdkClient["sendMessage"]>>;
      try {
        result = await ready.sendMessage({ message } as never, { signal });
      } catch (error) {
        const reason = signal.aborted && !input.signal?.aborted ? `no answer within ${timeoutMs} ms` : (error as Error).message;
        throw new A2AAgentError(`the A2A agent at ${url} failed: ${reason}`, { url, cause: error });
      }
      const reply = replyOf(result, url);
      threads.set(input.threadId, {
        ...((reply.contextId ?? thread.contextId) ? { contextId: reply.contextId ?? thread.contextId } : {}),
        ...(reply.openTask ? { openTask: reply.openTask } : {}),
      });
      return { role: "assistant", content: reply.text };
    },
  };
}
