import type { Agent, AgentInput } from "../../domain/agent.js";
import { ConfigError } from "../../domain/errors.js";
import { loadOnce } from "../../domain/load-once.js";
import { type AssistantModelMessage, type ModelMessage, messageText } from "../../domain/messages.js";
import { AgentRole } from "../../domain/roles.js";
import { compileTemplate, compileTextTemplate, type Template, type TemplateValues } from "./body-template.js";
import type { replySchemas, ToolCallContent } from "./chat-messages.js";
import { formatPath, kindOf, parseResponsePath, type ResponsePath, resolvePath } from "./response-path.js";
import {
  checkEndpoint,
  DEFAULT_TIMEOUT_MS,
  type HttpReply,
  type HttpRequest,
  parseJsonReply,
  replyError,
  sendRequest,
} from "./send-request.js";

const loadChatMessages = loadOnce(() => import("./chat-messages.js"));

/** Stateful mode: the endpoint keeps the conversation, keyed by a session id. */
export interface HttpSessionOptions {
  /** Response path where the server returns its session id; used for the rest of the thread once seen. */
  idPath?: string;
}

/** Options of `httpAgent`. */
export interface HttpAgentOptions {
  /** The endpoint. May hold placeholders (`{{threadId}}`), URL-encoded when filled in. */
  url: string;
  /** Default `POST`. `GET` and `HEAD` send no body. */
  method?: string;
  /** Header values may hold placeholders, filled in as text. */
  headers?: Record<string, string>;
  /**
   * The request body: JSON whose strings may hold `{{message}}`, `{{messages}}`,
   * `{{history}}`, `{{threadId}}`, `{{sessionId}}`. Sent as JSON, or as plain
   * text when it renders to a string.
   */
  body?: unknown;
  /** Where the reply text is in the JSON response, e.g. `choices[0].message.content`. */
  responsePath: string;
  /** Where tool calls are in the JSON response; they become `tool-call` parts (not executed). */
  toolCallsPath?: string;
  /** `true` or `{ idPath }`: send only new messages and a session id. Default: stateless (full history). */
  session?: boolean | HttpSessionOptions;
  /** Default 60 000. */
  timeoutMs?: number;
  name?: string;
}

/**
 * The agent under test behind any JSON HTTP endpoint. The body is a template
 * filled in for each call; the reply is read from the JSON response with a
 * path. Stateless by default: `{{messages}}` is the whole conversation. With
 * `session`, `{{messages}}` holds only the new messages and `{{sessionId}}`
 * the thread id until the server returns its own at `session.idPath`.
 * Tool calls found at `toolCallsPath` are returned as assistant `tool-call`
 * parts, not executed. Timeouts and non-2xx answers fail the run with
 * `HttpAgentError` (status and body excerpt).
 *
 * @example
 * ```ts
 * const agent = httpAgent({
 *   url: "http://127.0.0.1:8080/chat",
 *   headers: { authorization: `Bearer ${process.env.AGENT_TOKEN}` },
 *   body: { input: "{{message}}", session: "{{sessionId}}" },
 *   responsePath: "data.reply",
 *   session: { idPath: "data.session" },
 * });
 * ```
 */
export function httpAgent(options: HttpAgentOptions): Agent {
  const method = (options.method ?? "POST").toUpperCase();
  checkEndpoint(options.url, "url", "httpAgent");
  if ((method === "GET" || method === "HEAD") && options.body !== undefined) {
    throw new ConfigError(`httpAgent: a ${method} request cannot send a body; put placeholders in url instead`, {
      source: "httpAgent()",
      path: "body",
    });
  }
  const url = compileTextTemplate(options.url, "url", encodeURIComponent);
  const body = options.body === undefined ? undefined : compileTemplate(options.body, "body");
  const headers = Object.entries(options.headers ?? {}).map(
    ([key, value]) => [key, compileTextTemplate(value, `headers[${JSON.stringify(key)}]`)] as const,
  );
  const responsePath = parseResponsePath(options.responsePath, "responsePath");
  const toolCallsPath =
    options.toolCallsPath === undefined ? undefined : parseResponsePath(options.toolCallsPath, "toolCallsPath");
  const session = options.session === true ? {} : options.session || undefined;
  const idPath = session?.idPath === undefined ? undefined : parseResponsePath(session.idPath, "session.idPath");
  const label = `${options.name ?? "httpAgent"} ${method} ${options.url}`;
  // Per thread, so concurrent runs sharing this agent never mix sessions.
  const sessions = new Map<string, string>();
  let schemas: ReturnType<typeof replySchemas> | undefined;

  return {
    name: options.name ?? "HttpAgent",
    role: AgentRole.AGENT,
    // with a session the server remembers the conversation: rollbacks and forks cannot rewind it
    keepsHistory: session !== undefined,
    async call(input: AgentInput): Promise<AssistantModelMessage> {
      // the chat-message conversion loads with the first call, not with the package
      const chat = await loadChatMessages();
      const { toChatMessages } = chat;
      const values: TemplateValues = {
        message: lastUserText(input.newMessages),
        messages: toChatMessages(session ? input.newMessages : input.messages),
        history: toChatMessages(input.messages),
        threadId: input.threadId,
        sessionId: sessions.get(input.threadId) ?? input.threadId,
      };
      const request = buildRequest(label, method, url, headers, body, values, options.timeoutMs, input.signal);
      const reply = await sendRequest(request);
      const json = parseJsonReply(request, reply);
      if (idPath) rememberSession(request, reply, idPath, json, (id) => sessions.set(input.threadId, id));
      let toolCalls: ToolCallContent[] = [];
      if (toolCallsPath) {
        schemas ??= chat.replySchemas(await import("zod"));
        toolCalls = readToolCalls(request, reply, toolCallsPath, json, schemas, input.messages.length, chat);
      }
      return chat.assistantMessage(readText(request, reply, responsePath, json, toolCalls.length > 0), toolCalls);
    },
  };
}

