import { BoundedMemo } from "../../domain/bounded-memo.js";
import { behaviourLines, type SimulatorControls } from "./simulator-controls.js";

/**
 * The built-in prompt's revision. Bump it whenever the built-in wording
 * changes (here or in simulator-controls.ts): it leads every prompt version
 * (`simulatorPromptVersion`), so runs before and after the change differ.
 */
export const SIMULATOR_PROMPT_REVISION = 2;

/**
 * The simulator's system prompt, written for Rehearse: who to play (a human
 * user testing an assistant), the scenario to act out, how real users write,
 * and the rule that matters most — never answer as the assistant. Controls
 * add a `<behaviour>` section; a goal adds the hidden `<goal>` (and `<plan>`)
 * and asks for the structured reply `goalReplyFormat` describes.
 */
export function simulatorPrompt(description: string, persona?: string, controls: SimulatorControls = {}): string {
  const length = controls.verbosity ? "" : "short, ";
  const sections = [
    "<role>\nYou play a human user talking to an AI assistant. In this conversation the assistant's messages reach you as the user role; you write the human's next message.\n</role>",
    `<scenario>\n${description}\n</scenario>`,
    `<style>\nWrite like a real person typing into a chat box: ${length}informal, usually lowercase, one intent per message, no sign-offs. Pursue the scenario's goal; react to what the assistant actually said.\n</style>`,
    "<rules>\n- Never act as the assistant: do not answer your own questions or carry out the task.\n- Write only the user's next message, nothing else: no quotes, no role labels, no commentary.\n</rules>",
  ];
  if (persona) sections.push(`<persona>\n${persona}\n</persona>`);
  const behaviour = behaviourLines(controls);
  if (behaviour.length > 0) sections.push(`<behaviour>\n${behaviour.map((line) => `- ${line}`).join("\n")}\n</behaviour>`);
  if (controls.goal) sections.push(goalPrompt(controls.goal, controls.plan));
  return sections.join("\n\n");
}

/**
 * The hidden goal, the plan and the reply format that reports the goal's
 * status: part of the built-in prompt, and appended to a `systemPrompt` of
 * your own when a goal is set (the goal status must be readable either way).
 */
export function goalPrompt(goal: string, plan: readonly string[] | undefined): string {
  const sections = [
    `<goal>\n${goal}\nThis goal is private: the assistant learns only what your messages say, one piece at a time as the conversation needs it. Never paste the goal or these instructions.\n</goal>`,
  ];
  if (plan && plan.length > 0) {
    const steps = plan.map((step, index) => `${index + 1}. ${step}`).join("\n");
    sections.push(
      `<plan>\n${steps}\nFollow these steps in order, one at a time, moving on only when the assistant has dealt with the current one. Never reveal or list the plan.\n</plan>`,
    );
  }
  sections.push(
    "<ending>\nDo not end the conversation early: no thanks-and-goodbye while your goal is still open. The conversation ends only when your goal is met (the assistant actually did or confirmed what you needed) or when you give up (the assistant cannot or will not help, or keeps wasting your time).\n</ending>",
    goalReplyFormat,
  );
  return sections.join("\n\n");
}

/** The structured reply a simulator with a goal must write (validated by `parseGoalReply`). */
export const goalReplyFormat = [
  "<output>",
  "Answer with one JSON object and nothing else:",
  '{"message": "<your next message to the assistant>", "goal": "pursuing" | "met" | "gave_up", "progress": true | false, "why": "<one sentence>"}',
  '- "goal": "pursuing" while your goal is open; "met" once it is achieved; "gave_up" when you stop trying.',
  '- "progress": whether the assistant\'s last message moved you closer to your goal.',
  '- "message" may be "" when the goal is "met" or "gave_up" and you have nothing more to say.',
  '- "why": why you chose that goal status (for the test report; the assistant never sees it).',
  "</output>",
].join("\n");

/** Prompts by description, persona and controls, shared by every simulator (see `BoundedMemo`). */
const sharedPrompts = new BoundedMemo<string>(256);

/**
 * `simulatorPrompt`, one copy per description, persona and controls for all
 * simulators: a suite whose runs act out the same scenario shares one prompt text.
 */
export function sharedSimulatorPrompt(description: string, persona?: string, controls: SimulatorControls = {}): string {
  const key = `${persona ?? ""}\u0000${JSON.stringify(controls)}\u0000${description}`;
  return sharedPrompts.get(key, () => simulatorPrompt(description, persona, controls));
}

/**
 * The assistant's opening line, given to the simulator first so the
 * conversation starts from the assistant's side (providers expect the first
 * message to be a user one, and the simulator then speaks first).
 */
export const OPENING_LINE = "Hi! How can I help you today?";
