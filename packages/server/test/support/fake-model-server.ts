/**
 * An OpenAI-compatible chat-completions server on 127.0.0.1 for tests: every
 * call answers a different text ("reply 1", "reply 2", …), so a run that
 * called it again would come out different; `calls` counts what reached it.
 */
import { createServer, type Server } from "node:http";

export interface FakeModelServer {
  /** `openai-compatible:<url>/v1#fake`. */
  modelId: string;
  calls: number;
  close(): Promise<void>;
}

export async function startFakeModelServer(): Promise<FakeModelServer> {
  const state = { calls: 0 };
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      state.calls++;
      const text = `I still need my refund, attempt ${state.calls}`;
      response.setHeader("content-type", "application/json");
      response.end(
        JSON.stringify({
          id: `chatcmpl-${state.calls}`,
          object: "chat.completion",
          created: 1_700_000_000,
          model: "fake",
          choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
          usage: { prompt_tokens: 10, completion_tokens: 8, total_tokens: 18 },
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    modelId: `openai-compatible:http://127.0.0.1:${port}/v1#fake`,
    get calls() {
      return state.calls;
    },
    set calls(value) {
      state.calls = value;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
