import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "../cli/test-support/cli-test-context.js";
import type { Logger } from "../runner/logger.js";
import { type FakeProviderServer, startFakeProviderServer } from "../test-support/fake-provider-server.js";
import { isolated } from "../test-support/harness.js";
import { finishTestResult, scriptedModel } from "../testing/mock-models.js";
import { loadScenarioFiles } from "./load-scenario-files.js";

// A `{ type: judge, criteria }` step in a file is a checkpoint graded by a judge, as
// `judge({ criteria })` is in TypeScript: it needs no top-level `judge:` (whose criteria are
// the final verdict's). A `{ type: judge }` step without criteria asks for the final verdict,
// so it needs `judge.criteria`.

const confirms = "The agent confirms the refund";
const polite = "The agent is polite";

const silent: Logger = { error() {}, warn() {}, info() {}, debug() {}, transcript() {} };
/** An isolated context that keeps quiet (mock models have no price, which the console logger would warn about). */
const context = (config: NonNullable<Parameters<typeof isolated>[0]>["config"] = {}) => isolated({ logger: silent, config });

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-judge-step-"));
  writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
  writeFileSync(
    join(directory, "agent.mjs"),
    `export default { role: "Agent", call: async () => "Your refund for order A100 is issued." };\n`,
  );
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

function scenarioFile(name: string, ...lines: string[]): string {
  const text = [
    `name: ${name}`,
    "description: A customer asks for a refund of order A100.",
    "agent: { module: ./agent.mjs }",
    ...lines,
  ].join("\n");
  writeFileSync(join(directory, `${name}.yaml`), `${text}\n`);
  return `${name}.yaml`;
}

const checkpointScript = [
  "script:",
  '  - { type: user, content: "Please refund order A100" }',
  "  - { type: agent }",
  `  - { type: judge, criteria: ["${confirms}"] }`,
];

async function load(file: string) {
  const [loaded] = await loadScenarioFiles([file], { cwd: directory });
  return (loaded as { config: Parameters<ReturnType<typeof context>["run"]>[0] }).config;
}

describe("a judge step with criteria in a scenario file", () => {
  it("is a checkpoint graded by the judge model when the file has no judge: key", async () => {
    const config = await load(scenarioFile("checkpoint", ...checkpointScript));
    expect(config.agents.map((agent) => agent.role)).toEqual(["Agent", "Judge"]);

    const model = scriptedModel([finishTestResult({ [confirms]: "true" })]);
    const result = await context({ defaultModel: model }).run(config);
    expect(result.status).toBe("pass");
    expect(result.metCriteria).toEqual([confirms]);
    expect(JSON.stringify(model.doGenerateCalls[0]?.prompt)).toContain(confirms);

    const failing = scriptedModel([finishTestResult({ [confirms]: "false" })]);
    const failed = await context({ defaultModel: failing }).run(config);
    expect(failed.status).toBe("fail");
    expect(failed.unmetCriteria).toEqual([confirms]);
  });

  it("is skipped, naming the setting, when no model is configured", async () => {
    const config = await load(scenarioFile("no-model", ...checkpointScript));
    const result = await context().run(config);
    expect(result.status).toBe("skipped");
    expect(result.reasoning).toContain(confirms);
    expect(result.reasoning).toContain("defaultModel");
  });

  it("grades the step's criteria, not the judge's own, when the file has a judge", async () => {
    const config = await load(
      scenarioFile("both", `judge: { criteria: ["${polite}"] }`, ...checkpointScript, "  - { type: judge }"),
    );
    const model = scriptedModel([finishTestResult({ [confirms]: "true" }), finishTestResult({ [polite]: "true" })]);
    const result = await context({ defaultModel: model }).run(config);
    expect(result.status).toBe("pass");
    expect(result.metCriteria).toEqual([confirms, polite]);
    const [checkpoint, verdict] = model.doGenerateCalls.map((call) => JSON.stringify(call.prompt));
    expect(checkpoint).toContain(confirms);
    expect(checkpoint).not.toContain(polite);
    expect(verdict).toContain(polite);
  });
});

