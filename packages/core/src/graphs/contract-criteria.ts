import { missingModelAdvice, modelFor } from "../agents/model-for.js";
import { ModelNotConfiguredError } from "../domain/errors.js";
import type { ContractBreach, GraphHop } from "../domain/graph.js";
import { loadOnce } from "../domain/load-once.js";
import { AgentRole } from "../domain/roles.js";
import type { AgentInput } from "../domain/scenario.js";

const loadAi = loadOnce(() => import("ai"));

/** Grades a visit against a node's natural-language `criteria`; resolves to the criteria it did not meet, as breaches. */
export type CriteriaJudge = (node: string, criteria: readonly string[], hop: GraphHop) => Promise<ContractBreach[]>;

/** One verdict of the judge's answer. */
interface Verdict {
  criterion: number;
  met: boolean;
  reasoning: string;
}

/** Most characters of a node's input or output put in the prompt (the start is kept). */
const MAX_TEXT = 8_000;

/**
 * A judge for node contracts through the run's judge model (`defaultModel`,
 * record/replay and usage as any model call). Without a model it throws
 * `ModelNotConfiguredError` naming the setting; an answer that is not the JSON
 * asked for, or skips a criterion, throws (the run ends `error`, not `fail`).
 */
export function criteriaJudge(input: AgentInput, description: string | undefined): CriteriaJudge {
  return async (node, criteria, hop) => {
    const agent = `graph contract of ${node}`;
    const resolved = await modelFor(input, undefined, { role: AgentRole.JUDGE, agent });
    if (!resolved)
      throw new ModelNotConfiguredError(
        `node ${node}'s contract has criteria, which a model grades, and the run has no model: ${missingModelAdvice(input.models, "a judge model")}`,
      );
    const { generateText } = await loadAi();
    const result = await generateText({
      model: resolved.model,
      system:
        "You check one step of a multi-agent system against rules. Judge only what the step's output shows. " +
        'Answer with JSON only: {"verdicts":[{"criterion":<number>,"met":<true|false>,"reasoning":"<one sentence>"}]}, one verdict per rule.',
      prompt: [
        `Node: ${node}${description ? ` (${description})` : ""}`,
        `It was handed: ${clip(hop.payload)}`,
        `Its output: ${clip(hop.handoff ? { reply: hop.reply, handoffTo: hop.handoff.to, payload: hop.handoff.payload } : hop.reply)}`,
        "Rules:",
        ...criteria.map((criterion, index) => `${index + 1}. ${criterion}`),
      ].join("\n"),
      temperature: 0,
      ...(input.signal ? { abortSignal: input.signal } : {}),
      ...resolved.callOptions,
    });
    const verdicts = parse(result.text, node, criteria.length);
    return verdicts
      .filter((verdict) => !verdict.met)
      .map((verdict) => ({
        node,
        turn: hop.turn,
        rule: "criteria" as const,
        detail: `does not meet "${criteria[verdict.criterion - 1]}": ${verdict.reasoning}`,
      }));
  };
}

function parse(text: string, node: string, count: number): Verdict[] {
  const json = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new Error(`the judge model's answer on ${node}'s criteria is not JSON: ${JSON.stringify(text.slice(0, 200))}`);
  }
  // checked by hand: the root entry loads no schema library
  const verdicts = (value as { verdicts?: unknown })?.verdicts;
  const wellFormed = (entry: unknown): entry is Verdict =>
    typeof entry === "object" &&
    entry !== null &&
    Number.isInteger((entry as Verdict).criterion) &&
    typeof (entry as Verdict).met === "boolean" &&
    typeof (entry as Verdict).reasoning === "string";
  if (!Array.isArray(verdicts) || !verdicts.every(wellFormed))
    throw new Error(
      `the judge model's answer on ${node}'s criteria is not the verdicts asked for ({ verdicts: [{ criterion, met, reasoning }] }): ${JSON.stringify(text.slice(0, 200))}`,
    );
  const byCriterion = new Map(verdicts.map((verdict) => [verdict.criterion, verdict]));
  return Array.from({ length: count }, (_, index) => {
    const verdict = byCriterion.get(index + 1);
    if (!verdict) throw new Error(`the judge model gave no verdict on ${node}'s criterion ${index + 1}`);
    return verdict;
  });
}

function clip(value: unknown): string {
  const text = typeof value === "string" ? value : value === undefined ? "(nothing)" : JSON.stringify(value);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}… (${text.length - MAX_TEXT} more characters)` : text;
}
