import { request } from "node:http";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { jsonSchema } from "ai";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { ScenarioToolSet } from "../domain/tools.js";
import { serveMcpOverHttp } from "./serve-mcp-over-http.js";

/** TypeScript scenario tools (`config.tools`) as users write them: zod or the AI SDK's jsonSchema(). */
const tools: ScenarioToolSet = {
  add: {
    description: "Adds two numbers",
    inputSchema: z.object({ a: z.number(), b: z.number() }),
    execute: (input: { a: number; b: number }) => ({ sum: input.a + input.b }),
  },
  echo: {
    inputSchema: jsonSchema({ type: "object", properties: { text: { type: "string" } } }),
    execute: (input: { text: string }) => input.text,
  },
  broken: { execute: () => Promise.reject(new Error("the database is on fire")) },
};

async function connected(url: string): Promise<Client> {
  const client = new Client({ name: "test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(url)));
  return client;
}

/** POSTs `body` with the given Host header (fetch does not let one set it); resolves to the status. */
function post(url: string, host: string, body: string): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, {
      method: "POST",
      headers: { host, "content-type": "application/json", accept: "application/json, text/event-stream" },
    });
    outgoing.once("response", (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    outgoing.once("error", reject);
    outgoing.end(body);
  });
}

describe("serveMcpOverHttp", () => {
  it("lists TypeScript tools with their zod and jsonSchema() schemas as JSON Schema", async () => {
    const server = await serveMcpOverHttp(tools);
    const client = await connected(server.url);
    const listed = (await client.listTools()).tools;
    await client.close();
    await server.close();
    expect(listed.map((tool) => tool.name)).toEqual(["add", "echo", "broken"]);
    expect(listed[0]).toMatchObject({
      description: "Adds two numbers",
      inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] },
    });
    expect(listed[1]?.inputSchema).toMatchObject({ type: "object", properties: { text: { type: "string" } } });
    expect(listed[2]?.inputSchema).toEqual({ type: "object" });
  });

  it("answers text, objects and failures, and serves several clients the same tools", async () => {
    const server = await serveMcpOverHttp(tools);
    const first = await connected(server.url);
    const second = await connected(server.url);
    expect(await first.callTool({ name: "add", arguments: { a: 2, b: 3 } })).toMatchObject({
      content: [{ type: "text", text: '{"sum":5}' }],
      structuredContent: { sum: 5 },
    });
    expect(await second.callTool({ name: "echo", arguments: { text: "hi" } })).toMatchObject({
      content: [{ type: "text", text: "hi" }],
    });
    expect(await second.callTool({ name: "broken", arguments: {} })).toMatchObject({
      isError: true,
      content: [{ type: "text", text: "the database is on fire" }],
    });
    await Promise.all([first.close(), second.close()]);
    await server.close();
  });

  it("refuses requests whose Host is not this machine, bodies that are not JSON, and paths other than /mcp", async () => {
    const server = await serveMcpOverHttp(tools);
    const initialize = {
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "x", version: "1" } },
    };
    const { port } = new URL(server.url);
    const rebound = await post(server.url, `attacker.example:${port}`, JSON.stringify(initialize));
    const garbled = await post(server.url, `127.0.0.1:${port}`, "{not json");
    const elsewhere = await fetch(server.url.replace("/mcp", "/other"));
    await server.close();
    expect(rebound).toBe(403);
    expect(garbled).toBe(400);
    expect(elsewhere.status).toBe(404);
  });
});
