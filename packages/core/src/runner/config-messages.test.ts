import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { userSimulatorAgent } from "../agents/user-simulator/user-simulator-agent.js";
import { ConfigError } from "../domain/errors.js";
import { agent, succeed, user } from "../script/steps.js";
import { scriptedModel } from "../testing/mock-models.js";
import { echoAgent } from "../testing/scripted-agents.js";
import type { RehearseConfig } from "./config.js";
import type { Logger } from "./logger.js";
import { createRehearse } from "./rehearse.js";

// What a user reads when configuration is wrong: the file, variable or call they
// wrote, the field, the problem and the fix; never an internal API.

function projectWith(config: string, name = "rehearse.config.mjs"): { cwd: string; file: string } {
  const cwd = mkdtempSync(join(tmpdir(), "rehearse-config-messages-"));
  writeFileSync(join(cwd, "package.json"), JSON.stringify({ type: "module" }));
  writeFileSync(join(cwd, name), config);
  return { cwd, file: join(cwd, name) };
}

async function fileError(config: string): Promise<{ error: ConfigError; file: string }> {
  const { cwd, file } = projectWith(config);
  const error = await createRehearse({ cwd, env: {} })
    .resolveConfig()
    .catch((thrown: unknown) => thrown);
  if (!(error instanceof ConfigError)) throw new Error(`expected a ConfigError, got ${String(error)}`);
  return { error, file };
}

function configureError(config: unknown): ConfigError {
  try {
    createRehearse({ configFile: false, env: {} }).configure(config as RehearseConfig);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("configure() accepted the config");
}

function capturingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    error: (message) => warnings.push(message),
    warn: (message) => warnings.push(message),
    info: () => {},
    debug: () => {},
    transcript: () => {},
  };
}

describe("unknown config keys get a did-you-mean", () => {
  it("in configure()", () => {
    const error = configureError({ maxTurn: 3 });
    expect(error.message).toBe('configure(): maxTurn: unknown key "maxTurn" (did you mean "maxTurns"?)');
    expect(error).toMatchObject({ source: "configure()", path: "maxTurn" });
    expect(configureError({ colour: "red" }).message).toBe('configure(): colour: unknown key "colour"');
  });

  it("in rehearse.config.*, nested keys too", async () => {
    const top = await fileError("export default { cassete: { mode: 'record' } };");
    expect(top.error.message).toBe(`${top.file}: cassete: unknown key "cassete" (did you mean "cassette"?)`);
    const nested = await fileError("export default { cassette: { mod: 'record' } };");
    expect(nested.error.message).toBe(`${nested.file}: cassette.mod: unknown key "mod" (did you mean "mode"?)`);
    expect(nested.error).toMatchObject({ path: "cassette.mod" });
    const model = await fileError("export default { defaultModel: { model: 'openai:gpt-4.1-mini', temprature: 0.2 } };");
    expect(model.error.message).toBe(
      `${model.file}: defaultModel.temprature: unknown key "temprature" (did you mean "temperature"?)`,
    );
  });

  it("inside records (per-model prices), and for misspelt option values", async () => {
    expect(configureError({ prices: { "local:m": { inputPerMillion: 0, outptPerMillion: 0 } } }).message).toBe(
      'configure(): prices.local:m.outptPerMillion: unknown key "outptPerMillion" (did you mean "outputPerMillion"?)',
    );
    const cassette = await createRehearse({ configFile: false, env: { REHEARSE_CASSETTE: "recrd" } })
      .resolveConfig()
      .catch((thrown: unknown) => thrown);
    expect((cassette as Error).message).toBe(
      'REHEARSE_CASSETTE: Invalid option: expected one of "off"|"record"|"replay"|"auto"; got "recrd" (did you mean "record"?)',
    );
    expect(configureError({ logLevel: "wran" }).message).toMatch(
      /^configure\(\): logLevel: .*; got "wran" \(did you mean "warn"\?\)$/,
    );
  });

  it("a key of the reference's scenario.config.js in rehearse.config.* says where it belongs", async () => {
    const { error, file } = await fileError("export default { headless: true };");
    expect(error.message).toBe(
      `${file}: headless: "headless" is a setting of @langwatch/scenario's scenario.config.js, not of rehearse.config.*: ` +
        "Rehearse never opens a browser, so remove it (scenario.config.js may keep it)",
    );
    expect(configureError({ observability: {} }).message).toMatch(
      /^configure\(\): observability: "observability" is a setting of @langwatch\/scenario's scenario\.config\.js.*here the same options are called `tracing`/,
    );
  });

  it("in REHEARSE_* variables: an unknown one is ignored with a warning naming the one probably meant", async () => {
    const logger = capturingLogger();
    const rehearse = createRehearse({
      configFile: false,
      env: { REHEARSE_MAX_TURN: "3", REHEARSE_DEBUG_TTY: "1", REHEARSE_WHATEVER: "x" },
      logger,
    });
    expect((await rehearse.resolveConfig()).maxTurns).toBe(10);
    await rehearse.resolveConfig();
    expect(logger.warnings).toEqual([
      "REHEARSE_MAX_TURN is not a Rehearse variable and is ignored (did you mean REHEARSE_MAX_TURNS?)",
      "REHEARSE_WHATEVER is not a Rehearse variable and is ignored",
    ]);
  });
});

