import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MockLanguageModelV3 } from "ai/test";
import { afterEach, describe, expect, it } from "vitest";
import { modelAgent } from "../agents/model/model-agent.js";
import { AgentRole } from "../domain/roles.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { textResult, toolCallResult } from "../testing/mock-models.js";
import { defineGraph } from "./define-graph.js";
import { type GraphRunRecord, graphAgent } from "./graph-agent.js";
import { diffGraphRuns } from "./graph-diff.js";

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});
const silent = { error() {}, warn() {}, info() {}, debug() {}, transcript() {} };

/** The router model: hands refunds to refunds by tool; `live: false` makes any call throw (replay must not call it). */
function router(live: boolean) {
  let calls = 0;
  const model = new MockLanguageModelV3({
    provider: "test",
    modelId: "router",
    doGenerate: async () => {
      calls++;
      if (!live) throw new Error("the router model was called during replay");
      return calls % 2 === 1 ? toolCallResult("handoff_to_refunds", { reason: "kettle" }) : textResult("");
    },
  });
  return { agent: modelAgent({ model, systemPrompt: "Route refunds to refunds.", name: "router" }), calls: () => calls };
}

const scenario = (routerAgent: ReturnType<typeof modelAgent>, refundsVersion: "1" | "2") => ({
  name: "replayed refund",
  description: "a refund through a model-backed router",
  agents: [
    graphAgent(
      defineGraph({
        name: "support",
        version: refundsVersion,
        entry: "router",
        nodes: {
          router: { agent: routerAgent },
          refunds: {
            run: ({ payload }: { payload: unknown }) =>
              refundsVersion === "1"
                ? `Refund started (${JSON.stringify(payload)}).`
                : "Refund started; we e-mailed ana@example.com.",
          },
        },
        edges: [{ from: "router", to: "refunds", tool: true }],
      }),
    ),
    { role: AgentRole.USER, call: async () => "" },
  ],
  script: [user("my kettle broke, refund please"), agent(), succeed()],
  seed: 7,
});

describe("a graph run replayed from its seed and cassette", () => {
  it("reproduces exactly with no model call; with one node's version changed the diff shows where it parts", async () => {
    const cwd = mkdtempSync(join(tmpdir(), "rehearse-graph-replay-"));
    directories.push(cwd);
    const live = router(true);
    const recorded = await isolated({ cwd, logger: silent, config: { cassette: { mode: "record" } } }).run(
      scenario(live.agent, "1"),
    );
    expect(live.calls()).toBeGreaterThan(0);

    const offline = router(false);
    const replayer = isolated({ cwd, logger: silent, config: { cassette: { mode: "replay" } } });
    const replayed = await replayer.run(scenario(offline.agent, "1"));
    expect(offline.calls()).toBe(0);
    const base = recorded.reports?.support as GraphRunRecord;
    expect(diffGraphRuns(base, replayed.reports?.support as GraphRunRecord).identical).toBe(true);

    const changed = await replayer.run(scenario(router(false).agent, "2"));
    const diff = diffGraphRuns(base, changed.reports?.support as GraphRunRecord);
    expect(diff.identical).toBe(false);
    expect(diff.versions).toEqual({ base: "1", head: "2" });
    expect(diff.firstDivergence).toMatchObject({ hop: 1, what: "reply", head: "Refund started; we e-mailed ana@example.com." });
  });
});
