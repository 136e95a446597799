import type { AgentInput, JudgmentRequest } from "../domain/agent.js";
import type { ModelMessage } from "../domain/messages.js";
import type { RunModels } from "../domain/models.js";
import type { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig, ScenarioExecutionStateLike } from "../domain/scenario.js";
import type { ScenarioToolSet } from "../domain/tools.js";

/** Where an input's `signal` comes from: the run's watchdog, or the settings' signal when nothing is watched. */
export interface SignalSource {
  readonly signal?: AbortSignal | undefined;
}

/**
 * The `AgentInput` of one agent call. `signal` is read from its source only
 * when an agent reads it: making a run's abort signal costs more than a whole
 * plain agent call, and most agents never look at it. A getter is not copied
 * by a spread: an interceptor that hands the agent a copy (`{ ...input }`)
 * passes `signal: input.signal` along, as the harness's tool loop does.
 */
export class AgentCallInput implements AgentInput {
  judgmentRequest?: JudgmentRequest;
  tools?: ScenarioToolSet;
  models?: RunModels;
  private own: { signal: AbortSignal | undefined } | undefined;

  constructor(
    public threadId: string,
    public messages: ModelMessage[],
    public newMessages: ModelMessage[],
    public requestedRole: AgentRole,
    public scenarioState: ScenarioExecutionStateLike,
    public scenarioConfig: ScenarioConfig,
    private readonly source: SignalSource,
  ) {}

  get signal(): AbortSignal | undefined {
    return this.own ? this.own.signal : this.source.signal;
  }

  /** An interceptor may hand the agent another signal. */
  set signal(signal: AbortSignal | undefined) {
    this.own = { signal };
  }
}
