// Gives `@rehearse/core`'s `voice` namespace and voice factories this package's exact types when it
// is in a program (`import "@rehearse/voice"` once, or `"types": ["@rehearse/voice"]`): the core is
// built before this package, so it declares them loosely and this fills them in.

type VoiceExports = typeof import("./index.js");

declare module "@rehearse/core" {
  interface VoiceModule extends VoiceExports {}
}

export {};
