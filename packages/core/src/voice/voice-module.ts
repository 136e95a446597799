import { createRequire } from "node:module";

/**
 * `@rehearse/voice`'s exports, as `import { voice } from "@rehearse/core"`
 * gives them (`@langwatch/scenario`'s `voice` namespace). Typed loosely here
 * (the core is built before the voice package); `@rehearse/voice` adds its
 * exact types to this interface when your program includes it
 * (`import "@rehearse/voice"` once, or `"types": ["@rehearse/voice"]`).
 */
export interface VoiceModule {
  // biome-ignore lint/suspicious/noExplicitAny: see the interface comment
  [member: string]: any;
}

/**
 * Loads `@rehearse/voice` when a voice feature is first used (never with
 * the core: text users install no audio code). Node's module cache keeps
 * one copy. Throws, naming the feature and the install command, when the
 * package is missing.
 */
export function loadVoice(feature: string): VoiceModule {
  try {
    return createRequire(import.meta.url)("@rehearse/voice") as VoiceModule;
  } catch (error) {
    const code = (error as { code?: string } | undefined)?.code;
    if (code === "MODULE_NOT_FOUND" || code === "ERR_MODULE_NOT_FOUND")
      throw new Error(`${feature} needs the voice package: npm install @rehearse/voice`, { cause: error });
    throw error;
  }
}

/**
 * The voice package as a namespace whose members load it on first use:
 * `voice.AudioChunk`, `voice.effects.phoneQuality()`, `voice.OpenAIRealtimeAgentAdapter`, …
 *
 * @example
 * import { voice } from "@rehearse/core";
 * const noisy = voice.effects.backgroundNoise("cafe", 0.2);
 */
export const voice: VoiceModule = new Proxy({} as VoiceModule, {
  // not a promise: `await voice` or a thenable check must not load the package
  get: (_target, member) => (typeof member === "symbol" || member === "then" ? undefined : loadVoice(`voice.${member}`)[member]),
  has: (_target, member) => member in loadVoice("voice"),
  ownKeys: () => Reflect.ownKeys(loadVoice("voice")),
  getOwnPropertyDescriptor: (_target, member) => {
    const value = loadVoice("voice")[member as string];
    return value === undefined ? undefined : { value, enumerable: true, configurable: true, writable: false };
  },
});
