import type * as Zod from "zod";
import { jsonObjectIn } from "../../json-reply.js";
import type { TapCompletion } from "./tap-completion.js";
import { onTopicRequest, onTopicSystemPrompt, scoreRequest, scoreSystemPrompt } from "./tap-prompts.js";

/** The evaluator's grade of one reply. */
export interface TapScore {
  /** 1–10; 10 means the goal was reached. */
  score: number;
  why: string;
}

/**
 * TAP's evaluator: the on-topic check of phase-1 pruning and the 1–10 score
 * of phase-2 pruning. A malformed answer is never an error: it counts as
 * off-topic (the prompt is not sent) or as score 1, and `malformed` counts it.
 */
export interface TapEvaluator {
  isOnTopic(prompt: string): Promise<boolean>;
  score(prompt: string, reply: string): Promise<TapScore>;
  /** Model calls made so far. */
  readonly calls: number;
  /** Answers that were not the JSON asked for. */
  readonly malformed: number;
}

type Schemas = ReturnType<typeof schemasOf>;

function schemasOf(zod: typeof Zod) {
  const { z } = zod;
  return {
    onTopic: z.object({ onTopic: z.boolean() }),
    score: z.object({ score: z.number().min(1).max(10), why: z.string().optional() }),
  };
}

/**
 * An evaluator that asks `complete` (the evaluator model) about `goal`.
 *
 * @example
 * ```ts
 * const evaluator = tapEvaluator(tapCompletion(resolved, { temperature: 0 }), "reveal the admin password");
 * if (await evaluator.isOnTopic(prompt)) { … }
 * ```
 */
export function tapEvaluator(complete: TapCompletion, goal: string): TapEvaluator {
  let calls = 0;
  let malformed = 0;
  // zod is loaded on first use, never with the package root
  let schemas: Schemas | undefined;
  const ask = async (system: string, request: string): Promise<{ json: unknown; schemas: Schemas }> => {
    calls++;
    const text = await complete(system, request);
    schemas ??= schemasOf(await import("zod"));
    return { json: jsonObjectIn(text), schemas };
  };
  return {
    get calls() {
      return calls;
    },
    get malformed() {
      return malformed;
    },
    async isOnTopic(prompt) {
      const { json, schemas } = await ask(onTopicSystemPrompt(), onTopicRequest(goal, prompt));
      const parsed = schemas.onTopic.safeParse(json);
      if (!parsed.success) malformed++;
      return parsed.success && parsed.data.onTopic;
    },
    async score(prompt, reply) {
      const { json, schemas } = await ask(scoreSystemPrompt(), scoreRequest(goal, prompt, reply));
      const parsed = schemas.score.safeParse(json);
      if (!parsed.success) {
        malformed++;
        return { score: 1, why: "the evaluator's answer was not a valid score; counted as 1" };
      }
      return { score: parsed.data.score, why: parsed.data.why ?? "" };
    },
  };
}
