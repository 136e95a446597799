import { createRandomIds } from "../../runner/system.js";
import { deliverAtTeardown } from "./deliver-at-teardown.js";

/**
 * Vitest global setup (`globalSetup`; `withScenario` adds it): gives the
 * whole vitest run one batch id by setting `SCENARIO_BATCH_RUN_ID` before the
 * test workers start, so every test file's scenario runs share it (without
 * it, workers derive one from their parent process and the day). A batch id
 * you set yourself is kept. The returned teardown restores the environment
 * and, when the project reports to a Rehearse server, sends what the workers
 * left in the outbox (at most 5 s; see `deliverAtTeardown`).
 *
 * @example
 * ```ts
 * // vitest.config.ts (withScenario does this for you)
 * export default defineConfig({ test: { globalSetup: ["@rehearse/core/integrations/vitest/setup-global"] } });
 * ```
 */
export default function setup(): () => Promise<void> {
  const ownBatch = !process.env.SCENARIO_BATCH_RUN_ID;
  if (ownBatch) process.env.SCENARIO_BATCH_RUN_ID = createRandomIds().next("scenariobatch");
  return () => {
    if (ownBatch) delete process.env.SCENARIO_BATCH_RUN_ID;
    return deliverAtTeardown(process.cwd(), process.env);
  };
}
