/**
 * The scenario file format (YAML, or strict JSON for `.json` files). Keys are
 * snake_case; unknown keys are errors with a "did you mean" hint.
 *
 * ```yaml
 * name: refund flow                 # required
 * description: A customer asks …    # required; what the simulated user is told
 * id: refund-flow                   # default: the name
 * scenario_type: business           # business | adversarial | stress | edge_case | compliance | security
 * difficulty: medium                # easy | medium | hard | extreme
 * tags: [refunds, smoke]
 * is_active: true                   # false: suites skip it
 * expect: fail                      # a known flaw shown on purpose: as expected only when it fails
 * seed: 42                          # integer ≥ 0
 * max_turns: 8                      # integer ≥ 1
 * timeout_seconds: 30               # each call of the agent under test; or { agent_call, model_call, scenario }
 * set_id: nightly
 * metadata: { owner: payments }
 * variables: { ticket_count: 0 }    # initial run variables
 *
 * agent:                            # required, exactly one of:
 *   module: ./agent.ts              #   an Agent object (call + role) or a zero-argument function returning one
 *   export: supportAgent            #   default: the default export
 *   # http: { url, method, headers, body, response_path, tool_calls_path, session, timeout_ms, name }
 *   # openai_compatible: { base_url, model, api_key, api_key_env, headers, timeout_ms, name, system_prompt, temperature, extra_body }
 *   # a2a: { url, card_path, headers, timeout_ms, name }   #   an Agent2Agent (A2A) agent
 *   # graph: ./support.graph.yaml   #   a behavioral graph file (docs/graphs.md); start_at: entry | last-answered
 * user:
 *   simulator: { model: "openai:gpt-4.1-mini", persona: …, system_prompt: …, temperature: 0.2 }
 *   #   + cooperativeness, patience, knowledge, verbosity, language, goal, plan, realism_checks (docs/user-simulator.md)
 * judge: { criteria: [The agent confirms the refund], model: …, system_prompt: … }   # criteria: the final verdict's
 *
 * environment:
 *   state: { orders: [{ id: 42, status: paid }] }
 *   tools:
 *     refund:
 *       description: Refunds an order
 *       parameters: { type: object, properties: { order_id: { type: number } } }
 *       latency: 0.5                # virtual seconds
 *       handler: { module: ./tools.mjs, export: refund }   # a function (input, context) => result
 *       # or: response: { result, set, increment, append, variables: { set, increment } }
 *   latency: { agent: 1, tool: 0.1 }
 *   clock: virtual                  # virtual | real
 *   max_tool_rounds: 10
 *
 * script:                           # default: [proceed]
 *   - { type: user_message, message: "Refund order 42", timestamp: 0 }
 *   - { type: agent_action, action: refund, params: { order_id: 42 } }
 *   - { type: tool_call, tool: lookup, params: {}, expected_result: { count: 5 }, save_as: found }
 *   - { type: system_event, event: rate_limit_reached, data: {}, notify: true }
 *   - { type: wait, duration: 5 }
 *   - { type: assertion, path: variables.ticket_count, operator: equals, value: 1 }
 *   - { type: assertion, assertion_type: equals, actual_path: variables.ticket_count, expected: 1 }  # the seed's spelling
 *   #   every seed step may also carry timestamp, set and increment
 *   - { type: user, content: … }    # DSL steps: user, agent, judge (criteria), proceed (turns), succeed, fail (reasoning)
 *   - { type: judge, criteria: [The agent confirms the refund] }   # a checkpoint; needs no judge: key
 *
 * injection_templates:
 *   - { name: flaky_refund, description: …, tags: […], injection: { type: tool_error, target_action: refund, error_type: timeout } }
 * injections:                       # or injection_points (not both)
 *   - { type: user_message, message: "Actually…", trigger: { kind: event_count, count: 3 } }
 *   - { type: adversarial, attack_type: jailbreak, severity: high, trigger_type: random, probability: 0.3 }  # flat trigger keys
 *   - { type: tool_error, target_action: refund, error_type: timeout, probability: 0.5 }                    # probability is its own
 *   - { type: timeout, condition_type: network_error, target_timestamp: 10, duration: 5 }                  # = system_condition
 *   - { type: concurrency, num_concurrent: 50, operation: lookup, duration_seconds: 2 }
 *   - { type: file_upload, file_type: pdf, file_size_mb: 2, malformed: true }
 *   - { template: flaky_refund, probability: 0.2 }   # a template with shallow overrides
 *
 * expected_outcomes:
 *   min_events: 3
 *   required_events: [action_request]
 *   forbidden_events: [pii_leak]
 *   state: [{ equals: { … } }, { path: orders[0].status, operator: equals, value: refunded }]
 *
 * detectors:
 *   - { type: pii_leak, kinds: [email, card], allow: [support@example.com] }
 *   - { type: system_prompt_leak, system_prompt: …, secrets: [AURORA-42], min_overlap_words: 8 }
 *   - { type: policy_violation, patterns: [{ id: no-refund-promise, pattern: "I will refund", reason: … }] }
 * ```
 *
 * Flat trigger keys: `trigger_type: timestamp | event_count | random` with
 * `target_timestamp` / `target_event_count` / `probability`, plus
 * `max_triggers` and `duration`, become `trigger: { kind, … }`. On a
 * `tool_error`, `probability` is the injection's own; on a `system_condition`,
 * `target_timestamp` and `duration` are.
 *
 * @module
 */
