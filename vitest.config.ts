import { defineConfig } from "vitest/config";

// Projects: unit tests beside the code (TypeScript sources), black-box tests of
// the built package in packages/*/test, and the compatibility suite (see
// test/compat/README.md), which runs the same files against Rehearse and,
// when it is installed, against the reference @langwatch/scenario@0.5.3.
export default defineConfig({
  test: {
    projects: [
      { test: { name: "unit", include: ["packages/*/src/**/*.test.ts"] } },
      { test: { name: "package", include: ["packages/*/test/**/*.test.ts"], exclude: ["**/compat/**"], testTimeout: 60_000 } },
    ],
  },
});
