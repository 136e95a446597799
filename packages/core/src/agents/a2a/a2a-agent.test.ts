import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AgentRole } from "../../domain/roles.js";
import { loadScenarioFiles } from "../../scenario-file/load-scenario-files.js";
import { agent, user } from "../../script/steps.js";
import { isolated } from "../../test-support/harness.js";
import { a2aAgent } from "./a2a-agent.js";
import { type LocalA2AServer, type LocalAnswer, startLocalA2AServer } from "./test-support/local-a2a-server.js";

let server: LocalA2AServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const converse = (target: ReturnType<typeof a2aAgent>, said: string[]) =>
  isolated().run({
    name: "a2a",
    description: "a customer talks to an A2A agent",
    agents: [target, { role: AgentRole.USER, call: async () => "…" }],
    script: said.flatMap((text) => [user(text), agent()]),
  });

/** The run's result, also when it ended in an error (the run rejects, carrying its result). */
const outcome = (running: ReturnType<typeof converse>) =>
  running.catch((thrown: Error & { result?: { status: string; error?: string } }) => ({
    ...thrown.result,
    status: thrown.result?.status ?? "thrown",
    error: thrown.result?.error ?? thrown.message,
  }));

describe("an A2A agent as the agent under test", () => {
  it("talks over A2A (card, JSON-RPC) in one context per conversation, sending only the new user message", async () => {
    server = await startLocalA2AServer((text, turn) => ({ message: `turn ${turn}: you said ${text}` }));
    const target = a2aAgent({ url: server.url, headers: { authorization: "Bearer local-token" } });
    const result = await converse(target, ["where is order 42?", "and order 43?"]);
    expect(result.messages.filter((message) => message.role === "assistant").map((message) => message.content)).toEqual([
      "turn 1: you said where is order 42?",
      "turn 2: you said and order 43?",
    ]);
    const [first, second] = server.requests;
    expect(second?.contextId).toBe(first?.contextId);
    expect(server.requests.map((request) => request.authorization)).toEqual(["Bearer local-token", "Bearer local-token"]);

    // another conversation with the same agent object gets a context of its own
    await converse(target, ["hello"]);
    expect(server.requests[2]?.contextId).not.toBe(first?.contextId);
  });

  it("continues a task that asked for input, and answers with the completed task's artifacts", async () => {
    const answers: LocalAnswer[] = [
      { task: "input_required", text: "Which order should I refund?" },
      { task: "completed", text: "Done.", artifact: "Refund of order 42 issued: 30 EUR." },
    ];
    server = await startLocalA2AServer((_text, turn) => answers[turn - 1] as LocalAnswer);
    const result = await converse(a2aAgent({ url: server.url }), ["I want a refund", "order 42"]);
    expect(result.messages.filter((message) => message.role === "assistant").map((message) => message.content)).toEqual([
      "Which order should I refund?",
      "Done.\nRefund of order 42 issued: 30 EUR.",
    ]);
    expect(server.requests[1]?.continuesTask).toBe(true);
    expect(server.requests[1]?.taskId).toBe(server.requests[0]?.taskId);
  });

  it("ends the run error when the agent's task fails, naming the state and what it said", async () => {
    server = await startLocalA2AServer(() => ({ task: "failed", text: "inventory service unreachable" }));
    const result = await outcome(converse(a2aAgent({ url: server.url }), ["is the kettle in stock?"]));
    expect(result.status).toBe("error");
    expect(result.error).toMatch(
      /A2A agent at http:\/\/127\.0\.0\.1:\d+ ended task .* TASK_STATE_FAILED: inventory service unreachable/,
    );
  });

  it("ends the run error when there is no agent card at the URL", async () => {
    server = await startLocalA2AServer(() => ({ message: "never" }));
    const result = await outcome(converse(a2aAgent({ url: `${server.url}/nowhere`, cardPath: "missing.json" }), ["hi"]));
    expect(result.status).toBe("error");
    expect(result.error).toMatch(/could not read the A2A agent card at http:\/\/127\.0\.0\.1:\d+\/nowhere/);
  });

  it("refuses a URL that is not http(s) when made", () => {
    expect(() => a2aAgent({ url: "ftp://example" })).toThrow(/a2aAgent: url/);
  });

  it("is the agent of a scenario file (`agent: { a2a: { url } }`), headers and all", async () => {
    server = await startLocalA2AServer((text) => ({ message: `echo: ${text}` }));
    const folder = await mkdtemp(join(tmpdir(), "rehearse-a2a-"));
    try {
      const file = join(folder, "a2a.scenario.yaml");
      await writeFile(
        file,
        [
          "name: a2a file",
          "description: a customer asks over A2A",
          `agent: { a2a: { url: "${server.url}", headers: { authorization: Bearer file-token }, name: shop } }`,
          "script:",
          "  - { type: user, content: where is order 42? }",
          "  - { type: agent }",
        ].join("\n"),
      );
      const [loaded] = await loadScenarioFiles([file]);
      const result = await isolated().run(loaded?.config as never);
      expect(result.messages.at(-1)?.content).toBe("echo: where is order 42?");
      expect(server.requests[0]?.authorization).toBe("Bearer file-token");
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
