/**
 * The graph builder (`POST /graphs/builder/generate`, issue 19): a model
 * proposes a graph file from a description and the agents and tools the
 * user has; the proposal is checked (graph-builder-check.ts) before it is
 * returned, and a failing one goes back to the model with its problems, at
 * most `MAX_REPAIRS` times. Nothing is stored. The model is the server's
 * `REHEARSE_BUILDER_MODEL` (or the request's `model`), resolved with the
 * server's provider keys; without one the builder says which setting to add,
 * never a stand-in.
 */
import { createModelRegistry, type ModelRegistry } from "@rehearse/core/platform";
import type { LanguageModel, ModelMessage } from "ai";
import { checkProposal } from "./graph-builder-check.js";
import { type BuilderRequest, builderRepairPrompt, builderRequestPrompt, builderSystemPrompt } from "./graph-builder-prompt.js";

/** Repairs after the first proposal, at most. */
export const MAX_REPAIRS = 2;
/** How long one model call may take. */
const CALL_TIMEOUT_MS = 120_000;
/** What the builder needs to be set, in the words every "not configured" answer uses. */
export const BUILDER_SETTING_HINT =
  "set REHEARSE_BUILDER_MODEL (a model id such as openai:gpt-4.1-mini) and the provider's key (e.g. OPENAI_API_KEY) in the server's environment";

/** The builder has no model (or its model cannot be made): the setting to add. */
export class BuilderUnconfigured extends Error {
  override readonly name = "BuilderUnconfigured";
}

/** The request's `model` is not a model id the builder can use (a 400 naming `model`). */
export class BuilderModelRefused extends Error {
  override readonly name = "BuilderModelRefused";
}

/** The model failed (the provider's error, keys redacted). */
export class BuilderModelFailed extends Error {
  override readonly name = "BuilderModelFailed";
}

/** A graph the builder proposes: valid, or the last proposal and its problems. */
export type BuilderOutcome =
  | { valid: true; graph: string; outline: unknown; modules: string[]; attempts: number; model: string }
  | { valid: false; graph: string; problems: string[]; attempts: number; model: string };

/** How the builder finds its model. */
export interface GraphBuilderOptions {
  /** The server's environment: `REHEARSE_BUILDER_MODEL`, provider keys and base URLs. */
  environment: Readonly<Record<string, string | undefined>>;
  /** A model in place of the setting (tests); a request's `model` still goes through the registry. */
  model?: LanguageModel;
  /** Resolves model ids (default: `createModelRegistry` over `environment`). */
  registry?: ModelRegistry;
}

type ResolvedModel = { model: LanguageModel; label: string };

/** Proposes graph files with a model; see the module comment. */
export class GraphBuilder {
  private readonly registry: ModelRegistry;

  constructor(private readonly options: GraphBuilderOptions) {
    const env = Object.fromEntries(
      Object.entries(options.environment).filter((entry): entry is [string, string] => entry[1] !== undefined),
    );
    this.registry = options.registry ?? createModelRegistry({ env });
  }

  /** Proposes, checks and repairs a graph file for `request`; throws the Builder* errors above. */
  async generate(request: BuilderRequest, signal?: AbortSignal): Promise<BuilderOutcome> {
    const { model, label } = await this.modelFor(request.model);
    const agents = request.agents ?? [];
    const tools = request.tools ?? [];
    const path = `${slug(request.name) || "proposal"}.graph.yaml`;
    const messages: ModelMessage[] = [{ role: "user", content: builderRequestPrompt(request) }];
    let last: { graph: string; problems: string[] } = { graph: "", problems: [] };
    for (let attempt = 1; attempt <= MAX_REPAIRS + 1; attempt++) {
      const reply = await this.call(model, messages, signal);
      const graph = graphTextOf(reply);
      const check = checkProposal(graph, path, agents, tools);
      if (check.checked)
        return {
          valid: true,
          graph,
          outline: check.checked.outline,
          modules: check.checked.modules,
          attempts: attempt,
          model: label,
        };
      last = { graph, problems: check.problems };
      messages.push({ role: "assistant", content: reply }, { role: "user", content: builderRepairPrompt(check.problems) });
    }
    return { valid: false, ...last, attempts: MAX_REPAIRS + 1, model: label };
  }

  private async modelFor(requested: string | undefined): Promise<ResolvedModel> {
    if (requested === undefined && this.options.model) return { model: this.options.model, label: labelOf(this.options.model) };
    const id = requested ?? this.options.environment.REHEARSE_BUILDER_MODEL?.trim();
    if (!id) throw new BuilderUnconfigured(`the graph builder has no model: ${BUILDER_SETTING_HINT}`);
    // a request names a provider; the server's own setting alone may point at a server of its choosing
    if (requested !== undefined && id.startsWith("openai-compatible:"))
      throw new BuilderModelRefused(
        "an openai-compatible model (a base URL) is set on the server (REHEARSE_BUILDER_MODEL), not per request",
      );
    try {
      return { model: (await this.registry.resolve(id)) as LanguageModel, label: id };
    } catch (error) {
      const message = this.redact((error as Error).message);
      if (requested !== undefined) throw new BuilderModelRefused(message);
      throw new BuilderUnconfigured(`REHEARSE_BUILDER_MODEL=${id} cannot be used: ${message} (${BUILDER_SETTING_HINT})`);
    }
  }

  private async call(model: LanguageModel, messages: ModelMessage[], signal: AbortSignal | undefined): Promise<string> {
    const timeout = AbortSignal.timeout(CALL_TIMEOUT_MS);
    // loaded on first use: a server that never builds a graph never loads the AI SDK
    const { generateText } = await import("ai");
    try {
      const result = await generateText({
        model,
        system: builderSystemPrompt(),
        messages,
        temperature: 0,
        maxRetries: 1,
        abortSignal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      return result.text;
    } catch (error) {
      const status = (error as { statusCode?: unknown }).statusCode;
      const detail = this.redact(error instanceof Error ? error.message : String(error));
      throw new BuilderModelFailed(`the model failed${typeof status === "number" ? ` (HTTP ${status})` : ""}: ${detail}`);
    }
  }

  /** `text` without any secret of the environment (provider keys echo back in some errors). */
  private redact(text: string): string {
    let redacted = text;
    for (const [name, value] of Object.entries(this.options.environment))
      if (value && value.length >= 8 && /KEY|TOKEN|SECRET|PASSWORD/i.test(name))
        redacted = redacted.replaceAll(value, "[redacted]");
    return redacted.slice(0, 2_000);
  }
}

/** `provider:model` of a model object (a string model is its own id). */
function labelOf(model: LanguageModel): string {
  return typeof model === "string" ? model : `${model.provider}:${model.modelId}`;
}

function slug(name: string | undefined): string {
  return (name ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}

/** The YAML of a reply, with any code fence the model added taken off. */
function graphTextOf(reply: string): string {
  const fenced = /```(?:ya?ml|json)?[^\n]*\n([\s\S]*?)```/i.exec(reply);
  return `${(fenced?.[1] ?? reply).trim()}\n`;
}
