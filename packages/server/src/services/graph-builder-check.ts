/**
 * The checks a proposed graph file passes before the builder returns it:
 * `checkGraphText` (schema and structure, nothing loaded), then the user's
 * listing: a node may import only a listed agent's module, a listed agent
 * is the node named after it (of its kind), and contracts allow only listed
 * tools. Every problem is one `file:line:column: field: problem` line, as
 * for an uploaded graph, so the model (and the user) can find it.
 */
import { posix } from "node:path";
import { type CheckedGraphText, checkGraphText } from "@rehearse/core/platform";
import type { BuilderAgent, BuilderTool } from "./graph-builder-prompt.js";

/** A proposal that passed (`checked`) or its problems. */
export type ProposalCheck = { checked: CheckedGraphText; problems: [] } | { checked: undefined; problems: string[] };

/** `file:line:column: field: problem` lines of an error `checkGraphText` threw; undefined for any other error. */
function problemsOf(error: unknown): string[] | undefined {
  const listed = (error as { errors?: unknown } | null)?.errors;
  if (Array.isArray(listed)) return listed.map((entry) => String((entry as Error).message));
  if ((error as { code?: unknown } | null)?.code === "invalid_scenario") return [(error as Error).message];
  return undefined;
}

interface ModuleUse {
  node: string;
  /** The field path in the file (`nodes.router.agent`). */
  path: string[];
  module: string;
  export: string | undefined;
}

function moduleUses(data: CheckedGraphText["data"]): ModuleUse[] {
  const uses: ModuleUse[] = [];
  for (const [node, definition] of Object.entries(data.nodes)) {
    const field = "function" in definition ? "function" : "agent";
    const reference = (definition as Record<string, unknown>)[field] as { module?: unknown; export?: unknown } | undefined;
    if (typeof reference?.module !== "string") continue;
    const named = typeof reference.export === "string" ? reference.export : undefined;
    uses.push({ node, path: ["nodes", node, field], module: posix.normalize(reference.module), export: named });
  }
  return uses;
}

/**
 * Checks `text` (named `path` in problems) as a graph file and against the
 * user's `agents` and `tools`.
 */
export function checkProposal(
  text: string,
  path: string,
  agents: readonly BuilderAgent[],
  tools: readonly BuilderTool[],
): ProposalCheck {
  let checked: CheckedGraphText;
  try {
    checked = checkGraphText(text, path);
  } catch (error) {
    const problems = problemsOf(error);
    if (!problems) throw error;
    return { checked: undefined, problems };
  }
  const problems: string[] = [];
  const at = (fields: readonly (string | number)[], problem: string) => {
    const where = checked.document.locate(fields);
    const place = where ? `${path}:${where.line}:${where.column}` : path;
    const field = fields
      .map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`))
      .join("");
    problems.push(`${place}: ${field}: ${problem}`);
  };
  const listedModules = new Set(agents.flatMap((agent) => (agent.module ? [posix.normalize(agent.module)] : [])));
  const listing = [...listedModules].join(", ") || "none";
  const uses = moduleUses(checked.data);
  for (const use of uses) {
    if (!listedModules.has(use.module)) {
      at([...use.path, "module"], `${use.module} is not a listed agent's module (listed: ${listing})`);
      continue;
    }
    const owner = agents.find(
      (agent) =>
        agent.module && posix.normalize(agent.module) === use.module && (agent.export ?? "default") === (use.export ?? "default"),
    );
    if (!owner) at([...use.path, "export"], `${use.module} has no listed agent exported as ${use.export ?? "default"}`);
    else if (owner.name !== use.node)
      at(["nodes", use.node], `the listed agent ${owner.name} (${use.module}) must be the node named ${owner.name}`);
  }
  // chaos replacements import modules too
  for (const module of checked.modules)
    if (!listedModules.has(module) && !uses.some((use) => use.module === module))
      at(["chaos"], `${module} is not a listed agent's module (listed: ${listing})`);
  const kinds = new Map(checked.outline.nodes.map((node) => [node.name, node.kind]));
  for (const agent of agents) {
    const kind = kinds.get(agent.name);
    if (!kind) continue;
    if (agent.kind && kind !== agent.kind)
      at(["nodes", agent.name], `the listed agent ${agent.name} is a ${agent.kind} node, not ${kind}`);
    const use = uses.find((entry) => entry.node === agent.name);
    const module = agent.module && posix.normalize(agent.module);
    if (module && (use?.module !== module || (use.export ?? "default") !== (agent.export ?? "default")))
      at(
        ["nodes", agent.name],
        `the node ${agent.name} must use the listed agent: module ${module}, export ${agent.export ?? "default"}`,
      );
  }
  const toolNames = new Set(tools.map((tool) => tool.name));
  for (const [node, definition] of Object.entries(checked.data.nodes)) {
    (definition.contract?.tools ?? []).forEach((tool, index) => {
      if (!toolNames.has(tool))
        at(
          ["nodes", node, "contract", "tools", index],
          `${tool} is not a listed tool (listed: ${[...toolNames].join(", ") || "none"})`,
        );
    });
  }
  return problems.length === 0 ? { checked, problems: [] } : { checked: undefined, problems };
}
