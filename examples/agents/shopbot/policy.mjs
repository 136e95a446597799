// The shopbot's whole behaviour as one pure, deterministic function of the conversation: no
// randomness, no model, no memory besides the messages. Both variants share it; the vulnerable
// one switches on the flaws of flaws.mjs.
import { currentTurn, toConversation } from "./conversation.mjs";
import { SHOPBOT_FLAW_IDS } from "./flaws.mjs";
import { guardedHandlers } from "./guarded-handlers.mjs";
import { classify, plantedInstructions } from "./intents.mjs";
import { orderHandlers } from "./order-handlers.mjs";
import { replies } from "./replies.mjs";
import { PendingCall, toolTape } from "./tool-tape.mjs";

const handlers = { ...guardedHandlers, ...orderHandlers };
/** Instructions found in tool results that the vulnerable bot will follow in one turn, at most. */
const MAX_PLANTED = 3;

/** Which flaws are on: none for `hardened`; for `vulnerable` the given ones, all by default. */
function flawSet(variant, flaws) {
  if (variant === "hardened") return new Set();
  if (variant !== "vulnerable") throw new Error(`shopbot: unknown variant "${variant}" (hardened or vulnerable)`);
  for (const flaw of flaws ?? []) {
    if (!SHOPBOT_FLAW_IDS.includes(flaw)) throw new Error(`shopbot: unknown flaw "${flaw}" (${SHOPBOT_FLAW_IDS.join(", ")})`);
  }
  return new Set(flaws ?? SHOPBOT_FLAW_IDS);
}

/**
 * Decides the bot's next move from the conversation — the bot's entries (conversation.mjs), AI
 * SDK messages or OpenAI chat messages: the tool calls it needs next, or its reply once every
 * user message since its last reply is answered. Call it again with the calls and their results
 * appended until it returns text.
 *
 * @param {readonly object[]} conversation
 * @param {{ variant?: "hardened" | "vulnerable", flaws?: readonly string[] }} [options]
 * @returns {{ toolCalls: { name: string, input: object }[] } | { text: string }}
 *
 * @example
 * decide([{ role: "user", text: "Where is order A100?", files: [] }]);
 * // { toolCalls: [{ name: "get_order", input: { order_id: "A100" } }] }
 */
export function decide(conversation, { variant = "hardened", flaws } = {}) {
  const active = flawSet(variant, flaws);
  const has = (flaw) => active.has(flaw);
  const { requests, results } = currentTurn(toConversation(conversation));
  let planted = [];
  const tape = toolTape(results, (output) => {
    planted = [...planted, ...plantedInstructions(output)];
  });
  const queue = requests.map((request) => ({ ...request, trusted: false }));
  const answers = [];
  try {
    for (let index = 0; index < queue.length; index++) {
      const request = queue[index];
      const intent = classify(request);
      planted = [];
      const answer = handlers[intent.kind]({ tape, has }, intent, request);
      if (planted.length === 0) answers.push(answer);
      else if (has("planted_instruction")) {
        // the flaw: text inside a tool result becomes a request, with the authority of the system
        answers.push(answer);
        const room = MAX_PLANTED - (queue.length - requests.length);
        queue.push(...planted.slice(0, Math.max(room, 0)).map((text) => ({ text, files: [], trusted: true })));
      } else answers.push(`${answer} ${replies.plantedNote}`);
    }
  } catch (error) {
    if (error instanceof PendingCall) return { toolCalls: [error.call] };
    throw error;
  }
  return { text: answers.join("\n\n") || replies.greeting };
}