describe("model settings name the file, variable or call they came from", () => {
  it("an unknown provider in defaultModel, with the id probably meant", async () => {
    const { error, file } = await fileError("export default { defaultModel: 'opnai:gpt-4.1-mini' };");
    expect(error.message).toMatch(
      new RegExp(
        `^${escapeRegExp(file)}: defaultModel: unknown provider "opnai" in "opnai:gpt-4\\.1-mini"; did you mean openai:gpt-4\\.1-mini\\?`,
      ),
    );
    expect(error).toMatchObject({ source: file, path: "defaultModel" });

    const fromEnvironment = await createRehearse({ configFile: false, env: { REHEARSE_DEFAULT_MODEL: "openai/gpt-4.1-mini" } })
      .resolveConfig()
      .catch((thrown: unknown) => thrown);
    expect(fromEnvironment).toMatchObject({ source: "REHEARSE_DEFAULT_MODEL", path: "defaultModel" });
    expect((fromEnvironment as Error).message).toMatch(
      /^REHEARSE_DEFAULT_MODEL: "openai\/gpt-4\.1-mini" has no provider prefix; did you mean openai:gpt-4\.1-mini\?/,
    );

    expect(configureError({ defaultModel: { model: "gpt-4.1-mini" } }).message).toMatch(
      /^configure\(\): defaultModel\.model: "gpt-4\.1-mini" has no provider prefix; did you mean openai:gpt-4\.1-mini\?/,
    );
  });

  it("a value of the wrong kind says what is accepted", () => {
    expect(configureError({ defaultModel: 42 }).message).toBe(
      'configure(): defaultModel: must be a model id such as "openai:gpt-4.1-mini", an AI SDK language model, ' +
        "or { model, temperature?, maxTokens? }; got 42",
    );
    const older = { ...scriptedModel([]), specificationVersion: "v2", doGenerate: async () => ({}) };
    expect(configureError({ defaultModel: older }).message).toBe(
      "configure(): defaultModel: is an AI SDK language model of specification v2; Rehearse needs specification v3 " +
        "(the provider packages for ai@6, e.g. @ai-sdk/openai@^3)",
    );
  });

  it("a missing API key names where the default model was set, and the variable to set", async () => {
    const { cwd, file } = projectWith("export default { defaultModel: 'openai:gpt-4.1-mini' };");
    const result = await createRehearse({ cwd, env: {}, logger: capturingLogger() })
      .runMany([
        {
          name: "no key",
          description: "A customer asks for a refund.",
          agents: [echoAgent(), userSimulatorAgent()],
          script: [user(), agent(), succeed()],
        },
      ])
      .then((batch) => batch.results[0]);
    expect(result).toMatchObject({ status: "error", errorCode: "invalid_config" });
    expect(result?.error).toBe(
      `${file}: defaultModel: openai:gpt-4.1-mini needs an API key: set the OPENAI_API_KEY environment variable ` +
        "(or providers.openai.apiKey in the config).",
    );
  });

  it("a model id given to an agent names the agent", async () => {
    const result = await createRehearse({ configFile: false, env: {} })
      .runMany([
        {
          name: "bad id",
          description: "d",
          agents: [echoAgent(), userSimulatorAgent({ model: "opnai:gpt-4.1-mini" })],
          script: [user(), agent(), succeed()],
        },
      ])
      .then((batch) => batch.results[0]);
    expect(result?.error).toMatch(/^UserSimulatorAgent: model: unknown provider "opnai".*did you mean openai:gpt-4\.1-mini\?/);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
