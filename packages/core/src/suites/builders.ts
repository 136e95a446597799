import { type ConcurrencyInjection, type EnvironmentSpec, type Injection, operationLatency } from "../domain/declarative.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { checkBurstPlan } from "../injections/load-schedule.js";
import { agentAction, userMessage } from "../script/seed-steps.js";
import { type BuilderBase, checker } from "./builder-checks.js";

export {
  type AdversarialScenarioOptions,
  createAdversarialScenario,
  DEFAULT_ADVERSARIAL_POLICY_PATTERNS,
} from "./adversarial/adversarial-scenario.js";
export { ADVERSARIAL_CRITERIA } from "./adversarial/attack-criteria.js";
export { adversarialCanary, type CanaryEncoding, findCanary, plantCanaryInState, withCanary } from "./adversarial/canary.js";
export type { BuilderBase } from "./builder-checks.js";

/** Options of `createBasicScenario`. */
export interface BasicScenarioOptions extends BuilderBase {
  /** What the user says, one `user_message` step each (at least one). */
  messages: string[];
  /** Tools the agent must request during the conversation, one `agent_action` step each. */
  expectedActions?: string[];
  /** The agent's world; when given, each expected action must be one of its tools. */
  environment?: EnvironmentSpec;
}

/** Options of `createStressScenario`. */
export interface StressScenarioOptions extends BuilderBase {
  /** Parallel lanes, an integer ≥ 1. */
  numConcurrent: number;
  /** Virtual seconds the load lasts, > 0. */
  durationSeconds: number;
  /**
   * Chance each environment tool call fails with `internal_error`, 0..1 (0: no
   * `tool_error` injection). Above 0 it needs `environment` tools: with the
   * default `operation: "agent"` it fails the tool calls the agent makes.
   */
  errorRate: number;
  /** `"agent"` (default) or a tool of `environment`. */
  operation?: string;
  /**
   * Most operations the burst may make (the injection's `max_operations`;
   * default 100 for the agent, each call possibly a model call). A burst that
   * plans more is rejected before its first call.
   */
  maxOperations?: number;
  environment?: EnvironmentSpec;
}

/** Seconds between the user messages of `createBasicScenario`. */
export const BASIC_MESSAGE_INTERVAL = 10;

/**
 * A `business` scenario (seed §1.9): one `user_message` step per message at
 * 0, 10, 20 … seconds, then one `agent_action` step per expected action
 * (each must have been requested during the conversation). Outcomes: at
 * least one event per message, and an `action_request` when actions are
 * expected. `environment` (optional) holds the tools the actions name; when
 * given, each expected action must be one of its tools. Returns a plain
 * config; nothing is saved.
 *
 * @example
 * ```ts
 * const scenario = createBasicScenario({
 *   name: "refund flow", description: "A customer asks for a refund", agent: myAgent,
 *   messages: ["I want a refund for order A1", "Thanks"], expectedActions: ["create_ticket"],
 * });
 * await run(scenario);
 * ```
 */
export function createBasicScenario(options: BasicScenarioOptions): ScenarioConfig {
  const check = checker("createBasicScenario");
  const base = check.base(options);
  const messages = check.texts(options.messages, "messages", 1);
  const actions = check.texts(options.expectedActions ?? [], "expectedActions", 0);
  if (options.environment) {
    const tools = Object.keys(options.environment.tools ?? {});
    for (const [index, action] of actions.entries()) check.oneOf(action, tools, `expectedActions[${index}]`);
  }
  return {
    ...base,
    scenarioType: "business",
    ...(options.environment ? { environment: options.environment } : {}),
    script: [
      ...messages.map((message, index) => userMessage(message, { timestamp: index * BASIC_MESSAGE_INTERVAL })),
      ...actions.map((action) => agentAction(action)),
    ],
    expectedOutcomes: { min_events: messages.length, required_events: actions.length > 0 ? ["action_request"] : [] },
  };
}

/**
 * A `stress` scenario (seed §1.9): a `concurrency` injection of
 * `numConcurrent` lanes running `operation` (default `"agent"`, else a tool
 * of `environment`) for `durationSeconds` of virtual time, plus, when
 * `errorRate > 0`, a `tool_error` (`internal_error`) on every tool call with
 * that probability (with `operation: "agent"`, the tool calls the agent makes
 * under load; without environment tools there are none, so a rate above 0 is
 * rejected rather than ignored). A burst that plans more operations than
 * `maxOperations` for every seed is rejected here, with the message the run
 * would give. The script is one user message, which the agent must
 * still answer after the burst (`required_events: ["agent_message"]`); add
 * your own `expectedOutcomes` for stricter thresholds.
 *
 * @example
 * ```ts
 * // 50 lanes × 30 s at the agent's 1 s virtual latency plan about 1 500 agent calls: allow them explicitly
 * createStressScenario({ name: "load", description: "50 users at once", agent: myAgent, numConcurrent: 50, durationSeconds: 30, errorRate: 0.05, maxOperations: 2_000 });
 * ```
 */
export function createStressScenario(options: StressScenarioOptions): ScenarioConfig {
  const check = checker("createStressScenario");
  const base = check.base(options);
  const numConcurrent = check.integer(options.numConcurrent, "numConcurrent", 1);
  if (typeof options.durationSeconds !== "number" || !Number.isFinite(options.durationSeconds) || options.durationSeconds <= 0) {
    check.fail("durationSeconds must be a finite number > 0", "durationSeconds");
  }
  const errorRate = check.probability(options.errorRate, "errorRate");
  const operation = options.operation ?? "agent";
  const tools = Object.keys(options.environment?.tools ?? {});
  if (operation !== "agent" && !tools.includes(operation)) {
    check.fail(
      `operation ${JSON.stringify(operation)} is neither "agent" nor a tool of environment (${tools.join(", ") || "none"})`,
      "operation",
    );
  }
  if (errorRate > 0 && tools.length === 0) {
    // a tool_error on "*" with no tool would never be evaluated: the run would pass as if the rate were 0
    check.fail(
      `errorRate ${errorRate} has nothing to fail: it is the chance each environment tool call fails, and operation "agent" runs without an environment with tools; give environment tools the agent calls, load a tool (operation), or set errorRate to 0`,
      "errorRate",
    );
  }
  const burst: ConcurrencyInjection = {
    type: "concurrency",
    num_concurrent: numConcurrent,
    operation,
    duration_seconds: options.durationSeconds,
    ...(options.maxOperations === undefined ? {} : { max_operations: check.integer(options.maxOperations, "maxOperations", 1) }),
  };
  try {
    checkBurstPlan(burst, operationLatency(options.environment, operation));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    check.fail(`${message} (here: maxOperations, numConcurrent, durationSeconds)`, "maxOperations");
  }
  const injections: Injection[] = [burst];
  if (errorRate > 0) {
    injections.push({ type: "tool_error", target_action: "*", error_type: "internal_error", probability: errorRate });
  }
  return {
    ...base,
    scenarioType: "stress",
    ...(options.environment ? { environment: options.environment } : {}),
    injections,
    script: [userMessage("Hello, I need help with my order.")],
    // without a check the run would end undecided; the least a stressed agent must do is still answer
    expectedOutcomes: { required_events: ["agent_message"] },
  };
}
