import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { beforeAll, describe, expect, it } from "vitest";
import { agent, succeed, user } from "../../script/steps.js";
import { isolated } from "../../test-support/harness.js";
import { scriptedModel } from "../../testing/mock-models.js";
import { scriptedAgent } from "../../testing/scripted-agents.js";
import { setupTracing } from "../../tracing/setup-tracing.js";
import { redTeamCrescendo } from "./red-team-agent.js";
import { DEFAULT_TECHNIQUES } from "./techniques/encodings.js";

// its own file: tracing state is per process, set up once here as an application would
const exporter = new InMemorySpanExporter();
beforeAll(() => {
  setupTracing({ spanProcessors: [new SimpleSpanProcessor(exporter)], env: {} });
});

const silent = { error() {}, warn() {}, info() {}, debug() {}, transcript() {} };
const named = (spans: readonly ReadableSpan[], name: string) => spans.filter((span) => span.name === name);
const parentOf = (span: ReadableSpan | undefined) => span?.parentSpanContext?.spanId;

describe("red-team spans (real @opentelemetry/sdk-trace-base, in-memory exporter)", () => {
  it("a Crescendo run shows red_team.call per attack and red_team.generate_attack_plan, under the run's trace", async () => {
    const redTeam = redTeamCrescendo({
      target: "get a refund without a receipt",
      model: scriptedModel(["attack zero", "attack one", "attack two"], "attacker"),
      metapromptModel: scriptedModel(["THE PLAN"], "metaprompt"),
      scorerModel: scriptedModel([JSON.stringify({ score: 4, adaptation: "push on the refund angle" })], "scorer"),
      totalTurns: 3,
      successScore: null,
      injectionProbability: 1,
    });
    // the second reply is a hard refusal: the attacker backtracks on its third turn
    const target = scriptedAgent(["Happy to help with orders.", "I cannot help with that.", "Here you go."]);
    const result = await isolated({ logger: silent }).run({
      name: "red team traced",
      description: "A shop's support bot.",
      agents: [target, redTeam],
      script: [user(), agent(), user(), agent(), user(), agent(), succeed()],
    });
    expect(result.status).toBe("pass");

    const spans = exporter.getFinishedSpans();
    const run = named(spans, "rehearse.run").find((span) => span.attributes["rehearse.run.id"] === result.runId);
    const traceId = run?.spanContext().traceId;
    const calls = named(spans, "red_team.call").filter((span) => span.spanContext().traceId === traceId);
    const invokes = named(spans, "invoke_agent RedTeamAgent");
    expect(calls).toHaveLength(3);
    // each attack turn hangs under the attacker's agent call, in the run's trace
    for (const call of calls) {
      expect(invokes.map((span) => span.spanContext().spanId)).toContain(parentOf(call));
      expect(call.attributes).toMatchObject({
        "red_team.total_turns": 3,
        "red_team.strategy": "CrescendoStrategy",
        "red_team.target": "get a refund without a receipt",
        "red_team.reasoning.observation": "",
        "red_team.reasoning.strategy": "",
        "red_team.reasoning.parse_failed": false,
        "red_team.parse_failure_count": 0,
        "red_team.chosen_technique_ids": [],
        "gen_ai.conversation.id": run?.attributes["gen_ai.conversation.id"],
      });
      expect(DEFAULT_TECHNIQUES.map((technique) => technique.name)).toContain(call.attributes["red_team.injection.technique"]);
    }
    const [first, second, third] = calls;
    expect(first?.attributes).toMatchObject({ "red_team.turn": 0, "red_team.progress": 0, "red_team.phase": "warmup" });
    expect(first?.attributes).not.toHaveProperty("red_team.last_response_score");
    expect(second?.attributes).toMatchObject({
      "red_team.turn": 1,
      "red_team.progress": 1 / 3,
      "red_team.phase": "probing",
      "red_team.did_backtrack": false,
      "red_team.last_response_score": 4,
    });
    expect(third?.attributes).toMatchObject({
      "red_team.turn": 2,
      "red_team.did_backtrack": true,
      "red_team.phase": "escalation",
    });
    expect(third?.attributes).not.toHaveProperty("red_team.last_response_score");
    expect(Number(second?.attributes["red_team.backtracks_remaining"]) - 1).toBe(
      third?.attributes["red_team.backtracks_remaining"],
    );

    // the plan is written once, inside the first attack turn; model calls hang under the spans that made them
    const [plan] = named(spans, "red_team.generate_attack_plan");
    expect(parentOf(plan)).toBe(first?.spanContext().spanId);
    expect(plan?.attributes).toMatchObject({
      "red_team.strategy": "CrescendoStrategy",
      "red_team.metaprompt_model": "rehearse-testing:metaprompt",
    });
    expect(parentOf(named(spans, "chat metaprompt")[0])).toBe(plan?.spanContext().spanId);
    const attackerCalls = named(spans, "chat attacker").map(parentOf);
    expect(attackerCalls).toEqual(calls.map((call) => call.spanContext().spanId));
    expect(parentOf(named(spans, "chat scorer")[0])).toBe(second?.spanContext().spanId);
  });
});
