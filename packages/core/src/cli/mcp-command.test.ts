import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { ReadBuffer, serializeMessage } from "@modelcontextprotocol/sdk/shared/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";
import { afterEach, describe, expect, it } from "vitest";
import { mcpServeCommand } from "./mcp-command.js";
import { testContext } from "./test-support/cli-test-context.js";

const scenarioFile = `
name: Tickets over MCP
description: The client opens a ticket; the file expects exactly one.
agent: { module: ./agent.mjs }
environment:
  state: { tickets: [] }
  tools:
    create_ticket:
      description: Open a ticket
      parameters: { type: object, properties: { subject: { type: string } }, required: [subject] }
      response: { append: { tickets: "{{input.subject}}" }, result: { created: true } }
    escalate:
      description: Hand the case to a person
      response: { result: { escalated: true } }
injections:
  - { type: tool_error, target_action: escalate, error_type: permission_denied, error_message: only supervisors escalate }
expected_outcomes:
  state:
    - { path: tickets, operator: equals, value: [refund] }
`;

/** The client end of a stdio channel in memory: the SDK's own line framing over two streams. */
function channelPair() {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const buffer = new ReadBuffer();
  const client: Transport = {
    start: async () => {
      fromServer.on("data", (chunk: Buffer) => {
        buffer.append(chunk);
        for (let message = buffer.readMessage(); message; message = buffer.readMessage()) client.onmessage?.(message);
      });
    },
    send: async (message: JSONRPCMessage) => {
      toServer.write(serializeMessage(message));
    },
    close: async () => {
      toServer.end();
      client.onclose?.();
    },
  };
  return { client, server: { input: toServer, output: fromServer } };
}

let directory = "";
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function project(): string {
  directory = mkdtempSync(join(tmpdir(), "rehearse-mcp-"));
  writeFileSync(join(directory, "tickets.yaml"), scenarioFile);
  writeFileSync(join(directory, "agent.mjs"), 'export default { role: "Agent", call: async () => "unused" };\n');
  return directory;
}

describe("rehearse mcp serve", () => {
  it("serves the file's environment over stdio until the client leaves, then reports the run and exits 0", async () => {
    const cwd = project();
    const context = testContext(cwd);
    const { client: transport, server } = channelPair();
    const serving = mcpServeCommand("tickets.yaml", { out: "session.json" }, context, server);
    const client = new Client({ name: "test-client", version: "1.0.0" });
    await client.connect(transport);
    expect((await client.listTools()).tools).toEqual([
      {
        name: "create_ticket",
        description: "Open a ticket",
        inputSchema: { type: "object", properties: { subject: { type: "string" } }, required: ["subject"] },
      },
      { name: "escalate", description: "Hand the case to a person", inputSchema: { type: "object" } },
    ]);
    expect(await client.callTool({ name: "create_ticket", arguments: { subject: "refund" } })).toMatchObject({
      structuredContent: { created: true },
    });
    expect(await client.callTool({ name: "escalate", arguments: {} })).toMatchObject({
      isError: true,
      structuredContent: { error: { type: "permission_denied", message: "only supervisors escalate" } },
    });
    await client.close();
    expect(await serving).toBe(0);
    expect(context.errors).toContain("rehearse mcp serve: pass: 2 tool call(s), 1 answered with an error");
    const record = JSON.parse(readFileSync(join(cwd, "session.json"), "utf8"));
    expect(record.scenarioRun.final_state).toEqual({ tickets: ["refund"] });
    expect(record.toolCalls.map((call: { toolName: string }) => call.toolName)).toEqual(["create_ticket", "escalate"]);
  });

  it("exits 1 when the session breaks the file's expected outcomes, and writes nothing without --out", async () => {
    const cwd = project();
    const context = testContext(cwd);
    const { client: transport, server } = channelPair();
    const serving = mcpServeCommand("tickets.yaml", {}, context, server);
    const client = new Client({ name: "test-client", version: "1.0.0" });
    await client.connect(transport);
    await client.callTool({ name: "create_ticket", arguments: { subject: "refund" } });
    await client.callTool({ name: "create_ticket", arguments: { subject: "again" } });
    await client.close();
    expect(await serving).toBe(1);
    expect(context.errors.join("\n")).toContain('  ✗ end state: state.tickets equals ["refund"] (actual ["refund","again"])');
    expect(readFileSync.bind(null, join(cwd, "session.json"))).toThrow();
  });

  it("names the file's scenarios when --scenario matches none", async () => {
    const cwd = project();
    const { server } = channelPair();
    await expect(mcpServeCommand("tickets.yaml", { scenario: "nope" }, testContext(cwd), server)).rejects.toThrow(
      /no scenario named "nope" \(scenarios: Tickets over MCP\)/,
    );
  });
});
