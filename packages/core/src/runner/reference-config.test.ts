import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { judgeAgent } from "../agents/judge/judge-agent.js";
import { userSimulatorAgent } from "../agents/user-simulator/user-simulator-agent.js";
import { ConfigError } from "../domain/errors.js";
import { agent, judge, user } from "../script/steps.js";
import { finishTestResult, type RecordingModel, scriptedModel } from "../testing/mock-models.js";
import { echoAgent } from "../testing/scripted-agents.js";
import { defineConfig } from "./config.js";
import type { Logger } from "./logger.js";
import { scenarioProjectConfigSchema } from "./reference-config-schema.js";
import { createRehearse } from "./rehearse.js";

// The config files run in this process: they read their model from this global,
// so a test can hand them a recording mock model without any import in the file.
const globals = globalThis as { rehearseTestModel?: RecordingModel };
afterEach(() => {
  delete globals.rehearseTestModel;
});

function project(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), "rehearse-reference-config-"));
  writeFileSync(join(directory, "package.json"), JSON.stringify({ type: "module" }));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(directory, name, ".."), { recursive: true });
    writeFileSync(join(directory, name), text);
  }
  return directory;
}

function capturingLogger(): Logger & { warnings: string[]; infos: string[] } {
  const warnings: string[] = [];
  const infos: string[] = [];
  return {
    warnings,
    infos,
    error: (message) => warnings.push(message),
    warn: (message) => warnings.push(message),
    info: (message) => infos.push(message),
    debug: () => {},
    transcript: () => {},
  };
}

const criterion = "The agent repeats the request";

/** A simulated user turn, the echo, the judge's verdict: two calls of the default model. */
const modelScenario = {
  name: "reference config",
  description: "A customer asks for a refund.",
  agents: [echoAgent(), userSimulatorAgent(), judgeAgent({ criteria: [criterion] })],
  script: [user(), agent(), judge()],
};

const referenceStyle = (extra = "") =>
  `export default { defaultModel: { model: globalThis.rehearseTestModel, temperature: 0.3, maxTokens: 200 }${extra} };`;

