import type { Agent, AgentInput } from "../../domain/agent.js";
import { ConfigError } from "../../domain/errors.js";
import { loadOnce } from "../../domain/load-once.js";
import type { AssistantModelMessage } from "../../domain/messages.js";
import { AgentRole } from "../../domain/roles.js";
import type { ScenarioToolSet } from "../../domain/tools.js";
import type { ChatMessage, replySchemas } from "./chat-messages.js";
import { checkEndpoint, DEFAULT_TIMEOUT_MS, type HttpRequest, parseJsonReply, replyError, sendRequest } from "./send-request.js";

const loadChatMessages = loadOnce(() => import("./chat-messages.js"));

/** Options of `openAICompatibleAgent`. */
export interface OpenAICompatibleAgentOptions {
  /** The API root, e.g. `http://127.0.0.1:8000/v1`; requests go to `${baseURL}/chat/completions`. */
  baseURL: string;
  model: string;
  /** Sent as `Authorization: Bearer <apiKey>`; never shown in messages. */
  apiKey?: string;
  headers?: Record<string, string>;
  /** Default 60 000. */
  timeoutMs?: number;
  name?: string;
  /** Sent first, as a `system` message. */
  systemPrompt?: string;
  temperature?: number;
  /** More request fields (`max_tokens`, `tools`, …); `model` and `messages` always win. */
  extraBody?: Record<string, unknown>;
  /**
   * Send the scenario's tools that declare a JSON Schema `parameters` (the
   * environment's tools) as `tools` in OpenAI function format, so a plain
   * model endpoint can call them; the harness executes the calls. Default
   * true; ignored when `extraBody.tools` is set.
   */
  sendTools?: boolean;
  /**
   * How user messages' images and files are sent: `"inline"` (default) as
   * OpenAI content parts (`image_url`, `file` with base64 `file_data`),
   * `"placeholder"` as `[file: <media type>]` text for text-only endpoints.
   */
  files?: "inline" | "placeholder";
}

/**
 * The agent under test behind an OpenAI-compatible chat-completions endpoint
 * (vLLM, Ollama, LiteLLM, your own server). Each call sends the whole
 * conversation; the first choice's message becomes the reply, its
 * `tool_calls` assistant `tool-call` parts (returned, not executed).
 * Timeouts and non-2xx answers fail the run with `HttpAgentError` (status and
 * body excerpt).
 *
 * @example
 * ```ts
 * const agent = openAICompatibleAgent({ baseURL: "http://127.0.0.1:8000/v1", model: "my-agent", apiKey: process.env.AGENT_KEY });
 * await run({ name: "greets", description: "…", agents: [agent], script: [user("hi"), agent(), succeed()] });
 * ```
 */
export function openAICompatibleAgent(options: OpenAICompatibleAgentOptions): Agent {
  checkEndpoint(options.baseURL, "baseURL", "openAICompatibleAgent");
  if (typeof options.model !== "string" || options.model === "") {
    throw new ConfigError("openAICompatibleAgent: model is required (the model name the endpoint expects)", {
      source: "openAICompatibleAgent()",
      path: "model",
    });
  }
  const url = `${options.baseURL.replace(/\/+$/, "")}/chat/completions`;
  const headers: Record<string, string> = {
    "content-type": "application/json",
    ...options.headers,
    ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}),
  };
  const system: ChatMessage[] = options.systemPrompt ? [{ role: "system", content: options.systemPrompt }] : [];
  const label = `${options.name ?? "openAICompatibleAgent"} POST ${url}`;
  let schemas: ReturnType<typeof replySchemas> | undefined;

  return {
    name: options.name ?? "OpenAICompatibleAgent",
    role: AgentRole.AGENT,
    async call(input: AgentInput): Promise<AssistantModelMessage> {
      // the chat-message conversion loads with the first call, not with the package
      const { assistantMessage, firstIssue, replySchemas, toChatMessages, toolCallContent } = await loadChatMessages();
      const body = {
        ...options.extraBody,
        model: options.model,
        messages: [...system, ...toChatMessages(input.messages, { files: options.files ?? "inline" })],
        ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      };
      if (options.sendTools !== false && options.extraBody?.tools === undefined && input.tools) {
        const tools = functionTools(input.tools);
        if (tools.length > 0) Object.assign(body, { tools });
      }
      const request: HttpRequest = {
        label,
        url,
        method: "POST",
        headers,
        body: JSON.stringify(body),
        timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        ...(input.signal ? { signal: input.signal } : {}),
      };
      const reply = await sendRequest(request);
      const json = parseJsonReply(request, reply);
      schemas ??= replySchemas(await import("zod"));
      const parsed = schemas.completion.safeParse(json);
      if (!parsed.success) {
        throw replyError(request, reply, `answered a body that is not a chat completion (${firstIssue(parsed.error)})`);
      }
      const message = parsed.data.choices[0]?.message;
      const content = message?.content;
      const text = typeof content === "string" ? content : (content ?? []).map((part) => part.text ?? "").join("");
      const toolCalls = (message?.tool_calls ?? []).map((call, index) =>
        toolCallContent(call, `call_${input.messages.length}_${index}`),
      );
      return assistantMessage(text || message?.refusal || "", toolCalls);
    },
  };
}

/** Tools with a JSON Schema `parameters` object, in OpenAI function-tool format. */
function functionTools(tools: ScenarioToolSet): Array<{ type: "function"; function: Record<string, unknown> }> {
  return Object.entries(tools).flatMap(([name, tool]) => {
    const parameters = tool.parameters;
    if (typeof parameters !== "object" || parameters === null) return [];
    return [
      {
        type: "function" as const,
        function: { name, ...(tool.description ? { description: tool.description } : {}), parameters },
      },
    ];
  });
}
