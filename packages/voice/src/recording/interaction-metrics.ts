import type { AudioSegment, VoiceEvent } from "./voice-event.js";

/** How a run's conversation went as a conversation, measured from its timeline and segments. */
export interface InteractionMetrics {
  /** Agent response times in seconds (user's last audio → agent's first audio). */
  responseLatency: { count: number; p50?: number; p95?: number; max?: number };
  /** User interrupts that found the agent speaking. */
  interruptions: number;
  /** Share of those the agent yielded to (stopped within `yieldWithinMs`); undefined without any. */
  yieldRate?: number;
  /** Backchannels ("mm-hm") heard while the agent spoke. */
  backchannels: number;
  /** Share of those the agent talked through (did not stop within `yieldWithinMs`); undefined without any. */
  selectivity?: number;
  /** Seconds where user and agent audio overlap. */
  talkOverSeconds: number;
  /** Silences between consecutive speech, in seconds. */
  silenceGaps: { count: number; mean?: number; max?: number };
}

/** Options of `interactionMetrics`. */
export interface InteractionMetricsOptions {
  /** How soon the agent must stop after an interrupt to count as yielding (default 800 ms). */
  yieldWithinMs?: number;
}

/**
 * The interaction metrics of a run (`result.interaction`), from what the
 * timeline and segments recorded. Criteria can use them (for example
 * `interactionCheck("p95 response ≤ 1.2 s", (m) => (m.responseLatency.p95 ?? 0) <= 1.2)`).
 */
export function interactionMetrics(
  timeline: readonly VoiceEvent[],
  segments: readonly AudioSegment[],
  options: InteractionMetricsOptions = {},
): InteractionMetrics {
  const window = (options.yieldWithinMs ?? 800) / 1000;
  const events = [...timeline].sort((left, right) => left.time - right.time);
  const latencies = events
    .filter((event) => event.type === "agent_start_speaking" && typeof event.latency === "number")
    .map((event) => event.latency as number);
  const speaking = speakingSpans(events);
  const starts = events.filter((event) => event.type === "agent_start_speaking").map((event) => event.time);
  const stops = events.filter((event) => event.type === "agent_stop_speaking").map((event) => event.time);
  // the stop that ended the speech the event fell in (its audio may have ended a chunk before the event was
  // recorded, hence a stop slightly earlier than the event counts as stopping at once)
  const stoppedSoonAfter = (time: number): boolean => {
    const start = starts.filter((candidate) => candidate <= time).at(-1);
    if (start === undefined) return false;
    const stop = stops.find((candidate) => candidate >= start);
    return stop !== undefined && stop - time <= window;
  };
  // whether the agent was speaking: what the harness saw when the event happened (`metadata.agentSpeaking`),
  // else whether the event falls inside an agent start/stop span
  const during = (type: VoiceEvent["type"]): VoiceEvent[] =>
    events.filter((event) => {
      if (event.type !== type) return false;
      const seen = event.metadata?.agentSpeaking;
      if (typeof seen === "boolean") return seen;
      return speaking.some(([start, end]) => event.time >= start && event.time < end);
    });
  const interrupts = during("user_interrupt");
  const backchannels = during("backchannel");
  const yielded = interrupts.filter((event) => stoppedSoonAfter(event.time)).length;
  const keptTalking = backchannels.filter((event) => !stoppedSoonAfter(event.time)).length;
  const gaps = silenceGaps(segments);
  return {
    responseLatency: { count: latencies.length, ...percentiles(latencies) },
    interruptions: interrupts.length,
    ...(interrupts.length > 0 ? { yieldRate: yielded / interrupts.length } : {}),
    backchannels: backchannels.length,
    ...(backchannels.length > 0 ? { selectivity: keptTalking / backchannels.length } : {}),
    talkOverSeconds: talkOver(segments),
    silenceGaps: {
      count: gaps.length,
      ...(gaps.length > 0 ? { mean: gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length, max: Math.max(...gaps) } : {}),
    },
  };
}

/** [start, end) spans of agent speech from the start/stop events (an unclosed span runs to +∞). */
function speakingSpans(events: readonly VoiceEvent[]): [number, number][] {
  const spans: [number, number][] = [];
  let open: number | undefined;
  for (const event of events) {
    if (event.type === "agent_start_speaking" && open === undefined) open = event.time;
    else if (event.type === "agent_stop_speaking" && open !== undefined) {
      spans.push([open, event.time]);
      open = undefined;
    }
  }
  if (open !== undefined) spans.push([open, Number.POSITIVE_INFINITY]);
  return spans;
}

function percentiles(values: number[]): { p50?: number; p95?: number; max?: number } {
  if (values.length === 0) return {};
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  const p50 = sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * (sorted.length - 1)))];
  return {
    ...(p50 !== undefined ? { p50 } : {}),
    ...(p95 !== undefined ? { p95 } : {}),
    max: sorted[sorted.length - 1] as number,
  };
}

function talkOver(segments: readonly AudioSegment[]): number {
  const users = segments.filter((segment) => segment.speaker === "user");
  const agents = segments.filter((segment) => segment.speaker === "agent");
  let total = 0;
  for (const user of users)
    for (const agent of agents)
      total += Math.max(0, Math.min(user.endTime, agent.endTime) - Math.max(user.startTime, agent.startTime));
  return total;
}

function silenceGaps(segments: readonly AudioSegment[]): number[] {
  const ordered = [...segments].sort((left, right) => left.startTime - right.startTime);
  const gaps: number[] = [];
  let reached: number | undefined;
  for (const segment of ordered) {
    if (reached !== undefined && segment.startTime > reached) gaps.push(segment.startTime - reached);
    reached = Math.max(reached ?? segment.endTime, segment.endTime);
  }
  return gaps;
}
