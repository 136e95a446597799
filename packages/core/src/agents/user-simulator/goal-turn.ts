import { RehearseError } from "../../domain/errors.js";
import type { InvokeLLMParams, InvokeLLMResult } from "../invoke-llm.js";
import { type GoalReply, parseGoalReply } from "./goal-reply.js";
import type { SimulationRecord } from "./simulation-record.js";

/** What one turn of a simulator with a goal needs. */
export interface GoalTurnInput {
  params: InvokeLLMParams;
  invoke: (params: InvokeLLMParams) => Promise<InvokeLLMResult>;
  record: SimulationRecord;
  /** Replies without progress the user puts up with (`patience`); no limit when undefined. */
  patience: number | undefined;
  /** True when the agent has replied in this conversation (the first message answers no one, so it never counts as a stall). */
  answersAgent: boolean;
  /** For errors: the simulator's name and its model's key. */
  agent: string;
  modelKey: string;
}

/**
 * One turn of a simulated user with a goal: the structured reply (asked
 * again once when it is not the JSON asked for, then an
 * `invalid_model_output` error), then the patience budget — after
 * `patience` agent replies in a row without progress the user gives up,
 * whatever the model said. Updates the record's stall count.
 */
export async function goalTurn(input: GoalTurnInput): Promise<GoalReply> {
  const reply = await structuredReply(input);
  const { record } = input;
  if (!input.answersAgent || reply.progress) record.stalled = 0;
  else record.stalled++;
  if (reply.goal === "pursuing" && input.patience !== undefined && record.stalled >= input.patience) {
    return {
      ...reply,
      goal: "gave_up",
      why: `patience ran out: ${record.stalled} replies in a row did not move the goal forward (patience ${input.patience}); the user's own words: ${reply.why}`,
    };
  }
  return reply;
}

async function structuredReply(input: GoalTurnInput): Promise<GoalReply> {
  let problem = "";
  for (let attempt = 1; attempt <= 2; attempt++) {
    const completion = await input.invoke(input.params);
    const parsed = parseGoalReply(completion.text);
    if ("reply" in parsed) return parsed.reply;
    problem = parsed.problem;
  }
  throw new RehearseError(
    "invalid_model_output",
    `${input.agent}: the model (${input.modelKey}) did not answer with the goal reply JSON ({ message, goal, progress, why }) twice; last answer: ${problem}`,
  );
}
