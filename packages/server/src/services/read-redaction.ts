/**
 * Redaction at read time. A tenant that keeps raw transcripts (`storeRaw`)
 * shows them as stored only to callers holding `transcripts:raw` (Admins,
 * Operators, API keys with `runs:raw`); Viewers and other keys read them
 * redacted, with placeholders numbered per run within one response. A tenant
 * that does not keep raw transcripts stored them redacted already: nothing
 * to do.
 */
import { createIngestRedactor } from "@rehearse/core/redaction";
import type { TenantPolicies } from "./tenant-policy.js";
import type { TenantScope } from "./tenant-scope.js";

/** How one caller sees one response's run data. */
export interface RunView {
  /** Whether values are redacted for this caller. */
  readonly redacted: boolean;
  /** `value` (any JSON: a message, a field, a list) of run `runId` as the caller may see it; the input is not modified. */
  show<Value>(runId: string, value: Value): Value;
  /** A stored event (its `scenarioRunId` names the run) as the caller may see it. */
  showEvent<Event>(event: Event): Event;
}

const asStored: RunView = { redacted: false, show: (_runId, value) => value, showEvent: (event) => event };

export class ReadRedaction {
  constructor(private readonly policies: TenantPolicies) {}

  /** The view of `scope`'s caller, for one response (placeholders are numbered within it). */
  async viewFor(scope: TenantScope): Promise<RunView> {
    if (scope.may("transcripts:raw")) return asStored;
    const policy = await this.policies.get(scope.tenantId);
    if (!policy.storeRaw) return asStored;
    const redactor = createIngestRedactor({ allow: policy.redaction.allow, keyPaths: policy.redaction.keyPaths });
    return {
      redacted: true,
      show<Value>(runId: string, value: Value): Value {
        return redactor.redactEvent({ scenarioRunId: runId, value }).value as Value;
      },
      showEvent<Event>(event: Event): Event {
        return redactor.redactEvent(event as Record<string, unknown>) as Event;
      },
    };
  }
}
