import { z } from "zod";
import type { FailedRun } from "./generation-prompt.js";

/**
 * The failed run to branch from, read from a JSON report (`--reporter json`,
 * the `RunReport` shape): the entry named `scenario`, or the only failed entry.
 * Throws with what is wrong (not JSON, no such entry, several failures and no
 * name, the entry did not fail) in words a user can act on.
 */
export function failureFromReport(text: string, file: string, scenario?: string): FailedRun {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file}: not JSON (${(error as Error).message}); pass the JSON report of a run (--reporter json)`);
  }
  const checked = reportSchema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new Error(`${file}: not a Rehearse JSON report: ${issue?.path.join(".") || "(top)"}: ${issue?.message}`);
  }
  const entries = checked.data.entries;
  const failed = entries.filter((entry) => entry.result.status === "fail");
  let entry: (typeof entries)[number] | undefined;
  if (scenario !== undefined) {
    entry = entries.find((candidate) => candidate.scenario.name === scenario || candidate.scenario.id === scenario);
    if (!entry) throw new Error(`${file}: no scenario named ${JSON.stringify(scenario)}; it has ${names(entries)}`);
    if (entry.result.status !== "fail")
      throw new Error(`${file}: ${JSON.stringify(scenario)} ended ${entry.result.status}, not fail: branch from a failed run`);
  } else if (failed.length === 1) entry = failed[0];
  else if (failed.length === 0) throw new Error(`${file}: no run in it failed; there is nothing to branch from`);
  else throw new Error(`${file}: ${failed.length} runs failed (${names(failed)}): say which with --scenario <name>`);
  const found = entry as (typeof entries)[number];
  return {
    name: found.scenario.name,
    description: found.scenario.description,
    transcript: found.result.messages.map((message) => ({ role: message.role, text: textOf(message.content) })),
    unmetCriteria: found.result.unmetCriteria,
    ...(found.result.reasoning ? { reasoning: found.result.reasoning } : {}),
  };
}

const reportSchema = z.object({
  entries: z.array(
    z.object({
      scenario: z.object({ name: z.string(), id: z.string().optional(), description: z.string() }),
      result: z.object({
        status: z.string(),
        messages: z.array(z.object({ role: z.string(), content: z.unknown() })),
        unmetCriteria: z.array(z.string()).default([]),
        reasoning: z.string().optional().nullable(),
      }),
    }),
  ),
});

function names(entries: readonly { scenario: { name: string } }[]): string {
  return entries.map((entry) => JSON.stringify(entry.scenario.name)).join(", ") || "no entries";
}

/** A message's text: a string, or the text parts of a part list (tool calls and results as one line each). */
function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return JSON.stringify(content);
  return content
    .map((part: { type?: string; text?: string; toolName?: string; input?: unknown; output?: unknown }) => {
      if (part.type === "text") return part.text ?? "";
      if (part.type === "tool-call") return `[calls ${part.toolName}(${JSON.stringify(part.input)})]`;
      if (part.type === "tool-result") return `[${part.toolName} → ${JSON.stringify(part.output)}]`;
      return "";
    })
    .filter(Boolean)
    .join(" ");
}
