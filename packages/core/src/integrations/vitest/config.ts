import type { ViteUserConfig } from "vitest/config";

export type { RehearseMatchers } from "../../vitest/matchers.js";

/** The setup file `withScenario` adds to `test.setupFiles`. */
export const SCENARIO_SETUP_FILE = "@rehearse/core/integrations/vitest/setup";
/** The global setup `withScenario` adds to `test.globalSetup`. */
export const SCENARIO_GLOBAL_SETUP = "@rehearse/core/integrations/vitest/setup-global";

function listOf(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * Adds Rehearse's vitest setup to a vitest config: the setup file (registers
 * `toPass()`, records each test's scenario runs for `VitestReporter`) first
 * in `test.setupFiles`, the global setup (one batch id per vitest run) first
 * in `test.globalSetup`. Your own entries — undefined, one string or a list
 * — are kept after them, and an entry that is already there is not added twice.
 * Everything else in the config is returned as it was.
 *
 * @example
 * ```ts
 * // vitest.config.ts
 * import { withScenario } from "@rehearse/core/integrations/vitest/config";
 * import VitestReporter from "@rehearse/core/integrations/vitest/reporter";
 * import { defineConfig } from "vitest/config";
 *
 * export default withScenario(
 *   defineConfig({ test: { setupFiles: ["./my-setup.ts"], reporters: ["default", new VitestReporter()] } }),
 * );
 * ```
 */
export function withScenario(config: ViteUserConfig): ViteUserConfig {
  const setupFiles = listOf(config.test?.setupFiles).filter((file) => file !== SCENARIO_SETUP_FILE);
  const globalSetup = listOf(config.test?.globalSetup).filter((file) => file !== SCENARIO_GLOBAL_SETUP);
  return {
    ...config,
    test: {
      ...config.test,
      setupFiles: [SCENARIO_SETUP_FILE, ...setupFiles],
      globalSetup: [SCENARIO_GLOBAL_SETUP, ...globalSetup],
    },
  };
}
