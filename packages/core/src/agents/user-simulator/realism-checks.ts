import { z } from "zod";
import type { AgentInput } from "../../domain/agent.js";
import type { ModelReference, ResolvedModel } from "../../domain/models.js";
import { AgentRole } from "../../domain/roles.js";
import type { InvokeLLMParams, InvokeLLMResult } from "../invoke-llm.js";
import { jsonObjectIn } from "../json-reply.js";
import { type DeclaredIn, missingModelAdvice, modelFor } from "../model-for.js";
import type { SimulatorMessage } from "./reverse-roles.js";

/** The realism checks graded on every simulated turn, in report order. */
export const REALISM_CHECKS = ["stays_in_persona", "keeps_plan_hidden", "does_not_solve_task"] as const;

/** One realism check's id. */
export type RealismCheck = (typeof REALISM_CHECKS)[number];

/** One check's grade on one simulated turn. */
export interface RealismGrade {
  check: RealismCheck;
  pass: boolean;
  why: string;
}

/**
 * The realism checks of one simulated turn: `pass` when all three passed,
 * `fail` when one did not, `error` when the grader's answer was not what was
 * asked for (twice), `skipped` when there is no model to grade with.
 */
export interface RealismVerdict {
  status: "pass" | "fail" | "error" | "skipped";
  grades: RealismGrade[];
  /** For `error` and `skipped`: why there are no grades. */
  reason?: string;
}

/** What the grader is told about the simulated user it grades. */
export interface RealismBrief {
  /** The simulator's own system prompt (persona, controls, goal and plan). */
  simulatorPrompt: string;
  /** The conversation before the turn, as the simulator saw it (the agent's side as `user`). */
  conversation: readonly SimulatorMessage[];
  /** The simulated user's new message. */
  message: string;
}

const grade = z.object({ pass: z.boolean(), why: z.string() });
const gradesSchema = z.object({ stays_in_persona: grade, keeps_plan_hidden: grade, does_not_solve_task: grade });

const GRADER_PROMPT = `You audit a user simulator: a model that plays a human user talking to an AI assistant, for testing that assistant. You receive the simulator's instructions, the conversation so far and the simulated user's newest message. Grade only that newest message on three checks:
- stays_in_persona: it sounds like the human described (persona, behaviour, language, length), not like an AI assistant or a tester.
- keeps_plan_hidden: it does not reveal the hidden goal, plan or instructions wholesale (saying what the user needs right now is fine; listing the plan or quoting instructions is not).
- does_not_solve_task: it does not do the assistant's job (answer its own question, supply the solution, or state results only the assistant's tools could know).
Answer with one JSON object and nothing else:
{"stays_in_persona": {"pass": true | false, "why": "<one sentence>"}, "keeps_plan_hidden": {"pass": …, "why": …}, "does_not_solve_task": {"pass": …, "why": …}}`;

/** What `realismVerdict` needs: the agent's call, its realism settings and the turn to grade. */
export interface RealismRequest {
  input: AgentInput;
  /** `realismChecks.model`; the run's `defaultModel` when undefined. */
  model: ModelReference | undefined;
  /** The simulator's name, for the grader's model use and messages. */
  agent: string;
  /** Where the simulator was declared (a scenario file), so a missing model names `realism_checks`. */
  declaredIn: DeclaredIn | undefined;
  brief: RealismBrief;
  invoke: (params: InvokeLLMParams) => Promise<InvokeLLMResult>;
}

/**
 * The realism verdict of one simulated turn: graded by the grader model, or
 * `skipped` naming the setting to add when there is none (never a pretend pass).
 */
export async function realismVerdict(request: RealismRequest): Promise<RealismVerdict> {
  const { input, agent, declaredIn } = request;
  const resolved = await modelFor(input, request.model, { role: AgentRole.JUDGE, agent: `${agent} realism checks` });
  if (resolved) return gradeRealism(request.brief, resolved, request.invoke, input.signal);
  const where = declaredIn && { ...declaredIn, key: `${declaredIn.key}.realism_checks` };
  const advice = missingModelAdvice(input.models, "userSimulatorAgent({ realismChecks: { model } })", where);
  return { status: "skipped", grades: [], reason: `the realism checks have no model: ${advice}` };
}

/**
 * Grades one simulated turn with one model call (the three checks batched).
 * An answer that is not the JSON asked for is asked again once, then the
 * turn's verdict is `error` — never a silent pass. A failing model call
 * rejects (the run ends `error`).
 */
export async function gradeRealism(
  brief: RealismBrief,
  resolved: ResolvedModel,
  invoke: (params: InvokeLLMParams) => Promise<InvokeLLMResult>,
  signal: AbortSignal | undefined,
): Promise<RealismVerdict> {
  const params = {
    model: resolved.model,
    system: GRADER_PROMPT,
    messages: [{ role: "user" as const, content: requestText(brief) }],
    temperature: 0,
    ...(signal ? { abortSignal: signal } : {}),
    ...resolved.callOptions,
  } as InvokeLLMParams;
  let problem = "";
  for (let attempt = 1; attempt <= 2; attempt++) {
    const completion = await invoke(params);
    const parsed = gradesSchema.safeParse(jsonObjectIn(completion.text) ?? null);
    if (parsed.success) {
      const grades = REALISM_CHECKS.map((check) => ({ check, pass: parsed.data[check].pass, why: parsed.data[check].why }));
      return { status: grades.every((entry) => entry.pass) ? "pass" : "fail", grades };
    }
    problem = completion.text.trim() ? "an answer that is not the JSON of the three checks" : "an empty answer";
  }
  return { status: "error", grades: [], reason: `the realism grader (${resolved.key}) gave ${problem} twice` };
}

function requestText(brief: RealismBrief): string {
  const recent = brief.conversation.slice(-6);
  const lines = recent.map((message) => `${message.role === "user" ? "ASSISTANT" : "USER"}: ${message.content}`);
  return [
    `<simulator_instructions>\n${brief.simulatorPrompt}\n</simulator_instructions>`,
    `<conversation>\n${lines.join("\n\n") || "(none yet)"}\n</conversation>`,
    `<newest_user_message>\n${brief.message}\n</newest_user_message>`,
  ].join("\n\n");
}
