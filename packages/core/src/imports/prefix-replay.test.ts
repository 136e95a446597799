import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ModelMessage } from "../domain/messages.js";
import type { AgentInput, ScenarioConfig } from "../domain/scenario.js";
import type { Logger } from "../runner/logger.js";
import { loadScenarioFiles } from "../scenario-file/load-scenario-files.js";
import { isolated } from "../test-support/harness.js";
import { finishTestResult, scriptedModel } from "../testing/mock-models.js";
import { type ImportedConversation, placeholderAgentModule } from "./conversation.js";
import { prefixReplayFiles } from "./prefix-replay.js";
import { prefixReplayReport, withPrefixReplayReport } from "./prefix-replay-report.js";
import { referenceCriteria } from "./replay-steps.js";

const silent: Logger = { error() {}, warn() {}, info() {}, debug() {}, transcript() {} };

/** Production: turn 2 looks an order up, turn 3 is where it went wrong (a refund promised without checking). */
const conversation: ImportedConversation = {
  id: "conv-42",
  source: { format: "openai-jsonl", file: "prod.jsonl", line: 7 },
  messages: [
    { role: "system", content: "You are the shop's assistant." },
    { role: "user", content: "Hi, I have a problem with an order." },
    { role: "assistant", content: "Sorry to hear that. What is the order number?" },
    { role: "user", content: "It is A100." },
    { role: "assistant", content: "", toolCalls: [{ id: "call_1", name: "get_order", arguments: { order_id: "A100" } }] },
    { role: "tool", content: '{"status":"delivered","total":40}', toolCallId: "call_1", toolName: "get_order" },
    { role: "assistant", content: "Order A100 was delivered and cost $40." },
    { role: "user", content: "It arrived broken, refund me $90." },
    { role: "assistant", content: "I have refunded $90 to your card." },
  ],
};

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-prefix-replay-"));
  writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
  writeFileSync(join(directory, "agent.mjs"), `export default { role: "Agent", call: async () => "placeholder" };\n`);
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

async function loadTurn(turn: number | "last", agent = { module: "./agent.mjs" }): Promise<ScenarioConfig> {
  const [file] = prefixReplayFiles(conversation, { turn, agent }).files;
  if (!file) throw new Error("no file");
  writeFileSync(join(directory, file.fileName), file.text);
  const [loaded] = await loadScenarioFiles([file.fileName], { cwd: directory });
  return (loaded as { config: ScenarioConfig }).config;
}

/** The agent under test: answers with `reply` and keeps what it was given. */
function recordingAgent(reply: string) {
  const seen: ModelMessage[][] = [];
  return {
    seen,
    agent: {
      role: "Agent" as const,
      call: async (input: AgentInput) => {
        seen.push([...input.messages]);
        return reply;
      },
    },
  };
}

describe("prefixReplayFiles", () => {
  it("makes stable, unique file names, one per answered turn with turn all", () => {
    const all = prefixReplayFiles(conversation, { turn: "all" }).files;
    expect(all.map((file) => file.turn)).toEqual([1, 2, 3]);
    expect(new Set(all.map((file) => file.fileName)).size).toBe(3);
    expect(all[2]?.fileName).toMatch(/^hi-i-have-a-problem-with-[0-9a-f]{8}-turn-3\.yaml$/);
    expect(prefixReplayFiles(conversation).files.map((file) => file.fileName)).toEqual([all[2]?.fileName]);
    expect(all[0]?.text).toContain(`module: ${placeholderAgentModule}`);
  });

  it("reports a turn that does not exist or has no reply instead of making a file", () => {
    expect(prefixReplayFiles(conversation, { turn: 9 }).problems[0]?.problem).toBe(
      "conversation conv-42: has 3 user turns, so there is no turn 9",
    );
    const unanswered = { ...conversation, messages: conversation.messages.slice(0, 2) };
    expect(prefixReplayFiles(unanswered).problems[0]).toMatchObject({ file: "prod.jsonl", line: 7, field: "turn" });
  });

  it("replays turns 1..k-1 exactly, tool calls included; the judge grades the new reply against the reference", async () => {
    const config = await loadTurn(3);
    const { seen, agent } = recordingAgent("I can refund the $40 the order cost.");
    const scenario = { ...config, agents: [agent, ...config.agents.filter((each) => each.role !== "Agent")] };
    const criteria = referenceCriteria(conversation.messages.slice(8));
    expect(criteria[0]).toContain("I have refunded $90 to your card.");
    const judgeModel = scriptedModel([finishTestResult(Object.fromEntries(criteria.map((criterion) => [criterion, "false"])))]);
    const result = await isolated({ logger: silent, config: { defaultModel: judgeModel } }).run(scenario);

    expect(seen).toHaveLength(1); // only turn 3 calls the agent under test; the earlier replies are fixed
    expect(seen[0]).toEqual([
      { role: "user", content: "Hi, I have a problem with an order." },
      { role: "assistant", content: "Sorry to hear that. What is the order number?" },
      { role: "user", content: "It is A100." },
      {
        role: "assistant",
        content: [{ type: "tool-call", toolCallId: "call_1", toolName: "get_order", input: { order_id: "A100" } }],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "call_1",
            toolName: "get_order",
            output: { type: "text", value: '{"status":"delivered","total":40}' },
          },
        ],
      },
      { role: "assistant", content: "Order A100 was delivered and cost $40." },
      { role: "user", content: "It arrived broken, refund me $90." },
    ]);
    expect(JSON.stringify(judgeModel.doGenerateCalls[0]?.prompt)).toContain("I have refunded $90 to your card.");
    expect(result.status).toBe("fail");

    const report = await prefixReplayReport(result);
    expect(report).toMatchObject({
      conversationId: "conv-42",
      turn: 3,
      reference: "I have refunded $90 to your card.",
      reply: "I can refund the $40 the order cost.",
      identical: false,
    });
    expect(report?.diff).toContain("-I have refunded $90 to your card.");
    expect(report?.diff).toContain("+I can refund the $40 the order cost.");
    expect((await withPrefixReplayReport(result)).reports?.["prefix-replay"]).toEqual(report);
  });

  it("ends skipped, naming the setting, when no judge model is configured", async () => {
    const config = await loadTurn("last");
    const result = await isolated({ logger: silent }).run(config);
    expect(result.status).toBe("skipped");
    expect(result.reasoning).toContain("defaultModel");
  });

  it("without an agent names a placeholder module that loading reports at agent.module", async () => {
    const [file] = prefixReplayFiles(conversation).files;
    writeFileSync(join(directory, file?.fileName ?? ""), file?.text ?? "");
    await expect(loadScenarioFiles([file?.fileName ?? ""], { cwd: directory })).rejects.toThrow(
      /agent\.module.*REPLACE-WITH-YOUR-AGENT/s,
    );
  });
});
