import { inspect } from "node:util";
import { succeed } from "@rehearse/core";
import { afterEach, describe, expect, it } from "vitest";
import { AudioChunk } from "../../audio/audio-chunk.js";
import { runVoice } from "../../run/run-voice.js";
import { voice } from "../../steps/voice-namespace.js";
import {
  AGENT_NUMBER,
  AUTH_TOKEN,
  closeTwilioPeers,
  OUR_NUMBER,
  PREVIOUS_VOICE_URL,
  phoneScenario,
  twilioSetup,
} from "../../test-support/twilio-fixture.js";
import { tone } from "../../test-support/twilio-peer-line.js";
import { twilioSignature } from "./twilio-signature.js";

afterEach(closeTwilioPeers);

/** Sign changes in `samples`: twice the cycles of a pure tone. */
function zeroCrossings(samples: Int16Array): number {
  let count = 0;
  for (let index = 1; index < samples.length; index++) if ((samples[index - 1] ?? 0) < 0 !== (samples[index] ?? 0) < 0) count++;
  return count;
}

describe("TwilioAgentAdapter against a local fake Twilio", () => {
  it("places the call, answers the signed webhook with a stream, and talks both ways", async () => {
    const { peer, adapter } = await twilioSetup();
    const result = await runVoice(phoneScenario(adapter));
    expect(result.status).toBe("pass");
    const base = adapter.publicBaseUrl;
    const created = peer.log.requests.find((request) => request.path.endsWith("/Calls.json"));
    expect(created?.fields).toMatchObject({
      To: AGENT_NUMBER,
      From: OUR_NUMBER,
      Url: `${base}/twilio/voice`,
      Method: "POST",
      StatusCallback: `${base}/twilio/status`,
    });
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const [webhook] = peer.log.webhooks;
    expect(webhook?.status).toBe(200);
    expect(webhook?.body).toMatch(/<Connect><Stream url="ws:\/\/127\.0\.0\.1:\d+\/twilio\/stream">/);
    expect(peer.log.streamsOpened).toBe(1);
    // the agent heard "hello there" (fake voice: 300 Hz, 120 ms) as 6 frames of 8 kHz audio
    const heard = peer.log.line.utterances[0] ?? new Int16Array(0);
    expect(heard.length).toBe(960);
    expect(zeroCrossings(heard)).toBeGreaterThanOrEqual(70);
    expect(zeroCrossings(heard)).toBeLessThanOrEqual(74);
    // its answer (25 frames of tone) came back whole at 24 kHz, the line's silence around it dropped
    const answer = result.audio?.segments.find((segment) => segment.speaker === "agent");
    expect(answer?.audio.length).toBe(25 * 480 * 2);
    // the run hung up when it ended
    expect(
      peer.log.requests.some((request) => /\/Calls\/CA\w+\.json$/.test(request.path) && request.fields.Status === "completed"),
    ).toBe(true);
  });

  it("sends DTMF in band and hears the agent's keys; interrupts with clear", async () => {
    const keys: string[] = [];
    const { peer, adapter } = await twilioSetup(
      { bot: ({ digits }) => (digits ? { keys: digits, audio: tone(10) } : { audio: tone(100) }) },
      { onDtmf: (digit) => keys.push(digit) },
    );
    const result = await runVoice(
      phoneScenario(adapter, [
        voice.dtmf("12#"),
        voice.agent(),
        voice.user("hello"),
        voice.interrupt("stop"),
        voice.agent(),
        succeed(),
      ]),
    );
    expect(result.status).toBe("pass");
    expect(adapter.capabilities.dtmf).toBe(true);
    expect(peer.log.line.digits).toBe("12#");
    expect(keys).toEqual(["1", "2", "#"]);
    expect(result.timeline?.filter((event) => event.type === "dtmf" && event.metadata?.from === "agent")).toHaveLength(3);
    expect(peer.log.line.received.some((message) => message.event === "clear")).toBe(true);
    expect(result.timeline?.find((event) => event.type === "user_interrupt")?.metadata).toMatchObject({ native: true });
    // the agent heard the caller talk over it and stopped; its answer to "stop" was heard whole
    expect(peer.log.line.bargeIns).toBe(1);
    const answers = result.audio?.segments.filter((segment) => segment.speaker === "agent") ?? [];
    expect(answers.at(-1)?.audio.length).toBe(100 * 480 * 2);
  }, 20_000);

  it("answer mode: points our number here, rejects callers not allowed, takes the agent's call, restores the VoiceUrl", async () => {
    const { peer, adapter } = await twilioSetup(
      { dialInFrom: ["+15550000001", AGENT_NUMBER] },
      { call: undefined, answer: true, allowedCallers: [AGENT_NUMBER] },
    );
    const result = await runVoice(phoneScenario(adapter));
    expect(result.status).toBe("pass");
    expect(peer.log.numberUpdates[0]?.VoiceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/twilio\/voice$/);
    expect(peer.log.webhooks.map((webhook) => webhook.fields.From)).toEqual(["+15550000001", AGENT_NUMBER]);
    expect(peer.log.webhooks[0]?.body).toContain("<Reject");
    expect(peer.log.webhooks[1]?.body).toContain("<Connect><Stream");
    expect(peer.log.line.utterances).toHaveLength(1);
    expect(peer.numbers.get(OUR_NUMBER)?.voiceUrl).toBe(PREVIOUS_VOICE_URL);
    expect(peer.log.requests.some((request) => request.path.endsWith("/Calls.json"))).toBe(false);
  });

  it("keeps the modes apart: in answer mode placeCall is refused, and close restores the number", async () => {
    const { peer, adapter } = await twilioSetup({ dialInFrom: [AGENT_NUMBER] }, { call: undefined });
    const chunk = new AudioChunk({ data: new Uint8Array(4) });
    await expect(adapter.sendAudio(chunk)).rejects.toThrow(/not connected; call connect\(\) or open\(\) first/);
    await adapter.open();
    await expect(adapter.sendAudio(chunk)).rejects.toThrow(/no live media stream\. Call placeCall\(\) or waitForCall\(\) first/);
    const callSid = await adapter.waitForCall();
    expect(callSid).toMatch(/^CA/);
    expect(adapter.mode).toBe("answer");
    await expect(adapter.placeCall(AGENT_NUMBER)).rejects.toThrow(/already in 'answer' mode; cannot switch to 'call'/);
    await adapter.close();
    expect(peer.numbers.get(OUR_NUMBER)?.voiceUrl).toBe(PREVIOUS_VOICE_URL);
  });

  it("refuses forged requests: unsigned or wrongly signed webhooks and stream handshakes get 403", async () => {
    const { adapter } = await twilioSetup({}, { call: undefined });
    await adapter.open();
    const base = adapter.publicBaseUrl;
    const form = { AccountSid: "AC", CallSid: "CAforged", From: "+15550000001", To: OUR_NUMBER };
    for (const headers of [{}, { "x-twilio-signature": "AAAAAAAAAAAAAAAAAAAAAAAAAAA=" }] as Record<string, string>[]) {
      const response = await fetch(`${base}/twilio/voice`, { method: "POST", headers, body: new URLSearchParams(form) });
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain("<Stream");
    }
    // correctly signed, but no call is expected: hung up, no stream
    const signature = twilioSignature(AUTH_TOKEN, `${base}/twilio/voice`, form);
    const stray = await fetch(`${base}/twilio/voice`, {
      method: "POST",
      headers: { "x-twilio-signature": signature },
      body: new URLSearchParams(form),
    });
    expect(stray.status).toBe(200);
    expect(await stray.text()).toContain("<Hangup/>");
    const { default: WebSocket } = await import("ws");
    const status = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${base.replace(/^http/, "ws")}/twilio/stream`);
      socket.once("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.once("open", () => resolve(101));
    });
    expect(status).toBe(403);
    await adapter.close();
  });

  it("never shows the auth token: toString, JSON, inspect, REST errors", async () => {
    const { adapter } = await twilioSetup({}, { authToken: "wrong-token-4711" });
    expect(`${String(adapter)} ${JSON.stringify(adapter)} ${inspect(adapter)}`).not.toMatch(/wrong-token-4711|test-auth-token/);
    const error = await runVoice(phoneScenario(adapter)).catch((failure: Error) => failure);
    expect(String(error)).toMatch(
      /Twilio refused POST Calls\.json: HTTP 401, error 20003: Authenticate.*Check accountSid and authToken/,
    );
    expect(`${String(error)} ${(error as Error).stack}`).not.toContain("wrong-token-4711");
    expect(AUTH_TOKEN).not.toBe("wrong-token-4711");
  });
});
