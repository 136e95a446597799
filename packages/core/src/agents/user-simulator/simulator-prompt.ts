import { BoundedMemo } from "../../domain/bounded-memo.js";

/**
 * The simulator's system prompt, written for Rehearse: who to play (a human
 * user testing an assistant), the scenario to act out, how real users write,
 * and the rule that matters most — never answer as the assistant.
 */
export function simulatorPrompt(description: string, persona?: string): string {
  const sections = [
    "<role>\nYou play a human user talking to an AI assistant. In this conversation the assistant's messages reach you as the user role; you write the human's next message.\n</role>",
    `<scenario>\n${description}\n</scenario>`,
    "<style>\nWrite like a real person typing into a chat box: short, informal, usually lowercase, one intent per message, no sign-offs. Pursue the scenario's goal; react to what the assistant actually said.\n</style>",
    "<rules>\n- Never act as the assistant: do not answer your own questions or carry out the task.\n- Write only the user's next message, nothing else: no quotes, no role labels, no commentary.\n</rules>",
  ];
  if (persona) sections.push(`<persona>\n${persona}\n</persona>`);
  return sections.join("\n\n");
}

/** Prompts by description and persona, shared by every simulator (see `BoundedMemo`). */
const sharedPrompts = new BoundedMemo<string>(256);

/**
 * `simulatorPrompt`, one copy per description and persona for all simulators:
 * a suite whose runs act out the same scenario shares one prompt text.
 */
export function sharedSimulatorPrompt(description: string, persona?: string): string {
  return sharedPrompts.get(`${persona ?? ""}\u0000${description}`, () => simulatorPrompt(description, persona));
}

/**
 * The assistant's opening line, given to the simulator first so the
 * conversation starts from the assistant's side (providers expect the first
 * message to be a user one, and the simulator then speaks first).
 */
export const OPENING_LINE = "Hi! How can I help you today?";