import { z } from "zod";
import { difficulties, scenarioTypes } from "../domain/declarative.js";
import { PII_KINDS, type PiiKind } from "../redaction/pii-patterns.js";
import { environmentSchema, expectedOutcomesSchema, moduleReferenceSchema, simulateSchema } from "./schema-environment.js";
import { injectionEntrySchema, injectionTemplateSchema } from "./schema-injections.js";
import { stepSchema } from "./schema-steps.js";

const text = z.string().min(1);
const modelId = z.string().regex(/^[a-z-]+:.+/, 'a model id is provider:model, e.g. "openai:gpt-4.1-mini"');
const headers = z.record(z.string(), z.string());
const timeout = z.int().min(1);
/** A real-time limit in seconds (fractions allowed); 0 for none. */
const limitSeconds = z.number().min(0).max(86_400, { error: "must be at most 86400 (a day); use 0 for no limit" });
const timeoutSecondsSchema = z.union(
  [
    limitSeconds,
    z.strictObject({
      agent_call: limitSeconds.optional(),
      model_call: limitSeconds.optional(),
      scenario: limitSeconds.optional(),
    }),
  ],
  { error: "must be seconds (each call of the agent under test) or { agent_call, model_call, scenario } in seconds" },
);

/** `httpAgent` options, snake_case. */
const httpSchema = z.strictObject({
  url: text,
  method: text.optional(),
  headers: headers.optional(),
  body: z.unknown().optional(),
  response_path: text,
  tool_calls_path: text.optional(),
  session: z.union([z.boolean(), z.strictObject({ id_path: text.optional() })]).optional(),
  timeout_ms: timeout.optional(),
  name: text.optional(),
});

