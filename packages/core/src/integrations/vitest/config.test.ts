import { describe, expect, it } from "vitest";
import { SCENARIO_GLOBAL_SETUP, SCENARIO_SETUP_FILE, withScenario } from "./config.js";

describe("withScenario", () => {
  it("adds the setup file and the global setup to a config without any", () => {
    expect(withScenario({}).test).toEqual({ setupFiles: [SCENARIO_SETUP_FILE], globalSetup: [SCENARIO_GLOBAL_SETUP] });
    expect(SCENARIO_SETUP_FILE).toBe("@rehearse/core/integrations/vitest/setup");
    expect(SCENARIO_GLOBAL_SETUP).toBe("@rehearse/core/integrations/vitest/setup-global");
  });

  it("puts them first and keeps the user's own, given as one string or a list", () => {
    const single = withScenario({ test: { setupFiles: "./mine.ts", globalSetup: "./global.ts", testTimeout: 9 } });
    expect(single.test).toEqual({
      setupFiles: [SCENARIO_SETUP_FILE, "./mine.ts"],
      globalSetup: [SCENARIO_GLOBAL_SETUP, "./global.ts"],
      testTimeout: 9,
    });
    const lists = withScenario({ test: { setupFiles: ["./a.ts", "./b.ts"], globalSetup: [] } });
    expect(lists.test?.setupFiles).toEqual([SCENARIO_SETUP_FILE, "./a.ts", "./b.ts"]);
    expect(lists.test?.globalSetup).toEqual([SCENARIO_GLOBAL_SETUP]);
  });

  it("keeps the rest of the config and does not add its entries twice", () => {
    const config = { resolve: { alias: { x: "/y" } }, test: { setupFiles: [SCENARIO_SETUP_FILE, "./mine.ts"] } };
    const wrapped = withScenario(withScenario(config));
    expect(wrapped.resolve).toBe(config.resolve);
    expect(wrapped.test?.setupFiles).toEqual([SCENARIO_SETUP_FILE, "./mine.ts"]);
    expect(wrapped.test?.globalSetup).toEqual([SCENARIO_GLOBAL_SETUP]);
    expect(config.test.setupFiles).toEqual([SCENARIO_SETUP_FILE, "./mine.ts"]);
  });
});
