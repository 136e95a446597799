import { describe, expect, it } from "vitest";
import type { Agent, AgentInput } from "../domain/agent.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { compileScenarioDocument } from "../scenario-file/compile-scenario.js";
import { readScenarioDocument } from "../scenario-file/read-document.js";
import { ScenarioFileError } from "../scenario-file/scenario-file-error.js";
import { ScenarioFileErrors } from "../scenario-file/scenario-file-errors.js";
import { agent, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { scriptedModel } from "../testing/mock-models.js";

const head =
  'name: crm\ndescription: the agent looks a customer up\nagent:\n  http: { url: "http://127.0.0.1:9/", response_path: reply }\n';

/** A file whose `crm_lookup` tool is simulated, with `simulate` lines given as the tool's last key (line 10 on). */
const fileWith = (
  simulate: string,
  tool = "      description: Look a customer up by e-mail\n      parameters: { type: object, properties: { email: { type: string } }, required: [email] }\n",
) => `${head}environment:\n  state: { plan: pro }\n  tools:\n    crm_lookup:\n${tool}      simulate:\n${simulate}`;

function compile(text: string): Promise<ScenarioConfig> {
  return compileScenarioDocument(readScenarioDocument(Buffer.from(text), "crm.yaml"), "crm.yaml", { cwd: process.cwd() });
}

async function problems(text: string): Promise<string[]> {
  const error = await compile(text).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  // one problem is thrown as itself, several together
  if (error instanceof ScenarioFileErrors) return error.errors.map((problem) => problem.message);
  expect(error).toBeInstanceOf(ScenarioFileError);
  return [(error as ScenarioFileError).message];
}

/** Calls `crm_lookup` once and keeps what it returned (or the error). */
function crmAgent(): Agent & { seen: unknown[] } {
  const seen: unknown[] = [];
  return {
    role: AgentRole.AGENT,
    seen,
    async call(input: AgentInput) {
      try {
        seen.push(await input.tools?.crm_lookup?.execute({ email: "ana@example.com" } as never, { toolCallId: "c1" }));
      } catch (error) {
        seen.push({ failed: String(error) });
      }
      return "done";
    },
  };
}

/** Runs the file's environment with `crmAgent` as the agent under test. */
async function runFile(config: ScenarioConfig, defaultModel?: ReturnType<typeof scriptedModel>) {
  const lookup = crmAgent();
  const result = await isolated(defaultModel ? { config: { defaultModel } } : {}).run({
    ...config,
    agents: [lookup],
    script: [user("which plan am I on?"), agent(), succeed()],
  });
  return { result, seen: lookup.seen };
}

describe("a simulated tool in a scenario file", () => {
  it("is answered by the run's default model, following output_schema and instructions", async () => {
    const config = await compile(
      fileWith(
        "        output_schema: { type: object, properties: { plan: { enum: [free, pro] } }, required: [plan] }\n        instructions: Customers on pro pay yearly.\n",
      ),
    );
    const model = scriptedModel(['{"plan":"pro"}']);
    const { result, seen } = await runFile(config, model);
    expect(result.status).toBe("pass");
    expect(seen).toEqual([{ plan: "pro" }]);
    expect(JSON.stringify(model.doGenerateCalls[0]?.prompt)).toContain("Customers on pro pay yearly.");
  });

  it("without a model, skips the run naming the file and key to add it under", async () => {
    const config = await compile(fileWith("        stateful: true\n"));
    const { result } = await runFile(config);
    expect(result.status).toBe("skipped");
    expect(result.reasoning).toContain("add `model:` under `environment.tools.crm_lookup.simulate` in crm.yaml");
  });

  it("reports bad settings at their line", async () => {
    expect(await problems(fileWith("        stateful: yes please\n"))).toEqual([
      'crm.yaml:12:9: environment.tools.crm_lookup.simulate.stateful: must be true or false, got "yes please"',
    ]);
    expect(await problems(fileWith("        modle: openai:gpt-4.1-mini\n"))).toEqual([
      expect.stringMatching(
        /^crm\.yaml:12:9: environment\.tools\.crm_lookup\.simulate\.modle: unknown key "modle" \(did you mean "model"\?\)/,
      ),
    ]);
    expect(await problems(fileWith("        output_schema: { type: strnig }\n"))).toEqual([
      expect.stringMatching(
        /^crm\.yaml:12:\d+: environment\.tools\.crm_lookup\.simulate\.output_schema: is not a valid JSON Schema/,
      ),
    ]);
  });

  it("needs a description and parameters, and no handler or response beside it", async () => {
    expect(await problems(fileWith("        stateful: true\n", ""))).toEqual([
      expect.stringContaining("a simulated tool needs `description`"),
      expect.stringContaining("a simulated tool needs `parameters`"),
    ]);
    const both = fileWith(
      "        stateful: true\n",
      "      description: d\n      parameters: { type: object }\n      response: { result: 1 }\n",
    );
    expect(await problems(both)).toEqual([
      expect.stringContaining("a tool needs exactly one of handler and response (or `simulate:`"),
    ]);
  });
});