/** `openAICompatibleAgent` options, snake_case; `api_key_env` names an environment variable holding the key. */
const openAICompatibleSchema = z
  .strictObject({
    base_url: text,
    model: text,
    api_key: text.optional(),
    api_key_env: text.optional(),
    headers: headers.optional(),
    timeout_ms: timeout.optional(),
    name: text.optional(),
    system_prompt: text.optional(),
    temperature: z.number().min(0).max(2).optional(),
    extra_body: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((value, context) => {
    if (value.api_key !== undefined && value.api_key_env !== undefined) {
      context.addIssue({ code: "custom", path: ["api_key_env"], message: "give either api_key or api_key_env, not both" });
    }
  });

/** `a2aAgent` options, snake_case: an agent behind the Agent2Agent protocol. */
const a2aSchema = z.strictObject({
  url: text,
  card_path: text.optional(),
  headers: headers.optional(),
  timeout_ms: timeout.optional(),
  name: text.optional(),
});

/** An agent: code, an HTTP endpoint, an OpenAI-compatible endpoint or an A2A agent (a scenario's agent, a graph's node). */
export const agentSchema = z.union(
  [
    moduleReferenceSchema,
    z.strictObject({ http: httpSchema }),
    z.strictObject({ openai_compatible: openAICompatibleSchema }),
    z.strictObject({ a2a: a2aSchema }),
  ],
  { error: "the agent needs exactly one of module (with optional export), http, openai_compatible or a2a" },
);

const nodeName = z.string().min(1);

/** Checks over the path a graph run took (`graphChecks`), graded with the judge's criteria. */
export const graphPathChecksSchema = z.strictObject({
  visited: z.array(nodeName).optional(),
  not_visited: z.array(nodeName).optional(),
  visited_in_order: z.array(nodeName).min(2).optional(),
  handed_off: z.array(z.strictObject({ from: nodeName, to: nodeName })).optional(),
  answered_by: nodeName.optional(),
  handoffs: z
    .strictObject({ at_most: z.int().min(0).optional(), at_least: z.int().min(0).optional(), exactly: z.int().min(0).optional() })
    .optional(),
  no_loops: z.boolean().optional(),
  contracts_held: z.boolean().optional(),
});

/** A behavioral graph file as the agent under test (`agent: { graph: ./support.graph.yaml }`). */
export const graphReferenceSchema = z.strictObject({
  graph: z
    .string()
    .min(1)
    .refine((path) => /\.(ya?ml|json)$/i.test(path), { message: "must name a graph file (.yaml, .yml or .json)" }),
  start_at: z.enum(["entry", "last-answered"]).optional(),
  /** Chaos for this scenario, in place of the graph file's (entries as a graph file's `chaos:`; checked when the graph loads). */
  chaos: z.array(z.record(z.string(), z.unknown())).optional(),
  /** Checks over the path, graded with the judge's criteria (a deterministic judge when the file has none). */
  checks: graphPathChecksSchema.optional(),
});

/** The agent under test: an agent, or a graph of them. */
const agentUnderTestSchema = z.union(
  [
    moduleReferenceSchema,
    z.strictObject({ http: httpSchema }),
    z.strictObject({ openai_compatible: openAICompatibleSchema }),
    z.strictObject({ a2a: a2aSchema }),
    graphReferenceSchema,
  ],
  { error: "the agent needs exactly one of module (with optional export), http, openai_compatible, a2a or graph" },
);

const userSchema = z.strictObject({
  simulator: z.strictObject({
    model: modelId.optional(),
    persona: text.optional(),
    system_prompt: text.optional(),
    temperature: z.number().min(0).max(2).optional(),
    // behaviour controls, hidden goal and plan, realism checks (docs/user-simulator.md, decision 0047)
    cooperativeness: z.enum(["low", "medium", "high"]).optional(),
    patience: z.union([z.enum(["low", "medium", "high"]), z.number().int().min(1)]).optional(),
    knowledge: z.enum(["low", "medium", "high"]).optional(),
    verbosity: z.enum(["low", "medium", "high"]).optional(),
    language: text.optional(),
    goal: text.optional(),
    plan: z.array(text).min(1).optional(),
    realism_checks: z.union([z.boolean(), z.strictObject({ model: modelId.optional() })]).optional(),
  }),
});

const judgeSchema = z.strictObject({
  criteria: z.array(text).min(1).optional(),
  model: modelId.optional(),
  system_prompt: text.optional(),
});

const regexSource = text.refine(
  (source) => {
    try {
      new RegExp(source, "i");
      return true;
    } catch {
      return false;
    }
  },
  { message: "is not a valid regular expression" },
);

/** The built-in detectors (`src/detectors/`), options snake_case. */
export const detectorSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("pii_leak"),
    kinds: z.array(z.enum(PII_KINDS as [PiiKind, ...PiiKind[]])).optional(),
    allow: z.array(text).optional(),
  }),
  z
    .strictObject({
      type: z.literal("system_prompt_leak"),
      system_prompt: text.optional(),
      secrets: z.array(text).optional(),
      min_overlap_words: z.int().min(1).optional(),
    })
    .superRefine((value, context) => {
      if (value.system_prompt === undefined && (value.secrets ?? []).length === 0) {
        context.addIssue({ code: "custom", path: [], message: "give system_prompt, secrets or both" });
      }
    }),
  z.strictObject({
    type: z.literal("policy_violation"),
    name: text.optional(),
    patterns: z.array(z.strictObject({ id: text, pattern: regexSource, reason: text })).min(1),
  }),
]);

/** The whole scenario file. See the module comment for the format. */
export const scenarioFileSchema = z
  .strictObject({
    id: text.optional(),
    name: text,
    description: text,
    scenario_type: z.enum(scenarioTypes).optional(),
    difficulty: z.enum(difficulties).optional(),
    tags: z.array(text).optional(),
    is_active: z.boolean().optional(),
    expect: z.enum(["pass", "fail"]).optional(),
    seed: z.int().min(0).max(0xffff_ffff).optional(),
    max_turns: z.int().min(1).optional(),
    timeout_seconds: timeoutSecondsSchema.optional(),
    set_id: text.optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    variables: z.record(z.string(), z.unknown()).optional(),
    agent: agentUnderTestSchema,
    user: userSchema.optional(),
    judge: judgeSchema.optional(),
    // inline, or `{ module, export }` naming an EnvironmentSpec (or a zero-argument function returning one)
    environment: z.union([moduleReferenceSchema, environmentSchema(moduleReferenceSchema, simulateSchema(modelId))]).optional(),
    script: z.array(stepSchema).min(1).optional(),
    injection_templates: z.array(injectionTemplateSchema).optional(),
    injections: z.array(injectionEntrySchema).optional(),
    injection_points: z.array(injectionEntrySchema).optional(),
    expected_outcomes: expectedOutcomesSchema.optional(),
    detectors: z.array(detectorSchema).optional(),
  })
  .superRefine((value, context) => {
    if (value.injections !== undefined && value.injection_points !== undefined) {
      context.addIssue({
        code: "custom",
        path: ["injection_points"],
        message: "give either injections or injection_points (its seed name), not both",
      });
    }
  });

/** A validated scenario file: injections normalised to `Injection` or still template references. */
export type ScenarioFileData = z.output<typeof scenarioFileSchema>;
