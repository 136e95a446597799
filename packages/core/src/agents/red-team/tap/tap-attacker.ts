import type * as Zod from "zod";
import { RehearseError } from "../../../domain/errors.js";
import { jsonObjectIn } from "../../json-reply.js";
import type { TapCompletion } from "./tap-completion.js";
import { type AttackerBrief, attackerRequest, attackerSystemPrompt } from "./tap-prompts.js";

/** One prompt the attacker wrote. */
export interface TapAttackerOutput {
  prompt: string;
  improvement?: string;
  /** True when the answer was not the JSON asked for and its whole text became the prompt. */
  parseFailed: boolean;
}

/** TAP's attacker: writes one child prompt of a leaf from that leaf's path alone. */
export interface TapAttacker {
  next(brief: AttackerBrief): Promise<TapAttackerOutput>;
  /** Model calls made so far. */
  readonly calls: number;
  /** Answers used as raw text because they were not the JSON asked for. */
  readonly parseFailures: number;
}

function schemaOf(zod: typeof Zod) {
  const { z } = zod;
  return z.object({ prompt: z.string().trim().min(1), improvement: z.string().optional() });
}

/**
 * An attacker that asks `complete` (the attacker model) for prompts. An
 * answer that is not the JSON asked for is sent as it is (models often drop
 * the wrapper); an empty answer is asked for again once, then is an error.
 *
 * @example
 * ```ts
 * const attacker = tapAttacker(tapCompletion(resolved, { temperature: 1 }), { goal, description });
 * const { prompt } = await attacker.next({ goal, description, path: [], variant: 1, branchingFactor: 4, depth: 1, maxDepth: 10 });
 * ```
 */
export function tapAttacker(complete: TapCompletion, context: { goal: string; description: string }): TapAttacker {
  let calls = 0;
  let parseFailures = 0;
  let schema: ReturnType<typeof schemaOf> | undefined;
  const system = attackerSystemPrompt(context.goal, context.description);
  return {
    get calls() {
      return calls;
    },
    get parseFailures() {
      return parseFailures;
    },
    async next(brief) {
      const request = attackerRequest(brief);
      for (let attempt = 1; attempt <= 2; attempt++) {
        calls++;
        const text = (await complete(system, request)).trim();
        if (!text) continue;
        schema ??= schemaOf(await import("zod"));
        const parsed = schema.safeParse(jsonObjectIn(text));
        if (parsed.success) {
          const { prompt, improvement } = parsed.data;
          return { prompt, ...(improvement ? { improvement } : {}), parseFailed: false };
        }
        parseFailures++;
        return { prompt: text, parseFailed: true };
      }
      throw new RehearseError(
        "invalid_model_output",
        "redTeamTap: the attacker model returned an empty answer twice; check the model and its settings (a reasoning model may spend all of maxTokens on reasoning)",
      );
    },
  };
}
