import { succeed } from "@rehearse/core";
import { TwilioAgentAdapter } from "../adapters/twilio/twilio-agent-adapter.js";
import type { TwilioAgentAdapterOptions } from "../adapters/twilio/twilio-agent-adapter-options.js";
import { VoiceUserSimulatorAgent } from "../adapters/voice-user-simulator.js";
import { voice } from "../steps/voice-namespace.js";
import { fakeTts } from "./fake-speech.js";
import { startTwilioPeer, type TwilioPeerOptions } from "./twilio-peer.js";

/** The fake account of the Twilio tests. */
export const ACCOUNT_SID = `AC${"0123456789abcdef".repeat(2)}`;
export const AUTH_TOKEN = "test-auth-token-7f3a9c";
/** Our number (the caller ID; the number the agent dials in answer mode) and the agent's. */
export const OUR_NUMBER = "+14155550100";
export const AGENT_NUMBER = "+14155550199";
export const PREVIOUS_VOICE_URL = "https://previous.example.com/voice";

const peers: { close(): Promise<void> }[] = [];

/** Closes the fake Twilios started since the last call (afterEach). */
export async function closeTwilioPeers(): Promise<void> {
  for (const peer of peers.splice(0)) await peer.close();
}

/**
 * A fake Twilio and an adapter pointed at it (our server on a free port of
 * 127.0.0.1, its public URL the local one), in call mode unless overridden;
 * warnings and debug lines are collected in `logged`.
 */
export async function twilioSetup(
  peerOptions: Partial<TwilioPeerOptions> = {},
  adapterOptions: Partial<TwilioAgentAdapterOptions> = {},
) {
  const peer = await startTwilioPeer({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    numbers: { [OUR_NUMBER]: PREVIOUS_VOICE_URL },
    ...peerOptions,
  });
  peers.push(peer);
  const logged: string[] = [];
  const adapter = new TwilioAgentAdapter({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    phoneNumber: OUR_NUMBER,
    publicBaseUrl: ({ port }) => `http://127.0.0.1:${port}`,
    port: 0,
    apiBaseUrl: peer.apiBaseUrl,
    call: AGENT_NUMBER,
    callTimeoutMs: 3000,
    logger: { warn: (message) => logged.push(`warn: ${message}`), debug: (message) => logged.push(`debug: ${message}`) },
    ...adapterOptions,
  });
  adapter.responseTimeout = 3;
  adapter.responseTailSilence = 0.4;
  return { peer, adapter, logged };
}

/** A scenario whose agent is `adapter`, the caller speaking with the fake TTS. */
export function phoneScenario(
  adapter: TwilioAgentAdapter,
  script: unknown[] = [voice.user("hello there"), voice.agent(), succeed()],
) {
  const caller = new VoiceUserSimulatorAgent({ voice: "fake/voice", tts: fakeTts });
  return { name: "phone call", description: "a caller on the phone", seed: 1, agents: [adapter, caller], script } as never;
}