describe("scenario.config.js (the reference's config file)", () => {
  it("gives the simulator and the judge its defaultModel, with its temperature and maxTokens, when it is the only config", async () => {
    const model = scriptedModel(["I want a refund for order 7", finishTestResult({ [criterion]: "true" })]);
    globals.rehearseTestModel = model;
    const cwd = project({ "scenario.config.js": referenceStyle() });

    const result = await createRehearse({ cwd, env: {}, logger: capturingLogger() }).run(modelScenario);

    expect(result.status).toBe("pass");
    expect(result.messages[0]).toEqual({ role: "user", content: "I want a refund for order 7" });
    expect(model.doGenerateCalls).toHaveLength(2);
    expect(model.doGenerateCalls[0]).toMatchObject({ temperature: 0.3, maxOutputTokens: 200 });
  });

  it("reads scenario.config.mjs too, and a module with named exports only, as the reference does", async () => {
    globals.rehearseTestModel = scriptedModel([]);
    const mjs = project({ "scenario.config.mjs": referenceStyle() });
    expect((await createRehearse({ cwd: mjs, env: {} }).resolveConfig()).defaultModel).toEqual({
      model: globals.rehearseTestModel,
      temperature: 0.3,
      maxTokens: 200,
    });
    const named = project({ "scenario.config.js": "export const defaultModel = { model: globalThis.rehearseTestModel };" });
    expect((await createRehearse({ cwd: named, env: {} }).resolveConfig()).defaultModel).toEqual({
      model: globals.rehearseTestModel,
    });
  });

  it("is found from a subdirectory up to the project root, like rehearse.config.*", async () => {
    globals.rehearseTestModel = scriptedModel([]);
    const cwd = project({ "scenario.config.js": referenceStyle(), "tests/unit/.keep": "" });
    const resolved = await createRehearse({ cwd: join(cwd, "tests", "unit"), env: {} }).resolveConfig();
    expect(resolved.defaultModel).toMatchObject({ model: globals.rehearseTestModel });
  });

  it("sits below rehearse.config.*: that file wins key by key, and scenario.config's defaultModel stays when it sets none", async () => {
    globals.rehearseTestModel = scriptedModel([]);
    const both = project({
      "scenario.config.js": referenceStyle(),
      "rehearse.config.mjs": "export default { maxTurns: 3 };",
    });
    const merged = await createRehearse({ cwd: both, env: {} }).resolveConfig();
    expect(merged.maxTurns).toBe(3);
    expect(merged.defaultModel).toMatchObject({ model: globals.rehearseTestModel, temperature: 0.3 });

    const overriding = project({
      "scenario.config.js": referenceStyle(),
      "rehearse.config.mjs": 'export default { defaultModel: "openai:gpt-4.1-mini" };',
    });
    expect((await createRehearse({ cwd: overriding, env: {} }).resolveConfig()).defaultModel).toBe("openai:gpt-4.1-mini");
  });

  it("an explicit configFile naming a scenario.config.js is read with the reference's keys", async () => {
    globals.rehearseTestModel = scriptedModel([]);
    const cwd = project({ "config/scenario.config.js": referenceStyle(", headless: true") });
    const resolved = await createRehearse({ configFile: join(cwd, "config", "scenario.config.js"), env: {} }).resolveConfig();
    expect(resolved.defaultModel).toMatchObject({ temperature: 0.3 });
  });

  it("applies observability as Rehearse's tracing (unknown keys told once); headless: false is told, headless: true is not", async () => {
    globals.rehearseTestModel = scriptedModel([]);
    const cwd = project({
      "scenario.config.js": referenceStyle(", headless: false, observability: { instrumentations: [], dataCapture: 'all' }"),
    });
    const logger = capturingLogger();
    const rehearse = createRehearse({ cwd, env: {}, logger });
    expect((await rehearse.resolveConfig()).tracing).toEqual({ instrumentations: [] });
    rehearse.configure({ maxTurns: 2 });
    await rehearse.resolveConfig();

    expect(logger.warnings).toHaveLength(2);
    expect(logger.warnings[0]).toMatch(/scenario\.config\.js: headless: false has no effect: Rehearse never opens a browser/);
    expect(logger.warnings[1]).toMatch(
      /scenario\.config\.js: observability\.dataCapture is ignored: Rehearse's tracing takes spanFilter/,
    );

    const quiet = capturingLogger();
    const headless = project({ "scenario.config.js": referenceStyle(", headless: true") });
    await createRehearse({ cwd: headless, env: {}, logger: quiet }).resolveConfig();
    expect(quiet.warnings).toEqual([]);
  });

  it("rejects an unknown top-level key as the reference does, naming the file, with a did-you-mean", async () => {
    globals.rehearseTestModel = scriptedModel([]);
    const cwd = project({ "scenario.config.js": "export default { defaultModle: { model: globalThis.rehearseTestModel } };" });
    const error = await createRehearse({ cwd, env: {} })
      .resolveConfig()
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ source: join(cwd, "scenario.config.js"), path: "defaultModle" });
    expect((error as Error).message).toBe(
      `${join(cwd, "scenario.config.js")}: defaultModle: unknown key "defaultModle" (did you mean "defaultModel"?)`,
    );
  });

  it("a Rehearse setting in scenario.config.js is rejected with where it belongs", async () => {
    const cwd = project({ "scenario.config.js": "export default { maxTurns: 4 };" });
    await expect(createRehearse({ cwd, env: {} }).resolveConfig()).rejects.toThrow(
      /scenario\.config\.js: maxTurns: "maxTurns" is a Rehearse setting, which scenario\.config\.js does not take \(it has defaultModel, headless and observability\): put it in rehearse\.config\.mjs/,
    );
  });

  it("ignores an unknown key inside defaultModel as the reference does, and says so with a did-you-mean", async () => {
    const model = scriptedModel([]);
    globals.rehearseTestModel = model;
    const cwd = project({
      "scenario.config.js":
        "export default { defaultModel: { model: globalThis.rehearseTestModel, temprature: 0.5, apiKey: 'x' } };",
    });
    const logger = capturingLogger();
    const resolved = await createRehearse({ cwd, env: {}, logger }).resolveConfig();

    expect(resolved.defaultModel).toEqual({ model });
    expect(logger.warnings).toEqual([
      expect.stringMatching(
        /scenario\.config\.js: defaultModel\.temprature is ignored \(did you mean "temperature"\?\); @langwatch\/scenario ignores it too/,
      ),
      expect.stringMatching(/scenario\.config\.js: defaultModel\.apiKey is ignored; @langwatch\/scenario ignores it too/),
    ]);
  });

  it("names the file and the field when defaultModel has no model, or a model id Rehearse does not know", async () => {
    const noModel = project({ "scenario.config.js": "export default { defaultModel: { temperature: 0.2 } };" });
    await expect(createRehearse({ cwd: noModel, env: {} }).resolveConfig()).rejects.toMatchObject({
      path: "defaultModel.model",
      message: expect.stringMatching(/scenario\.config\.js: defaultModel\.model: /),
    });
    const gatewayId = project({ "scenario.config.js": "export default { defaultModel: { model: 'openai/gpt-4.1-mini' } };" });
    await expect(createRehearse({ cwd: gatewayId, env: {} }).resolveConfig()).rejects.toThrow(
      /scenario\.config\.js: defaultModel\.model: "openai\/gpt-4\.1-mini" has no provider prefix; did you mean openai:gpt-4\.1-mini\?/,
    );
  });
});

