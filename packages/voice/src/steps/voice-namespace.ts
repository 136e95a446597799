import { agent, audio, backchannel, dtmf, interrupt, silence, sleep, user } from "./voice-steps.js";

/**
 * The voice script steps under one name, beside core's (`user`, `agent`, `judge`, …).
 *
 * @example
 * script: [voice.user("I need a refund"), voice.agent(), voice.dtmf("4217#"), voice.agent(), judge()]
 */
export const voice = Object.freeze({ agent, audio, backchannel, dtmf, interrupt, silence, sleep, user });
