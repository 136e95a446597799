/**
 * The notification settings a server reads from its environment
 * (docs/notifications.md): `SLACK_WEBHOOK_URL` (seed 004: an implicit Slack
 * channel of the default tenant for every trigger), `REHEARSE_PUBLIC_URL`
 * (the dashboard's address in links; default the address the server
 * listens on), `REHEARSE_ALLOW_PRIVATE_WEBHOOKS=1` (channels may point at
 * loopback and private addresses) and `REHEARSE_BATCH_QUIET_SECONDS` (how
 * long an SDK batch whose runs all settled stays quiet before its summary
 * goes out; default 30). A bad value stops the start, naming the variable.
 */

export interface NotificationSettings {
  slackWebhookUrl?: string;
  publicUrl?: string;
  allowPrivateAddresses: boolean;
  batchQuietMs?: number;
}

function configError(message: string): Error {
  return Object.assign(new Error(message), { code: "REHEARSE_CONFIG" });
}

function httpUrl(variable: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw configError(`${variable} must be an absolute http(s) URL`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw configError(`${variable} must be an http or https URL`);
  return url;
}

/** The settings in `environment`; throws a `REHEARSE_CONFIG` error naming the variable that is wrong. */
export function notificationSettingsFromEnvironment(
  environment: Readonly<Record<string, string | undefined>>,
): NotificationSettings {
  const settings: NotificationSettings = { allowPrivateAddresses: false };
  const slack = environment.SLACK_WEBHOOK_URL?.trim();
  if (slack) settings.slackWebhookUrl = httpUrl("SLACK_WEBHOOK_URL", slack).href;
  const publicUrl = environment.REHEARSE_PUBLIC_URL?.trim();
  if (publicUrl) {
    const url = httpUrl("REHEARSE_PUBLIC_URL", publicUrl);
    if (url.search || url.hash) throw configError("REHEARSE_PUBLIC_URL must not have a query or a fragment");
    settings.publicUrl = url.href.replace(/\/+$/, "");
  }
  const allow = (environment.REHEARSE_ALLOW_PRIVATE_WEBHOOKS ?? "").trim().toLowerCase();
  if (!["", "0", "1", "true", "false"].includes(allow))
    throw configError(`REHEARSE_ALLOW_PRIVATE_WEBHOOKS must be 1, true, 0 or false; got "${allow}"`);
  settings.allowPrivateAddresses = allow === "1" || allow === "true";
  const quiet = environment.REHEARSE_BATCH_QUIET_SECONDS?.trim();
  if (quiet) {
    if (!/^\d+$/.test(quiet) || Number(quiet) < 1 || Number(quiet) > 86_400)
      throw configError(`REHEARSE_BATCH_QUIET_SECONDS must be a whole number of seconds from 1 to 86400; got "${quiet}"`);
    settings.batchQuietMs = Number(quiet) * 1000;
  }
  return settings;
}
