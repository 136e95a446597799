import type { Reporter } from "../../domain/event.js";
import { transcriptMessages } from "../../reporters/transcript-text.js";
import { type ScenarioRunRecord, transcriptOf } from "./run-record.js";

/**
 * A reporter that keeps one `ScenarioRunRecord` per run it observes and
 * hands each to `onRecord` when the run starts; the record is then updated
 * in place as the conversation grows and when the run finishes, so whoever
 * holds it (a vitest task's meta) always has the latest state — also for a
 * run the test abandoned.
 *
 * @example
 * ```ts
 * const records: ScenarioRunRecord[] = [];
 * await observeRuns(recordRuns((record) => records.push(record)), () => scenario.run(config));
 * ```
 */
export function recordRuns(onRecord: (record: ScenarioRunRecord) => void): Reporter {
  const open = new Map<string, ScenarioRunRecord>();
  return {
    name: "vitest test meta",
    onRunStarted(event) {
      const record: ScenarioRunRecord = {
        scenarioRunId: event.scenarioRunId,
        batchRunId: event.batchRunId,
        name: event.metadata.name,
        description: event.metadata.description,
        status: "running",
        durationSeconds: 0,
        metCriteria: [],
        unmetCriteria: [],
        seed: event.seed,
        transcript: [],
      };
      open.set(event.scenarioRunId, record);
      onRecord(record);
    },
    onMessageSnapshot(event) {
      const record = open.get(event.scenarioRunId);
      if (record) record.transcript = transcriptOf(event.messages.map((identified) => identified.message));
    },
    onRunFinished(event, result) {
      const record = open.get(event.scenarioRunId);
      if (!record) return;
      open.delete(event.scenarioRunId);
      record.status = result.status;
      record.durationSeconds = result.totalTime ?? 0;
      record.metCriteria = [...result.metCriteria];
      record.unmetCriteria = [...result.unmetCriteria];
      // with the tool calls the agent ran through input.tools, as every report shows them
      record.transcript = transcriptOf(transcriptMessages(result));
      if (result.reasoning) record.reasoning = result.reasoning;
      if (result.error) record.error = result.error;
    },
  };
}