describe("a judge step without criteria in a scenario file", () => {
  const bare = [
    "script:",
    '  - { type: user, content: "Please refund order A100" }',
    "  - { type: agent }",
    "  - { type: judge }",
  ];

  it("is rejected at its line when there is no judge: key", async () => {
    const file = scenarioFile("bare", ...bare);
    await expect(loadScenarioFiles([file], { cwd: directory })).rejects.toThrow(
      "bare.yaml:7:5: script[2]: a judge step without criteria asks the judge for its final verdict on judge.criteria: add judge: { criteria: [...] }, or give the step criteria",
    );
  });

  it("is rejected at its line when the judge: key has no criteria", async () => {
    const file = scenarioFile("model-only", 'judge: { model: "openai:gpt-4.1-mini" }', ...bare);
    await expect(loadScenarioFiles([file], { cwd: directory })).rejects.toThrow(
      "model-only.yaml:8:5: script[2]: a judge step without criteria asks the judge for its final verdict on judge.criteria",
    );
  });
});

describe("rehearse validate and rehearse run on a judge step", () => {
  let server: FakeProviderServer;
  beforeEach(async () => {
    server = await startFakeProviderServer();
  });
  afterEach(() => server.close());

  const verdict = (answer: "true" | "false") => ({
    toolCall: {
      name: "finish_test",
      input: {
        criteria: { the_agent_confirms_the_refund: answer },
        reasoning: answer === "true" ? "it says the refund is issued" : "it never confirms",
        verdict: answer === "true" ? "success" : "failure",
      },
    },
  });

  it("validates, then passes or fails on the judge model's answer to the step's criteria", async () => {
    const file = scenarioFile("checkpoint", ...checkpointScript);
    expect(await cli(directory, "validate", file)).toEqual({ code: 0, printed: ["✓ 1 scenario file valid"], errors: [] });

    const model = `openai-compatible:${server.origin}/v1#judge`;
    server.enqueue(verdict("true"));
    const passed = await cli(directory, "run", file, "--model", model);
    expect(passed.printed[0]).toMatch(/^PASS {3}checkpoint/);
    expect(passed.code).toBe(0);
    expect(JSON.stringify(server.requests[0]?.body)).toContain(confirms);

    server.enqueue(verdict("false"));
    const failed = await cli(directory, "run", file, "--model", model);
    expect(failed.printed[0]).toMatch(/^FAIL {3}checkpoint/);
    expect(failed.printed.join("\n")).toContain(confirms);
    expect(failed.code).toBe(1);
  });

  it("uses judge.model for the checkpoint when the judge: key names only a model", async () => {
    const file = scenarioFile(
      "judge-model",
      `judge: { model: "openai-compatible:${server.origin}/v1#judge" }`,
      ...checkpointScript,
    );
    server.enqueue(verdict("true"));
    const passed = await cli(directory, "run", file);
    expect(passed.printed[0]).toMatch(/^PASS {3}judge-model/);
    expect(server.requests).toHaveLength(1);
  });

  it("without a model, runs the file and reports the checkpoint skipped, naming the setting", async () => {
    const file = scenarioFile("checkpoint", ...checkpointScript);
    const skipped = await cli(directory, "run", file);
    expect(skipped.printed[0]).toMatch(/^SKIP {3}checkpoint .*defaultModel/);
    expect(skipped.code).toBe(3); // nothing tested: every run was skipped (docs/cli.md)
  });

  it("rejects a judge step without criteria with its file:line, running nothing", async () => {
    const file = scenarioFile("bare", "script:", "  - { type: agent, content: hi }", "  - { type: judge }");
    const expected = {
      code: 2,
      printed: [],
      errors: [
        "bare.yaml:6:5: script[1]: a judge step without criteria asks the judge for its final verdict on judge.criteria: add judge: { criteria: [...] }, or give the step criteria",
        "1 problem in 1 file",
      ],
    };
    expect(await cli(directory, "validate", file)).toEqual(expected);
    expect(await cli(directory, "run", file)).toEqual(expected);
  });
});
