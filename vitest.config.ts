import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

// The compatibility suite (test/compat/README.md): the same files, importing only
// `@langwatch/scenario`, run against Rehearse and, when it is installed
// (test/compat/install-reference.sh), against the reference @langwatch/scenario@0.5.3.
const compatInclude = ["test/compat/**/*.test.ts"];
const compatSetup = [here("./test/compat/setup.ts")];

const compatRehearse: TestProjectInlineConfiguration = {
  resolve: { alias: { "@langwatch/scenario": here("./packages/core/dist/index.js") } },
  test: {
    name: "compat-rehearse",
    include: compatInclude,
    setupFiles: compatSetup,
    env: { COMPAT_TARGET: "rehearse" },
  },
};

const referenceEntry = here("./test/compat/reference/node_modules/@langwatch/scenario/dist/index.mjs");
const compatReference: TestProjectInlineConfiguration = {
  resolve: { alias: { "@langwatch/scenario": referenceEntry } },
  test: {
    name: "compat-reference",
    include: compatInclude,
    setupFiles: compatSetup,
    // 0.5.3's ESM build deep-imports @elevenlabs/elevenlabs-js without file
    // extensions; inlining lets Vite's resolver fix them.
    server: { deps: { inline: ["@langwatch/scenario"] } },
    // Keep the reference offline: no OpenTelemetry export, no event POSTs
    // (those need an API key), no browser, no banner.
    env: {
      COMPAT_TARGET: "reference",
      OTEL_SDK_DISABLED: "true",
      SCENARIO_HEADLESS: "true",
      SCENARIO_DISABLE_SIMULATION_REPORT_INFO: "1",
      LANGWATCH_API_KEY: "",
      // the reference writes ./redteam-reports/ after every red-team run unless told not to
      SCENARIO_REDTEAM_REPORT: "0",
    },
    testTimeout: 30_000,
  },
};

// Projects: unit tests beside the code (TypeScript sources), black-box tests of
// the built package in packages/*/test, and the compatibility suite.
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["packages/*/src/**/*.test.ts"], exclude: ["packages/server/**"] } },
      // the server's tests start embedded PostgreSQL (PGlite) databases, and PostgreSQL 15 when CI runs one
      {
        test: {
          name: "server",
          include: ["packages/server/src/**/*.test.ts", "packages/server/test/**/*.test.ts"],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: "package",
          include: ["packages/*/test/**/*.test.ts"],
          exclude: ["**/compat/**", "packages/server/**"],
          testTimeout: 60_000,
        },
      },
      // the examples run against the built package, like the package project
      { test: { name: "examples", include: ["examples/**/*.test.ts"], exclude: ["**/node_modules/**"], testTimeout: 30_000 } },
      // CI's own scripts (.ci/count-results.mjs: the closing line)
      { test: { name: "ci", include: [".ci/**/*.test.mjs"] } },
      compatRehearse,
      ...(existsSync(referenceEntry) ? [compatReference] : []),
    ],
  },
});
