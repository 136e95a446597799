import type { EnvironmentSpec, Injection } from "../domain/declarative.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { agentAction, userMessage } from "../script/seed-steps.js";
import { type BuilderBase, checker } from "./builder-checks.js";

export {
  type AdversarialScenarioOptions,
  createAdversarialScenario,
  DEFAULT_ADVERSARIAL_POLICY_PATTERNS,
} from "./adversarial/adversarial-scenario.js";
export { ADVERSARIAL_CRITERIA } from "./adversarial/attack-criteria.js";
export { adversarialCanary, type CanaryEncoding, findCanary, withCanary } from "./adversarial/canary.js";
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
  /** Chance each tool call fails with `internal_error`, 0..1 (0: no `tool_error` injection). */
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
 * that probability. The script is one user message, which the agent must
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
  const injections: Injection[] = [
    {
      type: "concurrency",
      num_concurrent: numConcurrent,
      operation,
      duration_seconds: options.durationSeconds,
      ...(options.maxOperations === undefined
        ? {}
        : { max_operations: check.integer(options.maxOperations, "maxOperations", 1) }),
    },
  ];
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
