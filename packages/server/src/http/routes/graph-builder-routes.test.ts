import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, describe, expect, it } from "vitest";
import { type Json, type TestApp, testApp } from "../../test-support/test-app.js";
import { graphProposalSchema, invalidProposalSchema } from "../graph-builder-schemas.js";

const usage = {
  inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 1, text: 1, reasoning: 0 },
};

/** A mock model answering `replies` in order (then failing, so an extra call shows). */
function scripted(replies: string[]) {
  let next = 0;
  return new MockLanguageModelV3({
    provider: "mock",
    modelId: "builder",
    doGenerate: async () => {
      const text = replies[next++];
      if (text === undefined) throw new Error("the mock model was called more often than scripted");
      return { content: [{ type: "text", text }], finishReason: { unified: "stop", raw: "stop" }, usage, warnings: [] };
    },
  });
}

const VALID = `name: support
entry: router
nodes:
  router:
    agent: { module: ./nodes.mjs, export: router }
    contract: { handoffs: [refunds] }
  refunds:
    model: { system_prompt: "You handle refunds." }
edges:
  - { from: router, to: refunds, tool: true }
`;

/** Valid YAML whose edge names a node the graph does not have. */
const UNKNOWN_NODE = VALID.replace("to: refunds, tool", "to: refundz, tool");

const BODY = {
  description: "A router hands refund requests to a refunds desk.",
  agents: [{ name: "router", kind: "agent", module: "./nodes.mjs", export: "router", description: "reads the request" }],
  tools: [{ name: "lookup_order" }],
  name: "support",
};

/** The text of every message the model was sent, in order. */
function promptText(model: MockLanguageModelV3, call: number): string {
  return JSON.stringify(model.doGenerateCalls[call]?.prompt ?? []);
}

