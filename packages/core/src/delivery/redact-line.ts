import { createIngestRedactor } from "../redaction/ingest-redactor.js";
import type { RedactionOptions } from "../redaction/redaction-rules.js";

/**
 * The HTTP reporter's redaction step (the outbox's `prepare`): one outbox
 * line's JSON, an ingest event, parsed, redacted by `createIngestRedactor`
 * (one redactor per run, dropped when the run finishes) and serialized again.
 * Key order is kept, so `eventId` stays first.
 */
export function redactLines(options: RedactionOptions, warn: (message: string) => void): (json: string) => string {
  let dropped = 0;
  const redaction = createIngestRedactor({
    ...options,
    onRunDropped: () => {
      dropped++;
      // once, then every 1 000th: a process with that many open runs says so without flooding the log
      if (dropped === 1 || dropped % 1_000 === 0)
        warn(
          `redaction: over 10 000 runs open at once, ${dropped} dropped their placeholders (their later values are numbered afresh)`,
        );
    },
  });
  return (json) => JSON.stringify(redaction.redactEvent(JSON.parse(json) as Record<string, unknown>));
}
