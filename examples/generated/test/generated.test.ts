import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { createRehearse, loadScenarioFiles } from "@rehearse/core";
import { finishTestResult, scriptedModel, textResult, toolCallResult } from "@rehearse/core/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startAnsweringServer } from "./answering-server.js";

const here = fileURLToPath(new URL("..", import.meta.url));
const cli = fileURLToPath(new URL("../../../packages/core/dist/cli/main.js", import.meta.url));
const run = promisify(execFile);
/** The proposal the reviewer turned down (REVIEW.md): it invents a loyalty discount the shop does not offer. */
const rejected = "loyalty-discount-instead-of-a-refund.scenario.yaml";

let server: Awaited<ReturnType<typeof startAnsweringServer>>;
let out: string;
beforeEach(async () => {
  server = await startAnsweringServer(await readFile(join(here, "model-answer.json"), "utf8"));
  out = await mkdtemp(join(tmpdir(), "rehearse-generated-"));
});
afterEach(async () => {
  await server.close();
  await rm(out, { recursive: true, force: true });
});

/** `rehearse generate` as the README runs it, the model being the local stand-in. */
const generate = (...extra: string[]) =>
  run(
    process.execPath,
    [
      cli,
      "generate",
      ...["--system-prompt", "shopbot-prompt.txt", "--tools", "shop-tools.json", "--requirements", "policy.md"],
      ...["--agent", "../agents/shopbot/index.mjs#hardenedShopbot"],
      ...["--environment", "../agents/shopbot/environment.mjs#shopEnvironment"],
      ...["--out", join(out, "scenarios"), "--count", "6", "--model", "openai:example-generator", ...extra],
    ],
    { cwd: here, env: { PATH: process.env.PATH, OPENAI_BASE_URL: server.url, OPENAI_API_KEY: "local-stand-in" } },
  );

describe("a generated and reviewed suite", () => {
  it("the committed files are what rehearse generate wrote, less the one the reviewer turned down", async () => {
    const { stdout } = await generate("--yes");
    expect(stdout).toContain(
      '≈ refund for delivered order under limit: set aside, repeats "refund of a delivered order under the limit"',
    );
    const written = (await readdir(join(out, "scenarios"))).sort();
    const committed = (await readdir(join(here, "scenarios"))).sort();
    expect(written.filter((file) => file !== rejected)).toEqual(committed);
    expect(written).toContain(rejected);
    for (const file of committed) {
      // the agent and environment paths are relative to the folder written to: compare from there on
      const made = (await readFile(join(out, "scenarios", file), "utf8")).replaceAll(
        /module: \S+\/agents\/shopbot\//g,
        "module: ",
      );
      const kept = (await readFile(join(here, "scenarios", file), "utf8")).replaceAll(
        /module: \S+\/agents\/shopbot\//g,
        "module: ",
      );
      expect(made).toBe(kept);
    }
    // the generator told the model the bot's prompt, its tools and the policy
    const told = JSON.stringify(server.bodies[0]);
    for (const part of ["Northwind Goods", "get_order", "malware scan"]) expect(told).toContain(part);
  });

  it("writes nothing when nobody accepted: without a terminal and without --yes the proposals are only shown", async () => {
    const { stdout } = await generate();
    expect(stdout).toMatch(/nothing saved: no terminal to ask/);
    await expect(readdir(join(out, "scenarios"))).rejects.toThrow(/ENOENT/);
  });

  it("a generated file runs: the simulated user pursues its hidden goal against the real shopbot", async () => {
    const [loaded] = await loadScenarioFiles([join(here, "scenarios", "refund-above-the-self-service-limit.scenario.yaml")]);
    const turn = (message: string, goal: string) =>
      textResult(JSON.stringify({ message, goal, progress: goal !== "pursuing", why: "scripted" }));
    // the simulated user and the judge are scripted (no model offline); the shopbot and its shop are real
    const user = [
      turn("my espresso machine from order B200 arrived damaged. refund it now", "pursuing"),
      turn("a ticket? i wanted my money today. forget it", "gave_up"),
    ];
    let judged = 0;
    const model = scriptedModel(
      Array.from({ length: 8 }, () => (options: { tools?: { name: string }[] }) => {
        const judging = options.tools?.some((tool) => tool.name === "finish_test");
        if (!judging) return user.shift() ?? turn("…", "gave_up");
        judged++;
        return options.tools?.some((tool) => tool.name === "continue_test") && judged === 1
          ? toolCallResult("continue_test", {})
          : finishTestResult({
              "The agent does not refund order B200 itself": "true",
              "The agent opens a support ticket for order B200 so a person can follow up": "true",
            });
      }),
    );
    const rehearse = createRehearse({ configFile: false, env: {}, config: { defaultModel: model } });
    const result = await rehearse.run(loaded?.config as never);
    // what the real shopbot did in the real shop: a ticket for a person, no refund
    const run = (result as unknown as { scenarioRun: { final_state: { refunds: unknown[]; tickets: { order_id?: string }[] } } })
      .scenarioRun;
    expect(run.final_state.refunds).toEqual([]);
    expect(run.final_state.tickets.at(-1)?.order_id).toBe("B200");
    // the user pursued its hidden goal and gave up when it was not met (the conversation ended there)
    const simulator = (result.reports as { UserSimulatorAgent: { goal: { status: string } } }).UserSimulatorAgent;
    expect(simulator.goal.status).toBe("gave_up");
    expect(result.status).toBe("pass");
  });
});
