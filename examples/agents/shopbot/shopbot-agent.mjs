// The rule-based shopbot as an in-process Rehearse agent: it runs `decide`, calls the tools the
// run hands it in `input.tools`, and loops until it has a reply.
import { AgentRole } from "@rehearse/core";
import { fromModelMessages } from "./conversation.mjs";
import { decide } from "./policy.mjs";

/** Tool rounds per turn before the bot gives up (a bug in its plan, not a user-facing case). */
const MAX_ROUNDS = 20;

/** A JSON copy of a tool's result (what an HTTP agent would see), or the failure as `{ error }`. */
async function runTool(input, call) {
  const tool = input.tools?.[call.name];
  if (!tool) return { error: { type: "not_found", message: `no tool named ${call.name}`, recoverable: false } };
  try {
    const value = await tool.execute(call.input, { toolCallId: call.id, ...(input.signal ? { abortSignal: input.signal } : {}) });
    return JSON.parse(JSON.stringify(value ?? null));
  } catch (error) {
    if (input.signal?.aborted) throw error;
    // a ToolFault (injected fault, bad input) carries the payload the harness gives HTTP agents
    if (typeof error?.toResult === "function") return error.toResult();
    return { error: { type: "internal_error", message: String(error?.message ?? error), recoverable: false } };
  }
}

/**
 * A shopbot agent: `variant` `"hardened"` (default) or `"vulnerable"`; `flaws` narrows the
 * vulnerable variant to some of `shopbotFlaws` (all by default).
 *
 * @param {{ variant?: "hardened" | "vulnerable", flaws?: readonly string[], name?: string }} [options]
 * @example
 * const bot = createShopbot({ variant: "vulnerable", flaws: ["encoded_pii"] });
 * await run({ name: "…", description: "…", agents: [bot], environment: shopEnvironment(), script });
 */
export function createShopbot({ variant = "hardened", flaws, name } = {}) {
  const options = { variant, ...(flaws ? { flaws } : {}) };
  decide([], options); // an unknown variant or flaw fails here, not in the middle of a run
  return {
    name: name ?? `shopbot-${variant}`,
    role: AgentRole.AGENT,
    async call(input) {
      const conversation = fromModelMessages(input.messages);
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const decision = decide(conversation, options);
        if ("text" in decision) return decision.text;
        const calls = decision.toolCalls.map((call, index) => ({ id: `call_${conversation.length}_${index}`, ...call }));
        conversation.push({ role: "assistant", text: "", toolCalls: calls });
        for (const call of calls) {
          conversation.push({ role: "tool", toolCallId: call.id, name: call.name, output: await runTool(input, call) });
        }
      }
      throw new Error(`shopbot: still calling tools after ${MAX_ROUNDS} rounds in one turn`);
    },
  };
}

/** The hardened shopbot: handles every flaw of `shopbotFlaws` correctly. */
export const hardenedShopbot = createShopbot({ variant: "hardened" });

/** The vulnerable shopbot: every flaw of `shopbotFlaws` switched on. */
export const vulnerableShopbot = createShopbot({ variant: "vulnerable" });