describe("scenarioProjectConfigSchema and defineConfig", () => {
  it("validate the reference's shape: strict at the top, any object as observability", () => {
    const model = scriptedModel([]);
    const parsed = scenarioProjectConfigSchema.parse({ defaultModel: { model, temperature: 0.1 }, headless: true });
    expect(parsed).toEqual({ defaultModel: { model, temperature: 0.1 }, headless: true });
    expect(scenarioProjectConfigSchema.safeParse({ observability: { serviceName: "svc" } }).success).toBe(true);
    expect(scenarioProjectConfigSchema.safeParse({ observability: "yes" }).success).toBe(false);
    expect(scenarioProjectConfigSchema.safeParse({ headless: true, colour: "red" }).success).toBe(false);
    expect(scenarioProjectConfigSchema.safeParse({ defaultModel: { temperature: 0.1 } }).success).toBe(false);
  });

  it("defineConfig returns what it is given, for either file", () => {
    const reference = { defaultModel: { model: scriptedModel([]) }, headless: true };
    expect(defineConfig(reference)).toBe(reference);
    const rehearse = { maxTurns: 4 };
    expect(defineConfig(rehearse)).toBe(rehearse);
    // both shapes type-check as object literals, as users write them in their config files
    expect(defineConfig({ headless: false, observability: { serviceName: "svc" } })).toEqual({
      headless: false,
      observability: { serviceName: "svc" },
    });
    expect(defineConfig({ defaultModel: "openai:gpt-4.1-mini", cassette: { mode: "replay" } })).toMatchObject({
      cassette: { mode: "replay" },
    });
  });
});

describe("configure({ audioPlayback }), the reference's one configure() key", () => {
  it("is accepted; true says once that it is not applied, false says nothing, the rest of the call still applies", async () => {
    const logger = capturingLogger();
    const context = createRehearse({ cwd: project({}), env: {}, logger });
    context.configure({ audioPlayback: true, maxTurns: 4 });
    const config = await context.resolveConfig();
    expect(config.maxTurns).toBe(4);
    expect("audioPlayback" in config).toBe(false);
    await context.resolveConfig();
    expect(logger.warnings).toEqual([
      expect.stringMatching(/^configure\(\): audioPlayback is not applied: .*save a run.s audio with result\.audio\.save/),
    ]);

    const quietLogger = capturingLogger();
    const quiet = createRehearse({ cwd: project({}), env: {}, logger: quietLogger });
    quiet.configure({ audioPlayback: false });
    await quiet.resolveConfig();
    expect(quietLogger.warnings).toEqual([]);
  });

  it("rejects a value that is not a boolean, naming the call and the field", () => {
    const context = createRehearse({ cwd: project({}), env: {} });
    expect(() => context.configure({ audioPlayback: "yes" as unknown as boolean })).toThrow(
      /^configure\(\): audioPlayback: must be true or false; got "yes"$/,
    );
  });
});
