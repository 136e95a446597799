/**
 * Reporting to a Rehearse server, for front ends: where the outbox is, what it
 * holds (`outboxStatus`) and sending it (`deliverOutbox`); a context's own
 * reporting ends with `Rehearse.close()`.
 */
export { type DeliverOutboxOptions, deliverOutbox, type OutboxDelivery } from "../delivery/deliver-outbox.js";
export { type OutboxStatus, outboxStatus, type SegmentStatus } from "../delivery/outbox-status.js";
export { DEFAULT_OUTBOX_DIR, type DeliveryReport, outboxDirectory } from "../runner/reporting.js";
