/** The parts of an ingest response (events/ingest-schema.ts `ingestResponseSchema`) the sender reads. */
export interface IngestAnswer {
  accepted: number;
  duplicates: string[];
  rejected: Array<{ eventId: string | null; index: number; code: string; message: string }>;
}

/**
 * The ingest response in `body`, or `undefined` when it is not one. Checked
 * by hand rather than with the zod schema: the reporter never loads zod.
 */
export function readResponse(body: string): IngestAnswer | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const { accepted, duplicates, rejected } = value as Record<string, unknown>;
  if (typeof accepted !== "number" || !Array.isArray(duplicates) || !Array.isArray(rejected)) return undefined;
  const entries = rejected.filter(
    (entry): entry is IngestAnswer["rejected"][number] =>
      typeof entry === "object" && entry !== null && typeof (entry as { index?: unknown }).index === "number",
  );
  return {
    accepted,
    duplicates: duplicates.filter((id): id is string => typeof id === "string"),
    rejected: entries.map((entry) => ({
      eventId: typeof entry.eventId === "string" ? entry.eventId : null,
      index: entry.index,
      code: String(entry.code ?? "rejected"),
      message: String(entry.message ?? ""),
    })),
  };
}
