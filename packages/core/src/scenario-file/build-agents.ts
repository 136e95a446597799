import { a2aAgent } from "../agents/a2a/a2a-agent.js";
import { httpAgent } from "../agents/http/http-agent.js";
import { openAICompatibleAgent } from "../agents/http/openai-compatible-agent.js";
import { deterministicJudge } from "../agents/judge/deterministic-judge.js";
import { judgeAgent } from "../agents/judge/judge-agent.js";
import type { Detector } from "../agents/red-team/detectors.js";
import { userSimulatorAgent } from "../agents/user-simulator/user-simulator-agent.js";
import { piiLeakDetector } from "../detectors/pii-leak.js";
import { policyViolationDetector } from "../detectors/policy-violation.js";
import { systemPromptLeakDetector } from "../detectors/system-prompt-leak.js";
import type { Agent } from "../domain/agent.js";
import type { Check } from "../domain/criteria.js";
import { ConfigError, errorMessage } from "../domain/errors.js";
import type { ScenarioFileData } from "./schema.js";

/** Reports a problem at a data path of the file. */
export type ReportProblem = (path: ReadonlyArray<PropertyKey>, problem: string, cause?: unknown) => void;

type AgentData = ScenarioFileData["agent"];
type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Runs a factory; a `ConfigError` it throws is reported at the file key its
 * `path` names (camelCase option → snake_case key), anything else at `base`.
 */
function build<Value>(base: ReadonlyArray<PropertyKey>, report: ReportProblem, factory: () => Value): Value | undefined {
  try {
    return factory();
  } catch (error) {
    const keys = error instanceof ConfigError && error.path ? snakePath(error.path) : [];
    report([...base, ...keys], errorMessage(error), error);
    return undefined;
  }
}

function snakePath(path: string): string[] {
  const keys: string[] = [];
  for (const part of path.split(".")) {
    const name = /^[A-Za-z_]\w*/.exec(part)?.[0];
    if (!name) break;
    keys.push(name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`));
    if (name !== part) break;
  }
  return keys;
}

/** The agent under test for the `http`, `openai_compatible` and `a2a` forms (the `module` form is loaded later). */
export function buildEndpointAgent(agent: AgentData, report: ReportProblem, environment: Environment): Agent | undefined {
  if ("a2a" in agent) {
    const { a2a } = agent;
    return build(["agent", "a2a"], report, () =>
      a2aAgent({
        url: a2a.url,
        ...defined({ cardPath: a2a.card_path, headers: a2a.headers, timeoutMs: a2a.timeout_ms, name: a2a.name }),
      }),
    );
  }
  if ("http" in agent) {
    const { http } = agent;
    return build(["agent", "http"], report, () =>
      httpAgent({
        url: http.url,
        responsePath: http.response_path,
        ...defined({ method: http.method, headers: http.headers, body: http.body, name: http.name }),
        ...defined({ toolCallsPath: http.tool_calls_path, timeoutMs: http.timeout_ms }),
        ...(http.session === undefined
          ? {}
          : { session: typeof http.session === "boolean" ? http.session : defined({ idPath: http.session.id_path }) }),
      }),
    );
  }
  if ("openai_compatible" in agent) {
    const options = agent.openai_compatible;
    let apiKey = options.api_key;
    if (options.api_key_env !== undefined) {
      apiKey = environment[options.api_key_env];
      if (!apiKey) {
        report(["agent", "openai_compatible", "api_key_env"], `environment variable ${options.api_key_env} is not set`);
        return undefined;
      }
    }
    return build(["agent", "openai_compatible"], report, () =>
      openAICompatibleAgent({
        baseURL: options.base_url,
        model: options.model,
        ...defined({ apiKey, headers: options.headers, timeoutMs: options.timeout_ms, name: options.name }),
        ...defined({ systemPrompt: options.system_prompt, temperature: options.temperature, extraBody: options.extra_body }),
      }),
    );
  }
  return undefined;
}

/** The user simulator of `user.simulator`, if any; `file` is named when it has no model. */
export function buildSimulator(data: ScenarioFileData, report: ReportProblem, file: string): Agent | undefined {
  const simulator = data.user?.simulator;
  if (!simulator) return undefined;
  return build(["user", "simulator"], report, () =>
    userSimulatorAgent(
      defined({
        model: simulator.model,
        persona: simulator.persona,
        systemPrompt: simulator.system_prompt,
        temperature: simulator.temperature,
        cooperativeness: simulator.cooperativeness,
        patience: simulator.patience,
        knowledge: simulator.knowledge,
        verbosity: simulator.verbosity,
        language: simulator.language,
        goal: simulator.goal,
        plan: simulator.plan,
        realismChecks: simulator.realism_checks,
        declaredIn: { file, key: "user.simulator" },
      }),
    ),
  );
}

/**
 * The judge of `judge`, or, when there is none and a `judge` step has
 * criteria, a judge on the default model to grade those checkpoints; `file`
 * is named when it has no model.
 */
export function buildJudge(data: ScenarioFileData, report: ReportProblem, file: string, checks: Check[] = []): Agent | undefined {
  const checkpoints = data.script?.some((step) => step.type === "judge" && step.criteria !== undefined) ?? false;
  const judge = data.judge ?? (checkpoints ? {} : undefined);
  // a graph's path checks alone are graded in code: no model needed
  if (!judge) return checks.length > 0 ? deterministicJudge({ criteria: checks }) : undefined;
  const criteria = judge.criteria || checks.length > 0 ? [...(judge.criteria ?? []), ...checks] : undefined;
  return build(["judge"], report, () =>
    judgeAgent({
      ...defined({ criteria, model: judge.model, systemPrompt: judge.system_prompt }),
      declaredIn: { file, key: "judge" },
    }),
  );
}

/** The detectors of `detectors`, built with the factories of `src/detectors/`. */
export function buildDetectors(data: ScenarioFileData, report: ReportProblem): Detector[] {
  const detectors: Detector[] = [];
  for (const [index, spec] of (data.detectors ?? []).entries()) {
    const detector = build(["detectors", index], report, (): Detector => {
      switch (spec.type) {
        case "pii_leak":
          return piiLeakDetector(defined({ kinds: spec.kinds, allow: spec.allow }));
        case "system_prompt_leak":
          return systemPromptLeakDetector(
            defined({ systemPrompt: spec.system_prompt, secrets: spec.secrets, minOverlapWords: spec.min_overlap_words }),
          );
        case "policy_violation":
          return policyViolationDetector({ patterns: spec.patterns, ...defined({ name: spec.name }) });
        default:
          return spec satisfies never;
      }
    });
    if (detector) detectors.push(detector);
  }
  return detectors;
}

/** The entries whose value is defined: factories treat a present `undefined` differently from an absent key. */
function defined<Options extends Record<string, unknown>>(
  options: Options,
): { [Key in keyof Options]?: Exclude<Options[Key], undefined> } {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as {
    [Key in keyof Options]?: Exclude<Options[Key], undefined>;
  };
}
