import { z } from "zod";
import { jsonObjectIn } from "../json-reply.js";

/** Where a simulated user stands with its goal after a turn. */
export type GoalStatus = "pursuing" | "met" | "gave_up";

/** The structured reply of a simulator with a goal (the format `goalReplyFormat` asks for). */
export interface GoalReply {
  /** The user's next message; may be empty when the goal is `met` or `gave_up`. */
  message: string;
  goal: GoalStatus;
  /** Whether the agent's last reply moved the user closer to the goal (the patience budget counts the ones that did not). */
  progress: boolean;
  why: string;
}

const goalReplySchema = z
  .object({
    message: z.string(),
    goal: z.enum(["pursuing", "met", "gave_up"]),
    progress: z.boolean(),
    why: z.string().trim().min(1),
  })
  .refine((reply) => reply.goal !== "pursuing" || reply.message.trim() !== "", {
    message: "is empty while the goal is still pursued",
    path: ["message"],
  });

/**
 * Reads a simulator's structured reply out of the model's text (a code fence
 * or surrounding prose is tolerated, nothing else is). Returns the reply, or
 * what is wrong with the text, naming the field, for the retry and the error.
 */
export function parseGoalReply(text: string): { reply: GoalReply } | { problem: string } {
  const json = jsonObjectIn(text);
  if (!json) return { problem: `no JSON object in the answer (${preview(text)})` };
  const parsed = goalReplySchema.safeParse(json);
  if (parsed.success) return { reply: { ...parsed.data, message: parsed.data.message.trim(), why: parsed.data.why.trim() } };
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "the object";
  return { problem: `\`${field}\` ${issue?.message ?? "is invalid"} (${preview(text)})` };
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (!flat) return "empty";
  return flat.length > 120 ? `"${flat.slice(0, 120)}…"` : `"${flat}"`;
}
