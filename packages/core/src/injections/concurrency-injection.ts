import type { AgentInput } from "../domain/agent.js";
import type { ConcurrencyInjection } from "../domain/declarative.js";
import { errorMessage, RehearseError } from "../domain/errors.js";
import { AgentRole } from "../domain/roles.js";
import { createRandom } from "../engine/random.js";
import { ToolFault } from "../environment/tool-fault.js";
import { createTrigger } from "../environment/triggers.js";
import type { ArmedInjection, InjectionContext } from "./injection-runtime.js";

/** Most operations one burst may schedule; beyond it the scenario is rejected as a likely mistake. */
export const MAX_BURST_OPERATIONS = 200_000;

interface Operation {
  readonly lane: number;
  /** Virtual seconds the operation takes. */
  readonly latency: number;
  readonly seed: number;
}

/**
 * `concurrency`: when its trigger fires (default: the first check point), a
 * burst of `num_concurrent` lanes runs `operation` (an environment tool, or
 * `"agent"` for the agent under test) back to back for `duration_seconds` of
 * virtual time, so the target sees `num_concurrent` calls in flight for the
 * whole window. Each operation's virtual latency is the target's latency ×
 * a seeded factor in [0.5, 1.5); the schedule is drawn before anything runs,
 * and each operation has its own random stream for fault draws, so the
 * statistics (count, errors by type, p50/p95) are identical for the same seed.
 * The clock then moves past the window. Load calls are not conversation
 * events: only the `injection` event and the log entry record the burst.
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
      const outcome = await runBurst(injection, context, random, latencyOf(injection.operation));
      context.log({ trigger: trigger.spec.kind, fired: true, reason: decision.reason, outcome });
    },
  };
}

function schedule(injection: ConcurrencyInjection, random: () => number, latency: number): Operation[][] {
  const base = latency > 0 ? latency : 0.001;
  const lanes: Operation[][] = [];
  let total = 0;
  for (let lane = 0; lane < injection.num_concurrent; lane++) {
    const operations: Operation[] = [];
    for (let elapsed = 0; elapsed < injection.duration_seconds; ) {
      const took = base * (0.5 + random());
      operations.push({ lane, latency: took, seed: Math.floor(random() * 0x1_0000_0000) });
      elapsed += took;
      if (++total > MAX_BURST_OPERATIONS) {
        throw new RehearseError(
          "invalid_config",
          `concurrency injection: ${injection.num_concurrent} lanes × ${injection.duration_seconds}s at ${base}s per operation schedules more than ${MAX_BURST_OPERATIONS} operations; raise the operation's latency or shorten the window`,
        );
      }
    }
    lanes.push(operations);
  }
  return lanes;
}

async function runBurst(
  injection: ConcurrencyInjection,
  context: InjectionContext,
  random: () => number,
  latency: number,
): Promise<Record<string, unknown>> {
  const lanes = schedule(injection, random, latency);
  const errorsByType: Record<string, number> = {};
  let inFlight = 0;
  let maxInFlight = 0;
  let succeeded = 0;
  const call = operationCall(injection, context);
  await Promise.all(
    lanes.map(async (operations) => {
      for (const operation of operations) {
        context.signal?.throwIfAborted();
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          await call(operation);
          succeeded++;
        } catch (error) {
          const type = ToolFault.isInstance(error) ? error.payload.type : "exception";
          errorsByType[type] = (errorsByType[type] ?? 0) + 1;
        } finally {
          inFlight--;
        }
      }
    }),
  );
  await context.clock.advance(injection.duration_seconds, context.signal);
  const latencies = lanes.flat().map((operation) => operation.latency * 1000);
  const errors = latencies.length - succeeded;
  return {
    operation: injection.operation,
    num_concurrent: injection.num_concurrent,
    duration_seconds: injection.duration_seconds,
    operations: latencies.length,
    succeeded,
    errors,
    errors_by_type: errorsByType,
    error_rate: latencies.length === 0 ? 0 : errors / latencies.length,
    p50_ms: percentile(latencies, 0.5),
    p95_ms: percentile(latencies, 0.95),
    max_in_flight: maxInFlight,
  };
}

function operationCall(injection: ConcurrencyInjection, context: InjectionContext): (operation: Operation) => Promise<unknown> {
  if (injection.operation !== "agent") {
    if (!context.toolNames.includes(injection.operation)) {
      throw new RehearseError(
        "invalid_config",
        `concurrency injection: operation ${JSON.stringify(injection.operation)} is neither "agent" nor a tool of the environment (${context.toolNames.join(", ") || "none"})`,
      );
    }
    return (operation) => {
      const stream = createRandom(operation.seed);
      return context.loadTool(injection.operation, injection.params ?? {}, () => stream.next());
    };
  }
  const agent = context.agentUnderTest;
  if (!agent) throw new RehearseError("invalid_config", 'concurrency injection: operation "agent" needs an agent under test');
  const text = typeof injection.params?.message === "string" ? injection.params.message : "Hello, are you there?";
  return async (operation) => {
    const message = { role: "user" as const, content: text };
    const input: AgentInput = {
      threadId: `load-${operation.lane}-${operation.seed.toString(36)}`,
      messages: [message],
      newMessages: [message],
      requestedRole: AgentRole.AGENT,
      scenarioState: context.state,
      scenarioConfig: context.state.config,
      ...(context.signal ? { signal: context.signal } : {}),
    };
    try {
      return await agent.call(input);
    } catch (error) {
      throw new Error(errorMessage(error));
    }
  };
}

/** Nearest-rank percentile of `values` (milliseconds, rounded to 0.1). */
export function percentile(values: readonly number[], fraction: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return Math.round((sorted[rank] as number) * 10) / 10;
}
