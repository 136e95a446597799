import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { criterionParamNames } from "@rehearse/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cleanEnvironment, rehearseAsync } from "../src/cli/test-support/bin.js";
import { type FakeProviderServer, type FakeReply, startFakeProviderServer } from "../src/test-support/fake-provider-server.js";

// Black-box (`npm run build` first): a project written for @langwatch/scenario, whose only
// config is its scenario.config.js with an AI SDK model pointing to a fake provider on
// 127.0.0.1, runs with the import changed to @rehearse/core and through `rehearse run`.

const workspaceModules = fileURLToPath(new URL("../../../node_modules", import.meta.url));
const criterion = "The agent repeats the customer's request";
const simulatorLine = "Hi, I'd like a refund for order 7.";

let directory: string;
let fake: FakeProviderServer;
beforeEach(async () => {
  fake = await startFakeProviderServer();
  directory = mkdtempSync(join(tmpdir(), "rehearse-reference-config-"));
  // the project's own node_modules: @rehearse/core, ai and the provider packages, as after an install
  symlinkSync(workspaceModules, join(directory, "node_modules"), "dir");
  write("package.json", JSON.stringify({ type: "module" }));
  write(
    "scenario.config.js",
    [
      'import { createOpenAICompatible } from "@ai-sdk/openai-compatible";',
      'import { defineConfig } from "@rehearse/core";',
      "",
      `const local = createOpenAICompatible({ name: "local", baseURL: "${fake.origin}/v1" });`,
      "",
      "export default defineConfig({",
      '  defaultModel: { model: local.chatModel("reference-model"), temperature: 0.2, maxTokens: 300 },',
      '  observability: { serviceName: "refund-bot" },',
      "});",
    ].join("\n"),
  );
  write(
    "agents.mjs",
    'export const echo = { role: "Agent", call: async (input) => "You said: " + String(input.messages.at(-1)?.content ?? "") };',
  );
});
afterEach(async () => {
  await fake.close();
  rmSync(directory, { recursive: true, force: true });
});

function write(name: string, text: string): void {
  writeFileSync(join(directory, name), text);
}

/** The simulator's line, then the judge's verdict meeting the criterion. */
function replies(): FakeReply[] {
  const [name] = criterionParamNames([criterion]);
  return [
    { text: simulatorLine },
    {
      toolCall: {
        name: "finish_test",
        input: { criteria: { [String(name)]: "true" }, reasoning: "The agent echoed the request.", verdict: "success" },
      },
    },
  ];
}

/** What the fake received: one simulator call and one judge call, both with the config's model and settings. */
function expectBothCallsUsedTheConfig(): void {
  expect(fake.requests.map((request) => request.path)).toEqual(["/v1/chat/completions", "/v1/chat/completions"]);
  for (const request of fake.requests) {
    expect(request.body).toMatchObject({ model: "reference-model", max_tokens: 300 });
  }
  expect(fake.requests[0]?.body).toMatchObject({ temperature: 0.2 });
  // the judge is asked for a verdict through its tools
  expect(JSON.stringify(fake.requests[1]?.body)).toContain("finish_test");
}

function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: directory, encoding: "utf8", env: cleanEnvironment() }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe("a project configured only by the reference's scenario.config.js", () => {
  it("runs a simulator and a judge given no model, both calling the model of scenario.config.js", async () => {
    write(
      "refund.test.mjs",
      [
        'import scenario, { AgentRole, judgeAgent, userSimulatorAgent } from "@rehearse/core";',
        'import { echo } from "./agents.mjs";',
        "",
        "const result = await scenario.run({",
        '  name: "refund",',
        '  description: "A customer asks for a refund of order 7.",',
        `  agents: [echo, userSimulatorAgent(), judgeAgent({ criteria: [${JSON.stringify(criterion)}] })],`,
        "  script: [scenario.user(), scenario.agent(), scenario.judge()],",
        "});",
        "const schema = scenario.scenarioProjectConfigSchema;",
        "const checked = [schema.safeParse({ headless: true }).success, schema.safeParse({ headles: true }).success];",
        "const { status, reasoning, messages } = result;",
        'console.log("RESULT " + JSON.stringify({ status, reasoning, messages, checked, role: AgentRole.AGENT }));',
      ].join("\n"),
    );
    fake.enqueue(...replies());

    const { code, stdout, stderr } = await node(["refund.test.mjs"]);

    const line = stdout.split("\n").find((text) => text.startsWith("RESULT "));
    if (!line) throw new Error(`the child printed no result (exit ${code}):\n${stdout}\n${stderr}`);
    const output = JSON.parse(line.slice("RESULT ".length));
    expect(output.status).toBe("pass");
    expect(output.reasoning).toBe("The agent echoed the request.");
    expect(output.messages).toEqual([
      { role: "user", content: simulatorLine },
      { role: "assistant", content: `You said: ${simulatorLine}` },
    ]);
    expect(output.checked).toEqual([true, false]);
    expectBothCallsUsedTheConfig();
    // observability sets tracing up (serviceName is one of its options): nothing to tell, nothing exported
    expect(stderr.split("\n").filter((text) => text.includes("observability"))).toEqual([]);
  });

  it("runs a YAML scenario with user: { simulator: {} } and a judge through rehearse run", async () => {
    write(
      "refund.scenario.yaml",
      [
        "name: Refund through the CLI",
        "description: A customer asks for a refund of order 7.",
        "agent: { module: ./agents.mjs, export: echo }",
        "user: { simulator: {} }",
        `judge: { criteria: [${JSON.stringify(criterion)}] }`,
        "script:",
        "  - { type: user }",
        "  - { type: agent }",
        "  - { type: judge }",
      ].join("\n"),
    );
    fake.enqueue(...replies());

    const { code, stdout, stderr } = await rehearseAsync(directory, ["run", "refund.scenario.yaml"]);

    expect({ code, stdout }).toEqual({
      code: 0,
      stdout:
        "PASS   Refund through the CLI  — The agent echoed the request.\n1 passed, 0 failed, 0 errors, 0 skipped\n" +
        "models: 2 calls, 20 input + 10 output tokens, cost unknown (a model has no price)\n",
    });
    expect(stderr).not.toMatch(/observability/);
    expectBothCallsUsedTheConfig();
  });
});
