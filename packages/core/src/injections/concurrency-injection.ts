import type { AgentInput } from "../domain/agent.js";
import type { ConcurrencyInjection } from "../domain/declarative.js";
import { RehearseError } from "../domain/errors.js";
import { AgentRole } from "../domain/roles.js";
import { createRandom } from "../engine/random.js";
import { createTrigger } from "../environment/triggers.js";
import type { ArmedInjection, InjectionContext, LoadSite } from "./injection-runtime.js";
import { callWithinLimit } from "./load-agent-call.js";
import { operationLimit, type PlannedOperation, scheduleBurst } from "./load-schedule.js";
import { LoadTally, simulatedFigures } from "./load-statistics.js";

export { DEFAULT_MAX_AGENT_OPERATIONS, MAX_BURST_OPERATIONS } from "./load-schedule.js";

/**
 * `concurrency`: when its trigger fires (default: the first check point), a
 * burst of `num_concurrent` lanes runs `operation` (an environment tool, or
 * `"agent"` for the agent under test) back to back, so the target sees
 * `num_concurrent` real calls in flight at once.
 *
 * Two sets of figures come out (docs/decisions/0018-measured-load.md):
 *
 * - measured — `ops`, `errors_by_type`, `error_messages`, `p50_ms`, `p95_ms`,
 *   `p99_ms`, `max_ms`, `wall_ms`: every real operation (tool handler or agent
 *   call) timed on the run's monotonic wall clock;
 * - simulated — `simulated_ops`, `simulated_p50_ms`, …: the virtual schedule,
 *   drawn from the seed before anything runs (the target's latency × a factor
 *   in [0.5, 1.5), plus what system conditions add), which decides how many
 *   operations fit in `duration_seconds` and when each starts in virtual time.
 *
 * The same seed gives the same schedule and the same fault draws; measured
 * durations are whatever the target really took. The scenario clock then moves
 * past the window. Load calls are not conversation events: only the
 * `injection` event and the log entry record the burst.
 */
export function armConcurrency(
  name: string,
  injection: ConcurrencyInjection,
  random: () => number,
  latencyOf: (operation: string) => number,
): ArmedInjection {
  const trigger = createTrigger(injection.trigger ?? { kind: "timestamp", at: 0 }, { random, source: name, path: "trigger" });
  let done = false;
  return {
    name,
    type: "concurrency",
    async boundary(context) {
      if (done) return;
      const decision = trigger.evaluate(context.triggerContext());
      if (!decision.fired) {
        context.log({ trigger: trigger.spec.kind, fired: false, reason: decision.reason });
        return;
      }
      done = true;
      const outcome = await runBurst(name, injection, context, random, latencyOf(injection.operation));
      context.log({ trigger: trigger.spec.kind, fired: true, reason: decision.reason, outcome });
    },
  };
}

async function runBurst(
  name: string,
  injection: ConcurrencyInjection,
  context: InjectionContext,
  random: () => number,
  latency: number,
): Promise<Record<string, unknown>> {
  const startedAt = context.clock.elapsed();
  const call = operationCall(injection, context);
  const lanes = scheduleBurst(injection, {
    random,
    latency,
    startedAt,
    loadLatency: (target, at, seconds) => context.loadLatency(target, at, seconds),
  });
  const planned = lanes.reduce((sum, lane) => sum + lane.length, 0);
  if (injection.operation === "agent") {
    context.notice(
      `concurrency injection ${JSON.stringify(name)}: making ${planned} calls of the agent under test (${injection.num_concurrent} at a time; max_operations ${operationLimit(injection)})`,
    );
  }
  const tally = new LoadTally();
  let inFlight = 0;
  let maxInFlight = 0;
  const burstStart = context.now();
  await Promise.all(
    lanes.map(async (operations) => {
      for (const operation of operations) {
        context.signal?.throwIfAborted();
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        const stream = createRandom(operation.seed);
        const site: LoadSite = { random: () => stream.next(), at: startedAt + operation.at };
        const started = context.now();
        try {
          await call(operation, site);
          tally.record(context.now() - started);
        } catch (error) {
          if (context.signal?.aborted) throw error;
          tally.record(context.now() - started, error);
        } finally {
          inFlight--;
        }
      }
    }),
  );
  const wallMilliseconds = context.now() - burstStart;
  await context.clock.advance(injection.duration_seconds, context.signal);
  return {
    operation: injection.operation,
    num_concurrent: injection.num_concurrent,
    duration_seconds: injection.duration_seconds,
    ...tally.summary(),
    wall_ms: Math.round(wallMilliseconds * 10) / 10,
    max_in_flight: maxInFlight,
    ...simulatedFigures(lanes),
  };
}

type OperationCall = (operation: PlannedOperation, site: LoadSite) => Promise<unknown>;

function operationCall(injection: ConcurrencyInjection, context: InjectionContext): OperationCall {
  if (injection.operation !== "agent") {
    if (!context.toolNames.includes(injection.operation)) {
      throw new RehearseError(
        "invalid_config",
        `concurrency injection: operation ${JSON.stringify(injection.operation)} is neither "agent" nor a tool of the environment (${context.toolNames.join(", ") || "none"})`,
      );
    }
    return (_operation, site) => context.loadTool(injection.operation, injection.params ?? {}, site);
  }
  const agent = context.agentUnderTest;
  if (!agent) throw new RehearseError("invalid_config", 'concurrency injection: operation "agent" needs an agent under test');
  const text = typeof injection.params?.message === "string" ? injection.params.message : "Hello, are you there?";
  return (operation, site) => {
    // a system condition that reaches the agent fails the operation before the call, as it fails a tool's
    const fault = context.agentLoadFault(site.at);
    if (fault) return Promise.reject(fault);
    const message = { role: "user" as const, content: text };
    const inputWith = (signal: AbortSignal | undefined): AgentInput => ({
      threadId: `load-${operation.lane}-${operation.seed.toString(36)}`,
      messages: [message],
      newMessages: [message],
      requestedRole: AgentRole.AGENT,
      scenarioState: context.state,
      scenarioConfig: context.state.config,
      ...(context.toolNames.length > 0 ? { tools: context.loadTools(site) } : {}),
      ...(context.models ? { models: context.models } : {}),
      ...(signal ? { signal } : {}),
    });
    // each load call is bounded by the agent-call limit, as a call in the conversation is (decision 0021)
    const limit = context.agentCallLimit;
    if (limit) return callWithinLimit(agent, limit, context.signal, (signal) => agent.call(inputWith(signal)));
    return Promise.resolve(agent.call(inputWith(context.signal)));
  };
}