describe("graph builder routes", () => {
  let server: TestApp | undefined;
  let fake: Server | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await new Promise<void>((done) => (fake ? fake.close(() => done()) : done()));
    fake = undefined;
  });

  it("returns a checked proposal, with its outline and modules, after one call", async () => {
    const model = scripted([`\`\`\`yaml\n${VALID}\`\`\``]);
    server = await testApp("pglite", { builder: { environment: {}, model } });
    const response = await server.post("/graphs/builder/generate", BODY);
    expect(response.status).toBe(200);
    const body: Json = await response.json();
    expect(graphProposalSchema.parse(body)).toBeTruthy();
    expect(body).toMatchObject({ attempts: 1, model: "mock:builder", modules: ["nodes.mjs"] });
    expect(body.graph).toBe(VALID);
    expect(body.outline.nodes.map((node: Json) => node.name)).toEqual(["router", "refunds"]);
    expect(body.outline.edges).toEqual([{ from: "router", to: "refunds", kind: "tool", tool: "handoff_to_refunds" }]);
    // the model saw the description, the listed agent and the format's JSON Schema
    const prompt = promptText(model, 0);
    expect(prompt).toContain("A router hands refund requests to a refunds desk.");
    expect(prompt).toContain("- router; kind: agent; module: ./nodes.mjs, export: router");
    expect(prompt).toContain("max_hops");
  });

  it("sends the problems back and returns the repaired proposal (attempts 2)", async () => {
    const model = scripted([UNKNOWN_NODE, VALID]);
    server = await testApp("pglite", { builder: { environment: {}, model } });
    const response = await server.post("/api/v1/graphs/builder/generate", BODY);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ attempts: 2, graph: VALID });
    const repair = promptText(model, 1);
    expect(repair).toContain("support.graph.yaml:10:");
    expect(repair).toContain("refundz");
  });

  it("answers 422 with the last proposal and its problems when the repairs fail too", async () => {
    const model = scripted([UNKNOWN_NODE, UNKNOWN_NODE, "name: [not, a, graph"]);
    server = await testApp("pglite", { builder: { environment: {}, model } });
    const response = await server.post("/graphs/builder/generate", BODY);
    expect(response.status).toBe(422);
    const body: Json = await response.json();
    expect(invalidProposalSchema.parse(body)).toBeTruthy();
    expect(body).toMatchObject({ attempts: 3, model: "mock:builder", graph: "name: [not, a, graph\n" });
    expect(body.problems[0]).toMatch(/^support\.graph\.yaml:\d+/);
    expect(model.doGenerateCalls).toHaveLength(3);
  });

  it("refuses a graph importing a module nobody listed, or a listed agent under another name", async () => {
    const stranger = VALID.replace("./nodes.mjs", "./other.mjs");
    const renamed = VALID.replace("entry: router", "entry: dispatcher")
      .replace("  router:", "  dispatcher:")
      .replace("from: router", "from: dispatcher");
    const model = scripted([stranger, renamed, renamed]);
    server = await testApp("pglite", { builder: { environment: {}, model } });
    const response = await server.post("/graphs/builder/generate", BODY);
    expect(response.status).toBe(422);
    expect(promptText(model, 1)).toContain(
      "nodes.router.agent.module: other.mjs is not a listed agent's module (listed: nodes.mjs)",
    );
    const body: Json = await response.json();
    expect(body.problems.join("\n")).toContain("the listed agent router (nodes.mjs) must be the node named router");
  });

  it("names the setting to add when no model is configured", async () => {
    server = await testApp();
    const response = await server.post("/graphs/builder/generate", BODY);
    expect(response.status).toBe(503);
    expect(((await response.json()) as Json).detail).toContain(
      "set REHEARSE_BUILDER_MODEL (a model id such as openai:gpt-4.1-mini) and the provider's key",
    );
  });

  it("names the missing key when the setting's provider has none", async () => {
    server = await testApp("pglite", { builder: { environment: { REHEARSE_BUILDER_MODEL: "openai:gpt-4.1-mini" } } });
    const response = await server.post("/graphs/builder/generate", BODY);
    expect(response.status).toBe(503);
    expect(((await response.json()) as Json).detail).toContain("OPENAI_API_KEY");
  });

  it("refuses an invalid body naming the field, and a per-request openai-compatible model", async () => {
    server = await testApp("pglite", { builder: { environment: {}, model: scripted([]) } });
    const empty = await server.post("/graphs/builder/generate", { description: "" });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as Json).detail).toMatch(/^json\.description/);
    const compatible = await server.post("/graphs/builder/generate", {
      description: "x",
      model: "openai-compatible:http://127.0.0.1:1/v1#m",
    });
    expect(compatible.status).toBe(400);
    expect(((await compatible.json()) as Json).field).toBe("model");
  });

  it("calls a real provider (OpenAI chat completions on 127.0.0.1) and redacts its key from errors", async () => {
    const requests: Json[] = [];
    const replies = [
      { status: 200, body: { choices: [{ index: 0, message: { role: "assistant", content: VALID }, finish_reason: "stop" }] } },
      {
        status: 401,
        body: { error: { message: "Incorrect API key provided: sk-test-secret-key-123", type: "invalid_request_error" } },
      },
    ];
    fake = createServer(async (request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      requests.push({
        path: request.url,
        auth: request.headers.authorization,
        body: JSON.parse(Buffer.concat(chunks).toString()),
      });
      const reply = replies.shift() ?? replies[0];
      response.writeHead(reply?.status ?? 500, { "content-type": "application/json" });
      response.end(JSON.stringify({ id: "c1", object: "chat.completion", created: 1, model: "gpt-test", ...reply?.body }));
    });
    await new Promise<void>((done) => fake?.listen(0, "127.0.0.1", () => done()));
    const port = (fake.address() as AddressInfo).port;
    server = await testApp("pglite", {
      builder: {
        environment: {
          REHEARSE_BUILDER_MODEL: "openai:gpt-test",
          OPENAI_API_KEY: "sk-test-secret-key-123",
          OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
        },
      },
    });
    const response = await server.post("/graphs/builder/generate", BODY);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ attempts: 1, model: "openai:gpt-test", graph: VALID });
    expect(requests[0]).toMatchObject({ path: "/v1/chat/completions", auth: "Bearer sk-test-secret-key-123" });
    expect(requests[0].body.model).toBe("gpt-test");

    const failed = await server.post("/graphs/builder/generate", BODY);
    expect(failed.status).toBe(502);
    const detail: string = ((await failed.json()) as Json).detail;
    expect(detail).toContain("HTTP 401");
    expect(detail).toContain("Incorrect API key provided: [redacted]");
    expect(detail).not.toContain("sk-test-secret-key-123");
  });
});
