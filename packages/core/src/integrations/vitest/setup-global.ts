import { createRandomIds } from "../../runner/system.js";

/**
 * Vitest global setup (`globalSetup`; `withScenario` adds it): gives the
 * whole vitest run one batch id by setting `SCENARIO_BATCH_RUN_ID` before the
 * test workers start, so every test file's scenario runs share it (without
 * it, workers derive one from their parent process and the day). A batch id
 * you set yourself is kept. The returned teardown restores the environment.
 *
 * @example
 * ```ts
 * // vitest.config.ts (withScenario does this for you)
 * export default defineConfig({ test: { globalSetup: ["@rehearse/core/integrations/vitest/setup-global"] } });
 * ```
 */
export default function setup(): () => void {
  if (process.env.SCENARIO_BATCH_RUN_ID) return () => {};
  process.env.SCENARIO_BATCH_RUN_ID = createRandomIds().next("scenariobatch");
  return () => {
    delete process.env.SCENARIO_BATCH_RUN_ID;
  };
}
