import type { AddressInfo } from "node:net";
import { AGENT_CARD_PATH, Message, Task } from "@a2a-js/sdk";
import { DefaultRequestHandler, InMemoryTaskStore, type RequestContext } from "@a2a-js/sdk/server";
import { agentCardHandler, jsonRpcHandler, UserBuilder } from "@a2a-js/sdk/server/express";
import express from "express";

/** What the local agent answers a user text with. */
export type LocalAnswer =
  | { message: string }
  | { task: "input_required" | "completed" | "failed"; text?: string; artifact?: string };

/** What the local agent received: each user text with its context and task ids and the request headers. */
export interface LocalRequest {
  readonly text: string;
  readonly contextId: string;
  readonly taskId: string;
  readonly continuesTask: boolean;
  readonly authorization: string | undefined;
}

/** A real A2A v1.0 server (the SDK's own request handler and Express transport) on 127.0.0.1, for tests. */
export interface LocalA2AServer {
  readonly url: string;
  readonly requests: readonly LocalRequest[];
  close(): Promise<void>;
}

/** Starts an A2A agent on a free port of 127.0.0.1 that answers each user text with `answer`. */
export async function startLocalA2AServer(answer: (text: string, turn: number) => LocalAnswer): Promise<LocalA2AServer> {
  const requests: LocalRequest[] = [];
  let port = 0;
  let authorization: string | undefined;
  const card = async () => ({
    name: "local shop agent",
    description: "answers as told, for tests",
    version: "1.0.0",
    supportedInterfaces: [
      { url: `http://127.0.0.1:${port}/a2a/jsonrpc`, protocolBinding: "JSONRPC", protocolVersion: "1.0", tenant: "" },
    ],
    capabilities: { streaming: false, pushNotifications: false, extensions: [] },
    defaultInputModes: ["text/plain"],
    defaultOutputModes: ["text/plain"],
    skills: [],
    securitySchemes: {},
    securityRequirements: [],
    signatures: [],
    provider: undefined,
  });
  const executor = {
    async execute(context: RequestContext, bus: { publish(event: unknown): void; finished(): void }) {
      const text = context.userMessage.parts.map((part) => (part.content?.$case === "text" ? part.content.value : "")).join("");
      requests.push({
        text,
        contextId: context.contextId,
        taskId: context.taskId,
        continuesTask: context.task !== undefined,
        authorization,
      });
      const reply = answer(text, requests.length);
      const message = (said: string) => ({ messageId: `a-${requests.length}`, role: "ROLE_AGENT", parts: [{ text: said }] });
      if ("message" in reply)
        bus.publish({ kind: "message", data: Message.fromJSON({ ...message(reply.message), contextId: context.contextId }) });
      else {
        const state = {
          input_required: "TASK_STATE_INPUT_REQUIRED",
          completed: "TASK_STATE_COMPLETED",
          failed: "TASK_STATE_FAILED",
        }[reply.task];
        const task = {
          id: context.taskId,
          contextId: context.contextId,
          status: { state, ...(reply.text ? { message: message(reply.text) } : {}) },
          artifacts: reply.artifact ? [{ artifactId: "result", parts: [{ text: reply.artifact }] }] : [],
          history: [],
        };
        bus.publish({ kind: "task", data: Task.fromJSON(task) });
      }
      bus.finished();
    },
    async cancelTask() {},
  };
  const handler = new DefaultRequestHandler(await card(), new InMemoryTaskStore(), executor as never);
  const app = express();
  app.use((request, _response, next) => {
    authorization = request.headers.authorization;
    next();
  });
  app.use(`/${AGENT_CARD_PATH}`, agentCardHandler({ agentCardProvider: card as never }));
  app.use("/a2a/jsonrpc", jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication }));
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
