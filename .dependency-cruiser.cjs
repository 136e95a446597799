// The layer rules of packages/core/src (ARCHITECTURE.md, docs/decisions/0023-layer-rules.md), checked by
// `npm run lint` through `npm run lint:layers`. A folder may import only the folders listed after it;
// no module may take part in a cycle, type-only imports included (the swc parser reads the TypeScript
// source, so `import type` and `export type … from` are edges like any other).
// @ts-check

/** Top first. Each layer imports only layers further down the list. */
const LAYERS = [
  "integrations",
  "cli",
  "api",
  "testing",
  "vitest",
  "reporters",
  "suites",
  "runner",
  "voice",
  "tracing",
  "generate",
  "scenario-file",
  "simulated-tools",
  "imports",
  "graphs",
  "outcomes",
  "injections",
  "detectors",
  "agents",
  "payloads",
  "models",
  "mcp",
  "environment",
  "engine",
  "script",
  "delivery",
  "redaction",
  "telemetry",
  "events",
  "domain",
];

/**
 * What the CLI may import: `api/` (the library's API for front ends, one module per capability) and the
 * contracts. Everything else — the runner included — it reaches through `api/` (decision 0023).
 */
const CLI_MAY_IMPORT = ["api", "domain"];

const SOURCE = "^packages/core/src/";
const folders = (names) => `${SOURCE}(${names.join("|")})/`;
/** Test files and test helpers are not part of any layer: they may use the testing entry. */
const NOT_LAYERED = ["\\.test\\.ts$", "/test-support/"];

const layerRules = LAYERS.slice(1).map((layer, index) => {
  const above = LAYERS.slice(0, index + 1);
  return {
    name: `layer-${layer}`,
    severity: "error",
    comment: `${layer}/ imports only layers below it; ${above.join(", ")} are above (ARCHITECTURE.md).`,
    from: { path: `${SOURCE}${layer}/`, pathNot: NOT_LAYERED },
    to: { path: folders(above) },
  };
});

const cliRules = [
  {
    name: "cli-over-api",
    severity: "error",
    comment: "cli/ is a shell over the api/ layer: it imports api/ and domain/ only (decision 0023).",
    from: { path: `${SOURCE}cli/`, pathNot: NOT_LAYERED },
    to: { path: SOURCE, pathNot: [`${SOURCE}cli/`, folders(CLI_MAY_IMPORT)] },
  },
];

/**
 * packages/server/src: http/ (routes, middleware) > services/ (auth, ingest, history, live) > store/
 * (schema, queries, writer). The entry files (server.ts, index.ts) compose them.
 */
const SERVER = "^packages/server/src/";
const SERVER_LAYERS = ["http", "services", "store"];
const serverLayerRules = SERVER_LAYERS.slice(1).map((layer, index) => {
  const above = SERVER_LAYERS.slice(0, index + 1);
  return {
    name: `server-layer-${layer}`,
    severity: "error",
    comment: `server ${layer}/ imports only layers below it; ${above.join(", ")} are above (ARCHITECTURE.md).`,
    from: { path: `${SERVER}${layer}/`, pathNot: NOT_LAYERED },
    to: { path: `${SERVER}(${above.join("|")})/` },
  };
});

/**
 * packages/voice/src (@rehearse/voice): run (the run integration) > steps (voice script steps) > adapters
 * (VoiceAgentAdapter and the transports) > speech (TTS/STT providers, WER) > recording (segments, timeline,
 * latency, saving) > effects (seeded effects, the channel model) > system (ffmpeg and other processes) > audio
 * (PCM, WAV, µ-law, DTMF, the seeded generator). The entry (index.ts) composes them.
 */
const VOICE = "^packages/voice/src/";
const VOICE_LAYERS = ["run", "steps", "adapters", "speech", "recording", "effects", "system", "audio"];
const voiceLayerRules = VOICE_LAYERS.slice(1).map((layer, index) => {
  const above = VOICE_LAYERS.slice(0, index + 1);
  return {
    name: `voice-layer-${layer}`,
    severity: "error",
    comment: `voice ${layer}/ imports only layers below it; ${above.join(", ")} are above (ARCHITECTURE.md).`,
    from: { path: `${VOICE}${layer}/`, pathNot: NOT_LAYERED },
    to: { path: `${VOICE}(${above.join("|")})/` },
  };
});

const packageRules = [
  {
    name: "library-never-loads-voice",
    severity: "error",
    comment:
      "@rehearse/core never imports @rehearse/voice: text users install no audio code (issue 18). The one way in is core's voice/voice-module.ts, which requires it at run time when a voice feature is used (decision 0043).",
    from: { path: SOURCE },
    to: { path: ["^packages/voice/", "node_modules/@rehearse/voice/"] },
  },
  {
    name: "voice-uses-core-public-entries",
    severity: "error",
    comment: "@rehearse/voice builds on @rehearse/core's public entries only, never its sources.",
    from: { path: VOICE },
    to: { path: "^packages/core/src/" },
  },
  {
    name: "library-never-loads-the-server",
    severity: "error",
    comment: "@rehearse/core never imports the server (rehearse serve loads it by name at run time, api/server.ts).",
    from: { path: SOURCE },
    to: { path: ["^packages/server/", "node_modules/@rehearse/server/"] },
  },
  {
    name: "server-uses-core-public-entries",
    severity: "error",
    comment: "The server imports @rehearse/core's public entries only, never its sources.",
    from: { path: SERVER },
    to: { path: "^packages/core/src/" },
  },
];

/**
 * Neither the library nor the server imports the dashboard: the server serves its built files. (The
 * dashboard's own rules are checked by scripts/check-dashboard-imports.mjs: the swc parser that
 * dependency-cruiser uses here reads no JSX.)
 */
const dashboardRules = [
  {
    name: "nothing-loads-the-dashboard",
    severity: "error",
    comment: "The library and the server never import the dashboard; the server reads its built files.",
    from: { path: "^packages/(core|server|voice)/" },
    to: { path: ["^packages/dashboard/", "node_modules/@rehearse/dashboard/"] },
  },
];

const cycleRules = [
  {
    name: "no-circular",
    severity: "error",
    comment: "No module imports itself through others, type-only imports included.",
    from: { path: "^packages/(core|server|voice)/src/" },
    to: { circular: true },
  },
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    ...cliRules,
    ...serverLayerRules,
    ...voiceLayerRules,
    ...packageRules,
    ...dashboardRules,
    ...cycleRules,
  ],
  options: {
    // TypeScript 7 has no JavaScript API; swc parses the sources (type-only imports included).
    parser: "swc",
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    // `.js` specifiers in the sources name `.ts` files (NodeNext); dependency-cruiser maps them itself.
    exclude: { path: "(^|/)(dist|node_modules)/" },
  },
};
