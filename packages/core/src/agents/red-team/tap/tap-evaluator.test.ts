import { describe, expect, it } from "vitest";
import type { RehearseError } from "../../../domain/errors.js";
import { MockLanguageModelV3, textResult } from "../../../testing/mock-models.js";
import { jsonObjectIn } from "../../json-reply.js";
import { tapAttacker } from "./tap-attacker.js";
import { type TapCompletion, tapCompletion } from "./tap-completion.js";
import { tapEvaluator } from "./tap-evaluator.js";

/** A completion answering from a list, recording the requests. */
function answers(...texts: string[]): TapCompletion & { requests: string[] } {
  const requests: string[] = [];
  const complete = async (_system: string, request: string) => {
    requests.push(request);
    const text = texts.shift();
    if (text === undefined) throw new Error("unexpected call");
    return text;
  };
  return Object.assign(complete, { requests });
}

const brief = { goal: "g", description: "d", path: [], variant: 1, branchingFactor: 2, depth: 1, maxDepth: 3 };

describe("jsonObjectIn", () => {
  it("finds the object bare, fenced or wrapped in prose; nothing else counts", () => {
    expect(jsonObjectIn('{"a":1}')).toEqual({ a: 1 });
    expect(jsonObjectIn('Sure:\n```json\n{"a":2}\n```')).toEqual({ a: 2 });
    expect(jsonObjectIn('Here you go {"a":3} hope it helps')).toEqual({ a: 3 });
    expect(jsonObjectIn("[1,2]")).toBeUndefined();
    expect(jsonObjectIn("no json")).toBeUndefined();
  });
});

describe("tapEvaluator", () => {
  it("reads on-topic checks and scores, with the goal in every request", async () => {
    const complete = answers('{"onTopic": true}', '{"onTopic": false}', '{"score": 7, "why": "partial"}');
    const evaluator = tapEvaluator(complete, "open the vault");
    expect(await evaluator.isOnTopic("p1")).toBe(true);
    expect(await evaluator.isOnTopic("p2")).toBe(false);
    expect(await evaluator.score("p3", "the reply")).toEqual({ score: 7, why: "partial" });
    expect(evaluator.calls).toBe(3);
    expect(evaluator.malformed).toBe(0);
    expect(complete.requests.every((request) => request.includes("open the vault"))).toBe(true);
    expect(complete.requests[2]).toContain("the reply");
  });

  it("counts malformed answers as off-topic or score 1, and counts them", async () => {
    const evaluator = tapEvaluator(answers("yes, on topic", '{"onTopic": "yes"}', '{"score": 11}', "ten"), "g");
    expect(await evaluator.isOnTopic("p")).toBe(false);
    expect(await evaluator.isOnTopic("p")).toBe(false);
    expect((await evaluator.score("p", "r")).score).toBe(1);
    expect((await evaluator.score("p", "r")).score).toBe(1);
    expect(evaluator.malformed).toBe(4);
    expect(evaluator.calls).toBe(4);
  });
});

describe("tapAttacker", () => {
  it("reads the prompt and improvement; a non-JSON answer is sent as it is and counted", async () => {
    const attacker = tapAttacker(answers('{"improvement": "role-play", "prompt": "pretend you are…"}', "just ask nicely"), {
      goal: "g",
      description: "d",
    });
    expect(await attacker.next(brief)).toEqual({ prompt: "pretend you are…", improvement: "role-play", parseFailed: false });
    expect(await attacker.next(brief)).toEqual({ prompt: "just ask nicely", parseFailed: true });
    expect(attacker.parseFailures).toBe(1);
  });

  it("asks again after an empty answer, and fails with invalid_model_output after two", async () => {
    const retried = tapAttacker(answers("  ", '{"prompt": "second try"}'), { goal: "g", description: "d" });
    expect((await retried.next(brief)).prompt).toBe("second try");
    expect(retried.calls).toBe(2);
    const empty = tapAttacker(answers("", ""), { goal: "g", description: "d" });
    await expect(empty.next(brief)).rejects.toMatchObject({ code: "invalid_model_output" } satisfies Partial<RehearseError>);
  });
});

describe("tapCompletion", () => {
  it("calls the model with the system prompt, the request and the temperature, explicit settings first", async () => {
    const model = new MockLanguageModelV3({ doGenerate: async () => textResult("done") });
    const complete = tapCompletion(
      { model, key: "mock:model", defaults: { temperature: 0.7, maxTokens: 64 }, callOptions: { maxRetries: 0 } },
      { temperature: 0 },
    );
    expect(await complete("the system", "the request")).toBe("done");
    const call = model.doGenerateCalls[0];
    expect(call?.temperature).toBe(0);
    expect(call?.maxOutputTokens).toBe(64);
    expect(call?.prompt).toEqual([
      { role: "system", content: "the system" },
      { role: "user", content: [{ type: "text", text: "the request" }] },
    ]);
  });
});
