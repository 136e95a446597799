import { type Agent, agentName } from "../domain/agent.js";
import { errorMessage } from "../domain/errors.js";
import type { DomainEventPayload } from "../domain/event.js";
import type { Diagnostic, ScenarioResult } from "../domain/result.js";
import type { ScenarioConfig, ScenarioExecutionStateLike } from "../domain/scenario.js";
import { type Conclusion, isSuccess } from "./conclusion.js";
import type { CriteriaLedger } from "./criteria-ledger.js";
import type { ExecutionSettings } from "./execution-settings.js";
import type { MessageLog } from "./message-log.js";

/** What a result is made from. */
export interface ResultSources {
  settings: ExecutionSettings;
  config: ScenarioConfig;
  agents: readonly Agent[];
  /** Milliseconds spent in calls of the agents under test (role `Agent`). */
  agentMilliseconds: number;
  startedAt: number;
  log: MessageLog;
  ledger: CriteriaLedger;
  state: ScenarioExecutionStateLike;
  /** Reports script steps attached (`executor.report`). */
  stepReports: ReadonlyMap<string, unknown> | undefined;
}

/** The note on a result whose scenario or run options carried the reference's `langwatch` settings. */
export function langwatchIgnored(): Diagnostic {
  return {
    kind: "warning",
    message:
      "`langwatch` settings are ignored: Rehearse sends nothing to LangWatch (use `reporters` to receive the run's events)",
    source: "langwatch",
  };
}

/**
 * The `ScenarioResult` of a conclusion. `agentTime` counts agent-under-test
 * calls only (role `Agent`); both times are seconds from the run's clock.
 */
export function resultOf(conclusion: Conclusion, sources: ResultSources): ScenarioResult {
  const { settings, agents, agentMilliseconds, ledger } = sources;
  const result: ScenarioResult = {
    runId: settings.scenarioRunId,
    success: isSuccess(conclusion.status),
    status: conclusion.status,
    messages: sources.log.messages(),
    reasoning: conclusion.reasoning,
    metCriteria: ledger.met,
    unmetCriteria: ledger.unmet,
    totalTime: (settings.clock.now() - sources.startedAt) / 1000,
    agentTime: agentMilliseconds / 1000,
    ...(conclusion.error ? { error: conclusion.error.message, errorCode: conclusion.error.code } : {}),
    seed: settings.random.seed,
    scenarioRunId: settings.scenarioRunId,
    batchRunId: settings.batchRunId,
    setId: settings.setId,
    scenarioId: settings.scenarioId,
    threadId: settings.threadId,
    metadata: { ...sources.config.metadata },
    diagnostics: sources.config.langwatch === undefined ? [] : [langwatchIgnored()],
  };
  const usage = settings.usage?.usage();
  if (usage) result.usage = usage;
  const toolCalls = sources.state.toolCalls;
  if (toolCalls.length > 0) result.toolCalls = [...toolCalls];
  for (const agent of agents) {
    if (!agent.resultReport) continue;
    const report = agent.resultReport(sources.state);
    if (report === undefined) continue;
    result.reports ??= {};
    result.reports[agentName(agent)] = report;
  }
  if (sources.stepReports) {
    result.reports ??= {};
    for (const [name, report] of sources.stepReports) result.reports[name] = report;
  }
  return result;
}

/**
 * The events that carry agents' reports (`Agent.reportEvent`), one per
 * agent name with a report in `result.reports`, for the run to emit as it
 * ends. An agent whose `reportEvent` throws adds a warning to the result's
 * diagnostics instead: the run has concluded and must not fail now.
 */
export function reportEvents(agents: readonly Agent[], result: ScenarioResult): DomainEventPayload[] {
  const reports = result.reports;
  const events: DomainEventPayload[] = [];
  if (!reports) return events;
  const done = new Set<string>();
  for (const agent of agents) {
    if (typeof agent.reportEvent !== "function") continue;
    const name = agentName(agent);
    if (done.has(name) || reports[name] === undefined) continue;
    done.add(name);
    try {
      const event = agent.reportEvent(reports[name]);
      if (event) events.push(event);
    } catch (error) {
      result.diagnostics.push({
        kind: "warning",
        source: name,
        message: `${name}.reportEvent threw, so its report is on the result only: ${errorMessage(error)}`,
      });
    }
  }
  return events;
}
