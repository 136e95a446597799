import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { createRehearse, loadScenarioFiles } from "@rehearse/core";
import { describe, expect, it } from "vitest";

const scenarioFile = fileURLToPath(new URL("./shop.scenario.yaml", import.meta.url));

describe("the MCP shop", () => {
  it("runs end to end over streamable HTTP: the agent retries the rate-limited refund and the end state has one refund", async () => {
    const [loaded] = await loadScenarioFiles([scenarioFile]);
    const rehearse = createRehearse({ configFile: false, env: {} });
    const result = await rehearse.run(loaded!.config);
    await rehearse.close();
    expect(result.status).toBe("pass");
    expect(result.toolCalls?.map((call) => [call.toolName, call.error === undefined])).toEqual([
      ["get_order", true],
      ["refund", false],
      ["refund", true],
    ]);
    expect(result.scenarioRun?.final_state).toMatchObject({ refunds: [{ order_id: "A100", amount: 40 }] });
    expect(result.messages.at(-1)).toMatchObject({ role: "assistant", content: "I refunded $40 for order A100." });
  });

  it("serves one session over stdio to the SDK's stdio client, with the same fault and end-state checks", async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [fileURLToPath(new URL("./serve-stdio.mjs", import.meta.url))],
      stderr: "pipe",
    });
    let errorOutput = "";
    transport.stderr?.on("data", (chunk: Buffer) => {
      errorOutput += chunk.toString();
    });
    const client = new Client({ name: "stdio-test-client", version: "1.0.0" });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["get_order", "refund"]);
    const limited = await client.callTool({ name: "refund", arguments: { order_id: "A100" } });
    expect(limited).toMatchObject({ isError: true, structuredContent: { error: { type: "rate_limit" } } });
    const refunded = await client.callTool({ name: "refund", arguments: { order_id: "A100" } });
    expect(refunded).toMatchObject({ structuredContent: { ok: true, refunded: 40 } });
    const exited = new Promise<void>((resolve) => {
      transport.onclose = () => resolve();
    });
    await client.close();
    await exited;
    await new Promise<void>((resolve) => setImmediate(resolve));
    const outcome = JSON.parse(errorOutput.trim().split("\n").at(-1) ?? "{}");
    expect(outcome).toMatchObject({
      status: "pass",
      calls: [{ tool: "refund", error: expect.stringContaining("rate_limit") }, { tool: "refund" }],
      final_state: { refunds: [{ order_id: "A100", amount: 40 }] },
    });
  });
});
