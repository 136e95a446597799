import type { LanguageModelV3 } from "@ai-sdk/provider";
import { jsonObjectIn } from "../agents/json-reply.js";
import { InvalidModelOutputError } from "../domain/errors.js";
import { type GenerationRequest, generationRequestPrompt, generatorSystemPrompt, repairPrompt } from "./generation-prompt.js";
import { dropNearDuplicates } from "./near-duplicates.js";
import { type ProposedScenario, proposalReplySchema } from "./proposal.js";
import { personaText, type RenderedProposal, renderProposal } from "./render-proposal.js";

/** Answers that are not the JSON asked for get this many more tries, each told what was wrong. */
export const MAX_REPAIRS = 1;

/** A proposal ready for review: the scenario as data and as the file that would be written. */
export interface Proposal extends RenderedProposal {
  readonly scenario: ProposedScenario;
}

/** What a generation produced: proposals to review, and what was set aside and why. */
export interface Generation {
  /** Valid, distinct proposals, in the model's order. Nothing is written: a person accepts or rejects each. */
  readonly proposals: Proposal[];
  /** Proposals the scenario schema rejected, with its problems. */
  readonly invalid: { readonly name: string; readonly problems: readonly string[] }[];
  /** Proposals dropped as near-duplicates: of which scenario, how similar. */
  readonly duplicates: { readonly name: string; readonly repeats: string; readonly similarity: number }[];
  /** Model calls made (1 + repairs). */
  readonly calls: number;
}

/** How a generation runs. */
export interface GenerateOptions {
  readonly model: LanguageModelV3;
  /** The model's id as the user gave it (written into each file's metadata). */
  readonly modelLabel: string;
  /** The `agent:` mapping of the files (the agent under test). */
  readonly agent: Readonly<Record<string, unknown>>;
  /** The `environment:` mapping of the files, when the agent works in one (its tools and state). */
  readonly environment?: Readonly<Record<string, unknown>>;
  /** In place of looking for named modules on disk (a server checks against a suite's files). */
  readonly moduleExists?: (path: string) => boolean;
  /** The folder the files would be written to (absolute): relative module paths are checked from there. */
  readonly folder: string;
  /** Scenarios that exist already (the output folder's files): proposals repeating them are dropped. */
  readonly existing?: readonly { readonly name: string; readonly text: string }[];
  readonly temperature?: number;
  readonly signal?: AbortSignal;
}

/**
 * Proposes scenario files for an agent (issue 20 §1): a model answers with
 * scenarios as JSON (kind, persona, criteria); an answer that is not that
 * JSON goes back to it with the problems, at most `MAX_REPAIRS` times, then
 * fails with `InvalidModelOutputError`. Each scenario becomes a scenario file
 * checked by the scenario-file schema; invalid ones and near-duplicates are
 * set aside with the reason. Writes nothing.
 */
export async function generateScenarios(request: GenerationRequest, options: GenerateOptions): Promise<Generation> {
  const { generateText } = await import("ai");
  const messages: { role: "user" | "assistant"; content: string }[] = [
    { role: "user", content: generationRequestPrompt(request) },
  ];
  let problems: string[] = [];
  for (let call = 1; call <= MAX_REPAIRS + 1; call++) {
    const reply = await generateText({
      model: options.model,
      system: generatorSystemPrompt(),
      messages,
      ...(options.temperature === undefined ? {} : { temperature: options.temperature }),
      ...(options.signal ? { abortSignal: options.signal } : {}),
    });
    const parsed = parseReply(reply.text);
    if (parsed.scenarios) return review(parsed.scenarios, options, call, request);
    problems = parsed.problems;
    messages.push({ role: "assistant", content: reply.text }, { role: "user", content: repairPrompt(problems) });
  }
  throw new InvalidModelOutputError(
    `the model (${options.modelLabel}) did not answer with the scenarios' JSON after ${MAX_REPAIRS + 1} tries: ${problems.slice(0, 3).join("; ")}`,
  );
}

/** The scenarios in a reply, or what is wrong with it (`scenarios.2.persona.goal: …`). */
export function parseReply(text: string): { scenarios?: ProposedScenario[]; problems: string[] } {
  const object = jsonObjectIn(text);
  if (!object) return { problems: ["the answer holds no JSON object"] };
  const checked = proposalReplySchema.safeParse(object);
  if (checked.success) return { scenarios: checked.data.scenarios, problems: [] };
  return {
    problems: checked.error.issues.slice(0, 10).map((issue) => `${issue.path.join(".") || "(answer)"}: ${issue.message}`),
  };
}

function review(
  scenarios: readonly ProposedScenario[],
  options: GenerateOptions,
  calls: number,
  request: GenerationRequest,
): Generation {
  const origin = { model: options.modelLabel, ...(request.failure ? { branchedFrom: request.failure.name } : {}) };
  const rendered = scenarios.map((scenario) => ({
    scenario,
    ...renderProposal(scenario, options, origin, options.folder),
  }));
  const valid = rendered.filter((proposal) => proposal.problems.length === 0);
  const invalid = rendered
    .filter((proposal) => proposal.problems.length > 0)
    .map((proposal) => ({ name: proposal.scenario.name, problems: proposal.problems }));
  const distinct = dropNearDuplicates(
    valid,
    ({ scenario }) =>
      scenarioText(scenario.description, `${personaText(scenario.persona)}\n${scenario.persona.goal}`, scenario.criteria),
    (proposal) => proposal.scenario.name,
    (options.existing ?? []).map((each) => ({ name: each.name, text: each.text })),
  );
  // two proposals may slug to one file name: the later one gets a number
  const files = new Set<string>();
  const proposals = distinct.kept.map((proposal) => {
    let file = proposal.file;
    for (let index = 2; files.has(file); index++) file = proposal.file.replace(/\.scenario\.yaml$/, `-${index}.scenario.yaml`);
    files.add(file);
    return { ...proposal, file };
  });
  return {
    proposals,
    invalid,
    duplicates: distinct.dropped.map(({ item, repeats, similarity }) => ({ name: item.scenario.name, repeats, similarity })),
    calls,
  };
}

/** The words a scenario is compared by: what the user is told, who they are and want, and what is checked. */
export function scenarioText(description: string, persona: string, criteria: readonly string[]): string {
  return [description, persona, ...criteria].join(" \n ");
}
