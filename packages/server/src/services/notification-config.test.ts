import { describe, expect, it } from "vitest";
import { notificationSettingsFromEnvironment } from "./notification-config.js";

describe("notificationSettingsFromEnvironment", () => {
  it("reads nothing from an empty environment: no Slack, public addresses only", () => {
    expect(notificationSettingsFromEnvironment({})).toEqual({ allowPrivateAddresses: false });
  });

  it("reads SLACK_WEBHOOK_URL, REHEARSE_PUBLIC_URL, the private-address switch and the quiet period", () => {
    expect(
      notificationSettingsFromEnvironment({
        SLACK_WEBHOOK_URL: " https://hooks.slack.com/services/T0/B0/abc ",
        REHEARSE_PUBLIC_URL: "https://rehearse.example.com/qa/",
        REHEARSE_ALLOW_PRIVATE_WEBHOOKS: "1",
        REHEARSE_BATCH_QUIET_SECONDS: "90",
      }),
    ).toEqual({
      slackWebhookUrl: "https://hooks.slack.com/services/T0/B0/abc",
      publicUrl: "https://rehearse.example.com/qa",
      allowPrivateAddresses: true,
      batchQuietMs: 90_000,
    });
  });

  it.each([
    [{ SLACK_WEBHOOK_URL: "hooks.slack.com/services/x" }, /SLACK_WEBHOOK_URL must be an absolute http\(s\) URL/],
    [{ SLACK_WEBHOOK_URL: "file:///etc/passwd" }, /SLACK_WEBHOOK_URL must be an http or https URL/],
    [{ REHEARSE_PUBLIC_URL: "https://example.com/?a=1" }, /REHEARSE_PUBLIC_URL must not have a query/],
    [{ REHEARSE_ALLOW_PRIVATE_WEBHOOKS: "yes" }, /REHEARSE_ALLOW_PRIVATE_WEBHOOKS must be 1, true, 0 or false/],
    [{ REHEARSE_BATCH_QUIET_SECONDS: "0" }, /REHEARSE_BATCH_QUIET_SECONDS must be a whole number/],
  ])("refuses %j, naming the variable", (environment, message) => {
    expect(() => notificationSettingsFromEnvironment(environment)).toThrow(message);
  });
});
