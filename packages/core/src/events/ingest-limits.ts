/**
 * The numbers of the ingest contract (ingest-schema.ts), in a module that
 * loads no zod: the HTTP reporter sizes its requests with them on the hot path.
 */

/** The envelope version this library writes; the server accepts 1. */
export const INGEST_SCHEMA_VERSION = 1;
/** At most this many events in one request. */
export const INGEST_MAX_EVENTS = 1_000;
/** At most this many bytes in one request body. */
export const INGEST_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The `seq` numbers each job attempt of a server-launched run has: attempt n
 * starts at (n − 1) × this, so a later attempt's transcript wins wherever the
 * server keeps the highest `seq`.
 */
export const ATTEMPT_SEQ_SPAN = 10_000_000;
