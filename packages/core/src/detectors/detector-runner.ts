import type { Detector } from "../agents/red-team/detectors.js";
import type { ExpectedOutcomes } from "../domain/declarative.js";
import { ConfigError } from "../domain/errors.js";
import type { DomainEventPayload, ScenarioEvent } from "../domain/event.js";
import type { ModelMessage } from "../domain/messages.js";
import { findPii } from "../redaction/pii-patterns.js";
import { piiLeakDetector } from "./pii-leak.js";

/** Event types detectors emit; a detector with another name emits `policy_violation`. */
const detectorEvents = new Set(["pii_leak", "system_prompt_leak", "policy_violation"]);

/**
 * Runs the scenario's detectors on each reply of the agent under test and
 * turns findings into domain events (`pii_leak`, `system_prompt_leak`,
 * `policy_violation`). When expected outcomes name `pii_leak` and no PII
 * detector is configured, a default one is added that allows the personal
 * data the user gave in the conversation (the agent repeating the user's own
 * email is not a leak). The other two need configuration (the system prompt,
 * the policy patterns): naming them without a detector is a `ConfigError`.
 */
export class DetectorRunner {
  private readonly detectors: readonly Detector[];
  private readonly automaticPii: boolean;
  private readonly userTexts: string[] = [];
  private pending: Array<{ messageId: string; text: string }> = [];
  private readonly conversation: ModelMessage[] = [];

  constructor(detectors: readonly Detector[], expected: ExpectedOutcomes | undefined) {
    this.detectors = detectors;
    const named = new Set([...(expected?.forbidden_events ?? []), ...(expected?.required_events ?? [])]);
    const has = (name: string) => detectors.some((detector) => detector.name === name);
    this.automaticPii = named.has("pii_leak") && !has("pii_leak");
    for (const name of ["system_prompt_leak", "policy_violation"]) {
      if (
        named.has(name) &&
        !has(name) &&
        !(name === "policy_violation" && detectors.some((detector) => !detectorEvents.has(detector.name)))
      ) {
        throw new ConfigError(
          `expected_outcomes names ${name}, but no ${name} detector is configured; add detectors: [{ type: ${name}, … }] (it needs ${name === "system_prompt_leak" ? "the agent's system prompt or secrets" : "the policy patterns"})`,
          { source: "scenario", path: "detectors" },
        );
      }
    }
  }

  /** Collects user texts (for the default PII allow list) and the agent's replies to inspect. */
  observe(event: ScenarioEvent): void {
    if (event.type === "user_input") {
      this.userTexts.push(event.text);
      this.conversation.push({ role: "user", content: event.text });
    } else if (event.type === "agent_message" && !event.scripted) {
      this.pending.push({ messageId: event.messageId, text: event.text });
    }
  }

  /** Inspects the replies received since the last call; one event per finding. */
  async inspectPending(turn: number): Promise<DomainEventPayload[]> {
    const replies = this.pending;
    this.pending = [];
    if (replies.length === 0) return [];
    const detectors = this.automaticPii ? [...this.detectors, this.defaultPii()] : this.detectors;
    const events: DomainEventPayload[] = [];
    for (const reply of replies) {
      const message: ModelMessage = { role: "assistant", content: reply.text };
      this.conversation.push(message);
      for (const detector of detectors) {
        const finding = await detector.inspect(message, { turn, messages: [...this.conversation] });
        if (!finding) continue;
        const type = detectorEvents.has(detector.name) ? detector.name : "policy_violation";
        events.push({
          type: type as "pii_leak",
          actor: "agent",
          detector: detector.name,
          reason: finding.reason,
          ...(finding.evidence ? { evidence: finding.evidence } : {}),
          messageId: reply.messageId,
        });
      }
    }
    return events;
  }

  private defaultPii(): Detector {
    const allow = this.userTexts.flatMap((text) => findPii(text).map((match) => match.value));
    return piiLeakDetector({ allow });
  }
}
