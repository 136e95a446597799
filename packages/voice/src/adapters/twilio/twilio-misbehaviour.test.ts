import { afterEach, describe, expect, it } from "vitest";
import { runVoice } from "../../run/run-voice.js";
import { errorOf } from "../../test-support/run-errors.js";
import { closeTwilioPeers, phoneScenario, twilioSetup } from "../../test-support/twilio-fixture.js";
import type { TwilioPeerMisbehaviour } from "../../test-support/twilio-peer.js";

afterEach(closeTwilioPeers);

describe("TwilioAgentAdapter when Twilio or the agent misbehaves", () => {
  const cases: [TwilioPeerMisbehaviour, RegExp][] = [
    ["drop", /Twilio closed the media stream \(1006/],
    ["stop", /the call ended: Twilio stopped the media stream/],
    ["silent", /no audio from the agent within 0\.5 s/],
    ["garbage", /Twilio sent a frame that is not a Media Streams JSON message \(3 bytes, binary\)/],
    ["busy", /could not connect: TwilioAgentAdapter: the call ended: busy/],
    ["failed", /the call ended: failed \(Twilio could not connect it/],
    ["no-answer", /the call ended: no-answer/],
    [
      "rest-error",
      /Twilio refused POST Calls\.json: HTTP 400, error 21211: The 'To' number \+14155550199 is not a valid phone number/,
    ],
    [
      "unsigned",
      /no media stream within 1 s calling \+14155550199; refused 2 request\(s\) \(no X-Twilio-Signature on POST http:\/\/127\.0\.0\.1:\d+\/twilio\/voice/,
    ],
    [
      "wrong-signature",
      /refused 2 request\(s\) \(a wrong X-Twilio-Signature on POST http.*check authToken, and that publicBaseUrl/,
    ],
  ];
  for (const [misbehave, reason] of cases)
    it(`${misbehave}: the run ends error with the reason, within its timeout`, async () => {
      const { peer, adapter } = await twilioSetup({ misbehave }, { callTimeoutMs: 1000 });
      adapter.responseTimeout = 0.5;
      const error = await errorOf(runVoice(phoneScenario(adapter)));
      expect(error.message).toMatch(reason);
      expect(error.result?.status).toBe("error");
      if (misbehave === "unsigned" || misbehave === "wrong-signature") {
        expect(peer.log.webhooks[0]?.status).toBe(403);
        expect(peer.log.streamsOpened).toBe(0);
      }
    });

  it("odd payload lengths (161, 159 bytes): µ-law has no half samples, so the answer arrives whole", async () => {
    const { adapter } = await twilioSetup({ misbehave: "odd" });
    const result = await runVoice(phoneScenario(adapter));
    expect(result.status).toBe("pass");
    expect(result.audio?.segments.find((segment) => segment.speaker === "agent")?.audio.length).toBe(25 * 480 * 2);
  });

  it("a stream handshake with a wrong signature is refused (no stream), and the call's end says why", async () => {
    const { peer, adapter } = await twilioSetup({ misbehave: "forged-stream" }, { callTimeoutMs: 1000 });
    const error = await errorOf(runVoice(phoneScenario(adapter)));
    expect(peer.log.webhooks[0]?.status).toBe(200);
    expect(peer.log.streamsRefused).toBe(1);
    expect(peer.log.streamsOpened).toBe(0);
    expect(error.message).toMatch(
      /the call ended: completed .*refused 1 request\(s\) \(a wrong X-Twilio-Signature on GET ws:\/\/127\.0\.0\.1:\d+\/twilio\/stream/,
    );
  });

  it("a webhook for a call that is not ours is hung up, without a stream", async () => {
    const { peer, adapter } = await twilioSetup({}, { call: undefined });
    await adapter.open();
    const connected = await peer.runCall(
      { AccountSid: "ACother", CallSid: "CAstray", Direction: "outbound-api", From: "+15550000001", To: "+15550000002" },
      `${adapter.publicBaseUrl}/twilio/voice`,
      "",
    );
    expect(connected).toBe(false);
    expect(peer.log.webhooks.at(-1)).toMatchObject({ status: 200, body: expect.stringContaining("<Hangup/>") });
    await adapter.close();
  });
});