function buildRequest(
  label: string,
  method: string,
  url: Template<string>,
  headers: ReadonlyArray<readonly [string, Template<string>]>,
  body: Template | undefined,
  values: TemplateValues,
  timeoutMs: number | undefined,
  signal: AbortSignal | undefined,
): HttpRequest {
  const rendered = body?.(values);
  const text = rendered === undefined ? undefined : typeof rendered === "string" ? rendered : JSON.stringify(rendered);
  const contentType = typeof rendered === "string" ? "text/plain; charset=utf-8" : "application/json";
  const requestHeaders: Record<string, string> = text === undefined ? {} : { "content-type": contentType };
  for (const [key, value] of headers) {
    // A user's Content-Type replaces ours whatever its case.
    if (key.toLowerCase() === "content-type") delete requestHeaders["content-type"];
    requestHeaders[key] = value(values);
  }
  return {
    label,
    url: url(values),
    method,
    headers: requestHeaders,
    ...(text === undefined ? {} : { body: text }),
    timeoutMs: timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(signal ? { signal } : {}),
  };
}

/** `{{message}}`: the last user message the agent has not seen yet, `""` when there is none. */
function lastUserText(messages: readonly ModelMessage[]): string {
  const last = messages.findLast((message) => message.role === "user");
  return last ? messageText(last) : "";
}

function readText(request: HttpRequest, reply: HttpReply, path: ResponsePath, json: unknown, hasToolCalls: boolean): string {
  const resolution = resolvePath(path, json);
  if (resolution.found && typeof resolution.value === "string") return resolution.value;
  // A reply made only of tool calls has no text: OpenAI-style endpoints send null or leave the key out.
  const absent = resolution.found ? resolution.value === null : resolution.failedAt === path.segments.length - 1;
  if (hasToolCalls && absent) return "";
  if (resolution.found) {
    throw replyError(request, reply, `responsePath "${path.source}" found ${kindOf(resolution.value)}, expected a string`);
  }
  throw replyError(request, reply, pathMiss("responsePath", path, resolution.failedAt, resolution.reason));
}

function readToolCalls(
  request: HttpRequest,
  reply: HttpReply,
  path: ResponsePath,
  json: unknown,
  schemas: ReturnType<typeof replySchemas>,
  messageCount: number,
  { firstIssue, toolCallContent }: typeof import("./chat-messages.js"),
): ToolCallContent[] {
  const resolution = resolvePath(path, json);
  if (!resolution.found) {
    // Endpoints leave the key out when there are no tool calls; a missing parent is a wrong path.
    if (resolution.failedAt === path.segments.length - 1) return [];
    throw replyError(request, reply, pathMiss("toolCallsPath", path, resolution.failedAt, resolution.reason));
  }
  if (resolution.value === null) return [];
  const parsed = schemas.toolCalls.safeParse(resolution.value);
  if (!parsed.success) {
    throw replyError(
      request,
      reply,
      `toolCallsPath "${path.source}" found ${kindOf(resolution.value)} that is not a list of tool calls ({ id, function: { name, arguments } } or { id?, name, arguments | input }) at ${firstIssue(parsed.error)}`,
    );
  }
  return parsed.data.map((call, index) => toolCallContent(call, `call_${messageCount}_${index}`));
}

function rememberSession(
  request: HttpRequest,
  reply: HttpReply,
  path: ResponsePath,
  json: unknown,
  remember: (id: string) => void,
): void {
  const resolution = resolvePath(path, json);
  // Servers often return the id only once; keep the one already known.
  if (!resolution.found || resolution.value === null || resolution.value === "") return;
  const id = resolution.value;
  if (typeof id !== "string" && typeof id !== "number") {
    throw replyError(request, reply, `session.idPath "${path.source}" found ${kindOf(id)}, expected a string or a number`);
  }
  remember(String(id));
}

function pathMiss(option: string, path: ResponsePath, failedAt: number, reason: string): string {
  const at = formatPath(path.segments, failedAt);
  return `${option} "${path.source}" found nothing at "${at}": ${reason}`;
}
