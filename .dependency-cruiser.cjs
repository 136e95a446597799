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
  "scenario-file",
  "outcomes",
  "injections",
  "detectors",
  "agents",
  "payloads",
  "models",
  "environment",
  "engine",
  "script",
  "events",
  "domain",
];

/**
 * What the CLI may import: `api/` (the library's API for front ends, one module per capability) and the
 * contracts. Everything else — the runner included — it reaches through `api/` (decision 0023).
 */
const CLI_MAY_IMPORT = ["api", "domain"];

/**
 * Known wrong arrows being removed in phase 1 of issue 12, as [from, to, rule]. Each is reported as a
 * warning; the list must end empty.
 */
const PHASE_1_KNOWN_VIOLATIONS = [
  ["environment/detector-runner.ts", "agents/red-team/detectors.ts", "layer-environment"],
  ["environment/detector-runner.ts", "detectors/pii-leak.ts", "layer-environment"],
  ["environment/environment-session.ts", "injections/arm-injections.ts", "layer-environment"],
  ["environment/environment-session.ts", "injections/injection-runtime.ts", "layer-environment"],
  ["environment/environment-session.ts", "outcomes/expected-outcomes.ts", "layer-environment"],
  ["environment/environment-session.ts", "outcomes/run-summary.ts", "layer-environment"],
];

/** Known cycles being broken in phase 1 of issue 12 (the modules of each), reported as warnings; must end empty. */
const PHASE_1_KNOWN_CYCLES = [];

const SOURCE = "^packages/core/src/";
const literal = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const file = (path) => `${SOURCE}${literal(path)}$`;
const folders = (names) => `${SOURCE}(${names.join("|")})/`;
/** Test files and test helpers are not part of any layer: they may use the testing entry. */
const NOT_LAYERED = ["\\.test\\.ts$", "/test-support/"];

/**
 * One error rule for `from`, minus the pairs allowed, plus one warning per allowed pair so each stays
 * visible in the output.
 */
function withAllowance(rule, allowance) {
  const allowedFrom = [...new Set(allowance.map(([from]) => from))];
  const rules = [{ ...rule, from: { ...rule.from, pathNot: [...(rule.from.pathNot ?? []), ...allowedFrom.map(file)] } }];
  for (const from of allowedFrom) {
    const targets = allowance.filter(([source]) => source === from).map(([, target]) => file(target));
    rules.push({
      ...rule,
      name: `${rule.name}`,
      from: { path: file(from) },
      to: { ...rule.to, pathNot: [...(rule.to.pathNot ?? []), ...targets] },
    });
    rules.push({
      ...rule,
      name: `${rule.name}-allowed-for-now`,
      severity: "warn",
      comment: `${rule.comment} Allowed for now (an allowance list in .dependency-cruiser.cjs).`,
      from: { path: file(from) },
      to: { ...rule.to, path: targets.length === 1 ? targets[0] : `(${targets.join("|")})` },
    });
  }
  return rules;
}

const known = (ruleName) => PHASE_1_KNOWN_VIOLATIONS.filter(([, , rule]) => rule === ruleName);

const layerRules = LAYERS.slice(1).flatMap((layer, index) => {
  const above = LAYERS.slice(0, index + 1);
  const name = `layer-${layer}`;
  return withAllowance(
    {
      name,
      severity: "error",
      comment: `${layer}/ imports only layers below it; ${above.join(", ")} are above (ARCHITECTURE.md).`,
      from: { path: `${SOURCE}${layer}/`, pathNot: NOT_LAYERED },
      to: { path: folders(above) },
    },
    known(name),
  );
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

const inKnownCycles = [...new Set(PHASE_1_KNOWN_CYCLES.flat())].map(file);
const cycleRules = [
  {
    name: "no-circular",
    severity: "error",
    comment: "No module imports itself through others, type-only imports included.",
    from: { path: SOURCE, pathNot: inKnownCycles },
    to: { circular: true },
  },
  ...(inKnownCycles.length === 0
    ? []
    : [
        {
          name: "no-circular-allowed-for-now",
          severity: "warn",
          comment: "A known cycle (PHASE_1_KNOWN_CYCLES in .dependency-cruiser.cjs), being broken.",
          from: { path: `(${inKnownCycles.join("|")})` },
          to: { circular: true },
        },
      ]),
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [...layerRules, ...cliRules, ...cycleRules],
  options: {
    // TypeScript 7 has no JavaScript API; swc parses the sources (type-only imports included).
    parser: "swc",
    tsPreCompilationDeps: true,
    doNotFollow: { path: "node_modules" },
    // `.js` specifiers in the sources name `.ts` files (NodeNext); dependency-cruiser maps them itself.
    exclude: { path: "(^|/)(dist|node_modules)/" },
  },
};
