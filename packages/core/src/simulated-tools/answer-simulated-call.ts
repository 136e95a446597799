import { invokeModel } from "../agents/invoke-model.js";
import { stripCodeFence } from "../agents/json-reply.js";
import { missingModelAdvice, modelFor } from "../agents/model-for.js";
import type { EnvironmentToolContext, EnvironmentToolRun } from "../domain/declarative.js";
import { errorMessage, InvalidModelOutputError, ModelNotConfiguredError, RehearseError } from "../domain/errors.js";
import type { ModelMessage } from "../domain/messages.js";
import type { ResolvedModel } from "../domain/models.js";
import { AgentRole } from "../domain/roles.js";
import { inputCheck } from "../environment/input-check.js";
import { canonicalJson } from "../models/call-key.js";
import { toolSimulatedEvent } from "./simulated-event.js";
import type { RememberedAnswer, SimulatedToolOptions } from "./simulated-tool-options.js";
import { simulationCallPrompt, simulationRetryPrompt, simulationSystemPrompt } from "./simulation-prompt.js";

/** Model calls per answer: the first, and one retry told what was wrong. */
const ATTEMPTS = 2;

/** What a tool builds once, by the name it is called under: its system prompt and output check. */
export interface PreparedTool {
  readonly system: string;
  readonly checkOutput: ((output: unknown) => Promise<string | undefined>) | undefined;
}

/**
 * Answers one call of a simulated tool (its input already checked against
 * the input schema): from `remembered` when the same input met the same
 * state earlier in the run (unless the tool is `stateful`), else from the
 * model through the run's models. Problems that mean the run cannot be
 * trusted — no model, a model that fails, answers that break the output
 * schema twice — end the run through `run.halt` (`skipped` for the missing
 * model, else `error`) and reject, so the agent sees the tool fail too.
 */
export async function answerSimulatedCall(
  options: SimulatedToolOptions,
  input: Record<string, unknown>,
  context: EnvironmentToolContext,
  remembered: Map<string, RememberedAnswer>,
  prepared: Map<string, PreparedTool>,
): Promise<unknown> {
  const { toolName, toolCallId, run } = context;
  if (!run) {
    throw new RehearseError("step_failed", `simulated tool "${toolName}": it answers only inside a run (run(), runMany())`);
  }
  const key = options.stateful ? undefined : canonicalJson({ input, state: context.state });
  const earlier = key === undefined ? undefined : remembered.get(key);
  if (earlier) {
    run.emit(toolSimulatedEvent({ toolName, toolCallId, model: earlier.model, source: "memory", attempts: 0 }));
    return structuredClone(earlier.output);
  }
  try {
    const resolved = await modelOf(options, toolName, run);
    const { output, attempts } = await askModel(options, input, context, run, resolved, prepared);
    if (key !== undefined) remembered.set(key, { output: structuredClone(output), model: resolved.key });
    run.emit(toolSimulatedEvent({ toolName, toolCallId, model: resolved.key, source: "model", attempts }));
    return output;
  } catch (error) {
    if (!run.abortSignal?.aborted) run.halt(error instanceof Error ? error : new Error(errorMessage(error)));
    throw error;
  }
}

async function modelOf(options: SimulatedToolOptions, toolName: string, run: EnvironmentToolRun): Promise<ResolvedModel> {
  const use = { role: AgentRole.USER, agent: `simulated tool ${toolName}` };
  const resolved = await modelFor({ ...(run.models ? { models: run.models } : {}) }, options.model, use);
  if (resolved) return resolved;
  const advice = missingModelAdvice(run.models, "simulatedTool({ model })", options.declaredIn);
  throw new ModelNotConfiguredError(`The environment tool "${toolName}" is simulated, but has no model: ${advice}`);
}

async function askModel(
  options: SimulatedToolOptions,
  input: Record<string, unknown>,
  context: EnvironmentToolContext,
  run: EnvironmentToolRun,
  resolved: ResolvedModel,
  prepared: Map<string, PreparedTool>,
): Promise<{ output: unknown; attempts: number }> {
  const { system, checkOutput } = preparedFor(options, context.toolName, prepared);
  const call = { ...context, input, earlierCalls: run.toolCalls };
  const messages: ModelMessage[] = [{ role: "user", content: simulationCallPrompt(call) }];
  let problem = "";
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const text = await callModel(resolved, system, messages, run.abortSignal);
    const parsed = parseAnswer(text);
    problem = "problem" in parsed ? parsed.problem : ((await checkOutput?.(parsed.value)) ?? "");
    if (!problem && "value" in parsed) return { output: parsed.value, attempts: attempt };
    messages.push({ role: "assistant", content: text }, { role: "user", content: simulationRetryPrompt(problem) });
  }
  throw new InvalidModelOutputError(
    `simulated tool "${context.toolName}": the model (${resolved.key}) answered twice with output that is not valid: ${problem}`,
  );
}

async function callModel(resolved: ResolvedModel, system: string, messages: ModelMessage[], signal: AbortSignal | undefined) {
  const { temperature, maxTokens, providerOptions } = resolved.defaults;
  const result = await invokeModel({
    model: resolved.model,
    system,
    messages: [...messages],
    ...(temperature === undefined ? {} : { temperature }),
    ...(maxTokens === undefined ? {} : { maxOutputTokens: maxTokens }),
    ...(providerOptions ? { providerOptions: providerOptions as never } : {}),
    ...(signal ? { abortSignal: signal } : {}),
    ...resolved.callOptions,
  });
  return result.text;
}

function parseAnswer(text: string): { value: unknown } | { problem: string } {
  const body = stripCodeFence(text);
  if (!body) return { problem: "the answer is empty" };
  try {
    return { value: JSON.parse(body) as unknown };
  } catch (error) {
    return { problem: `the answer is not JSON (${errorMessage(error)})` };
  }
}

function preparedFor(options: SimulatedToolOptions, toolName: string, prepared: Map<string, PreparedTool>): PreparedTool {
  let entry = prepared.get(toolName);
  if (!entry) {
    const checkOutput = options.outputSchema ? inputCheck(toolName, options.outputSchema) : undefined;
    entry = { system: simulationSystemPrompt(toolName, options), checkOutput };
    prepared.set(toolName, entry);
  }
  return entry;
}
