/**
 * A tenant's notification channels: Slack incoming webhooks and generic
 * webhooks signed per Standard Webhooks. URLs and signing secrets are stored
 * sealed (channel-sealer.ts) and shown only as a hint (origin and the last
 * four characters); a webhook's secret is in the creation response only.
 * When the operator sets `SLACK_WEBHOOK_URL`, the default tenant also has an
 * implicit Slack channel, `environment-slack`, for every trigger: listed,
 * testable, not deletable (it belongs to the server's configuration).
 */
import { randomBytes } from "node:crypto";
import type { Database, Drizzle } from "../store/database.js";
import { type ChannelRow, deleteChannel, findChannel, insertChannel, listChannels } from "../store/notification-queries.js";
import type { ChannelSealer } from "./channel-sealer.js";
import { type NotificationTrigger, notificationTriggers } from "./notification-event.js";
import { checkOutboundUrl, type OutboundPolicy, OutboundRefusedError } from "./outbound-address.js";
import { newWebhookSecret } from "./standard-webhooks.js";

export const channelKinds = ["slack", "webhook"] as const;
export type ChannelKind = (typeof channelKinds)[number];

/** The id of the implicit channel `SLACK_WEBHOOK_URL` makes. */
export const ENVIRONMENT_CHANNEL_ID = "environment-slack";

/** A channel as the API shows it (never its URL or secret). */
export interface ChannelView {
  id: string;
  name: string;
  kind: ChannelKind;
  urlHint: string;
  triggers: NotificationTrigger[];
  enabled: boolean;
  createdAt: Date | null;
  createdBy: string | null;
  /** `environment`: the implicit channel of `SLACK_WEBHOOK_URL`. */
  source: "api" | "environment";
}

export interface ChannelSpec {
  name: string;
  kind: ChannelKind;
  triggers: NotificationTrigger[];
  /** A webhook's `whsec_` secret; made here when absent. */
  secret?: string;
  enabled?: boolean;
}

/** Where and how to deliver one channel's messages (opened from the sealed columns). */
export interface ChannelTarget {
  kind: ChannelKind;
  url: string;
  secret: string | null;
  /** The environment's channel: the operator's own URL, not address-checked. */
  trusted: boolean;
}

/** The origin and the last four characters: enough to recognise a URL, not to use it. */
export function urlHint(url: string): string {
  const parsed = new URL(url);
  const rest = url.slice(parsed.origin.length);
  return rest.length > 8 ? `${parsed.origin}/…${rest.slice(-4)}` : `${parsed.origin}/…`;
}

export class NotificationChannels {
  constructor(
    private readonly database: Database,
    private readonly sealer: ChannelSealer,
    private readonly options: {
      policy: OutboundPolicy;
      /** `SLACK_WEBHOOK_URL` and the tenant it serves. */
      environmentSlack?: { tenantId: string; url: string };
      now: () => number;
    },
  ) {}

  /** The tenant the environment's Slack channel serves, if there is one. */
  get environmentTenant(): string | null {
    return this.options.environmentSlack?.tenantId ?? null;
  }

  /** `text` as an allowed destination, or why not (scheme, resolution, a non-public address). */
  async checkUrl(text: string): Promise<URL | { refused: string }> {
    try {
      return await checkOutboundUrl(text, this.options.policy);
    } catch (error) {
      if (error instanceof OutboundRefusedError) return { refused: error.message };
      throw error;
    }
  }

  /** Stores a channel to the checked `url`; a webhook's secret is returned here and never again. */
  async create(
    tenantId: string,
    spec: ChannelSpec,
    url: URL,
    createdBy: string | null,
    executor: Drizzle,
  ): Promise<{ channel: ChannelView; secret?: string }> {
    const id = `ch_${randomBytes(8).toString("hex")}`;
    const secret = spec.kind === "webhook" ? (spec.secret ?? newWebhookSecret()) : undefined;
    const row = {
      tenantId,
      id,
      name: spec.name,
      kind: spec.kind,
      urlSealed: this.sealer.seal(url.href, { tenantId, channelId: id, field: "url" }),
      urlHint: urlHint(url.href),
      secretSealed: secret ? this.sealer.seal(secret, { tenantId, channelId: id, field: "secret" }) : null,
      triggers: [...new Set(spec.triggers)],
      enabled: spec.enabled ?? true,
      createdAt: new Date(this.options.now()),
      createdBy,
    };
    await insertChannel(executor, row);
    return { channel: view(row as ChannelRow), ...(secret ? { secret } : {}) };
  }

  /** The tenant's channels, the environment's first when it serves this tenant. */
  async list(tenantId: string): Promise<ChannelView[]> {
    const rows = await this.database.forTenant(tenantId, ({ drizzle }) => listChannels(drizzle, tenantId));
    const implicit = this.environmentView(tenantId);
    return [...(implicit ? [implicit] : []), ...rows.map(view)];
  }

  async find(tenantId: string, id: string): Promise<ChannelView | undefined> {
    if (id === ENVIRONMENT_CHANNEL_ID) return this.environmentView(tenantId);
    const row = await this.database.forTenant(tenantId, ({ drizzle }) => findChannel(drizzle, tenantId, id));
    return row && view(row);
  }

  /** Deletes a channel (its queued messages are cancelled); `environment` for the implicit one. */
  async remove(tenantId: string, id: string, executor: Drizzle): Promise<ChannelView | "environment" | undefined> {
    if (id === ENVIRONMENT_CHANNEL_ID && this.environmentView(tenantId)) return "environment";
    const row = await deleteChannel(executor, tenantId, id);
    return row && view(row);
  }

  /** Where a claimed message goes, from its channel's sealed columns; a reason when it cannot go anywhere. */
  target(
    tenantId: string,
    channelId: string,
    stored: { kind: string | null; url_sealed: string | null; secret_sealed: string | null },
  ): ChannelTarget | { error: string } {
    const environment = this.options.environmentSlack;
    if (channelId === ENVIRONMENT_CHANNEL_ID) {
      return environment?.tenantId === tenantId
        ? { kind: "slack", url: environment.url, secret: null, trusted: true }
        : { error: "SLACK_WEBHOOK_URL is no longer set for this tenant" };
    }
    if (stored.kind === null || stored.url_sealed === null) return { error: "the channel was deleted" };
    const url = this.sealer.open(stored.url_sealed, { tenantId, channelId, field: "url" });
    const secret = stored.secret_sealed && this.sealer.open(stored.secret_sealed, { tenantId, channelId, field: "secret" });
    if (url === undefined || secret === undefined)
      return { error: "the channel's sealed URL or secret does not open (was the key pepper changed?)" };
    return { kind: stored.kind as ChannelKind, url, secret: secret ?? null, trusted: false };
  }

  private environmentView(tenantId: string): ChannelView | undefined {
    const environment = this.options.environmentSlack;
    if (environment?.tenantId !== tenantId) return undefined;
    return {
      id: ENVIRONMENT_CHANNEL_ID,
      name: "SLACK_WEBHOOK_URL",
      kind: "slack",
      urlHint: urlHint(environment.url),
      triggers: [...notificationTriggers],
      enabled: true,
      createdAt: null,
      createdBy: null,
      source: "environment",
    };
  }
}

function view(row: ChannelRow): ChannelView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as ChannelKind,
    urlHint: row.urlHint,
    triggers: row.triggers as NotificationTrigger[],
    enabled: row.enabled,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    source: "api",
  };
}
