import { describe, expect, it } from "vitest";
import { configFromOptions } from "./command-config.js";

describe("configFromOptions", () => {
  it("turns the three time-limit flags (seconds) into timeouts in milliseconds, 0 kept as no limit", () => {
    expect(configFromOptions({ timeout: 1.5, modelTimeout: 0, scenarioTimeout: 600 })).toEqual({
      timeouts: { agentCallMs: 1500, modelCallMs: 0, scenarioMs: 600_000 },
    });
  });

  it("sets only the limits given, so the config file keeps the others", () => {
    expect(configFromOptions({ scenarioTimeout: 0.25 })).toEqual({ timeouts: { scenarioMs: 250 } });
    expect(configFromOptions({ modelTimeout: 30 })).toEqual({ timeouts: { modelCallMs: 30_000 } });
    expect(configFromOptions({})).toEqual({});
  });
});
