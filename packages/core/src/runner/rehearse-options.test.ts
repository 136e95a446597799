import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { createProviderHealth } from "../models/provider-health.js";
import { createMemoryRateLimitStore } from "../models/rate-limit-store.js";
import { createRehearse, type RehearseOptions } from "./rehearse.js";

function rejection(options: Record<string, unknown>): ConfigError {
  try {
    createRehearse(options as RehearseOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error("createRehearse accepted the options");
}

describe("createRehearse options", () => {
  it("rejects a config setting given at the top level, pointing to config", () => {
    const error = rejection({ configFile: false, timeouts: { agentCallMs: 100 } });
    expect(error.message).toBe(
      'createRehearse(): timeouts: unknown option "timeouts": it is a config setting (did you mean config.timeouts?)',
    );
    expect(error.code).toBe("invalid_config");
    expect(error.path).toBe("timeouts");
    expect(rejection({ maxTurns: 3 }).message).toMatch(/unknown option "maxTurns": .*\(did you mean config\.maxTurns\?\)/);
  });

  it("suggests the closest option for a misspelt one, and lists them when none is close", () => {
    expect(rejection({ configFle: false }).message).toBe(
      'createRehearse(): configFle: unknown option "configFle" (did you mean "configFile"?)',
    );
    expect(rejection({ zzz: 1 }).message).toMatch(
      /^createRehearse\(\): zzz: unknown option "zzz"; options: cwd, env, configFile, config, logger, defaultModelHint, rateLimitStore, providerHealth$/,
    );
  });

  it("checks the options' own types", () => {
    expect(rejection({ configFile: true }).message).toBe("createRehearse(): configFile: must be a file path or false; got true");
    expect(rejection({ cwd: 3 }).message).toMatch(/^createRehearse\(\): cwd: .*got 3$/);
    expect(rejection({ logger: console.log }).message).toMatch(/^createRehearse\(\): logger: must be a Logger/);
    expect(rejection({ rateLimitStore: { consume: () => 0 } }).message).toBe(
      "createRehearse(): rateLimitStore: must be a RateLimitStore: an object with consume, block and adjust functions",
    );
  });

  it("accepts every documented option, and a timeout under config reaches the run", async () => {
    const ignore = () => undefined;
    const logger = { debug: ignore, info: ignore, warn: ignore, error: ignore, transcript: ignore };
    const rehearse = createRehearse({
      cwd: process.cwd(),
      env: {},
      configFile: false,
      config: { timeouts: { agentCallMs: 50 } },
      logger,
      defaultModelHint: "set it",
      rateLimitStore: createMemoryRateLimitStore(),
      providerHealth: createProviderHealth(),
    });
    expect((await rehearse.resolveConfig()).timeouts).toMatchObject({ agentCallMs: 50 });
  });

  it("accepts process.env itself as env (not a plain object), and rejects non-string values", () => {
    expect(() => createRehearse({ env: process.env, configFile: false })).not.toThrow();
    expect(rejection({ env: { A: 1 } }).message).toMatch(/^createRehearse\(\): env: must be an object of environment variables/);
  });
});
