import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type FakeProviderServer, startFakeProviderServer } from "../test-support/fake-provider-server.js";
import { generateCommand } from "./generate-command.js";
import { testContext } from "./test-support/cli-test-context.js";

const proposal = (name: string, description: string, criteria: string[]) => ({
  kind: "happy_path",
  name,
  description,
  persona: {
    traits: "a retired teacher, polite, slow typer",
    goal: "a refund",
    knowledge: "has the order number",
    patience: "medium",
  },
  criteria,
});
const answer = JSON.stringify({
  scenarios: [
    proposal("kettle refund", "Your kettle (order 42) arrived broken; ask for your money back.", ["The agent refunds order 42"]),
    proposal("parcel late", "Order 51 was due yesterday; ask where it is.", ["The agent gives the delivery status of order 51"]),
  ],
});

let folder: string;
let server: FakeProviderServer;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), "rehearse-generate-"));
  await writeFile(join(folder, "prompt.txt"), "You are ShopBot. Refund orders under 100 EUR.");
  await writeFile(join(folder, "agent.mjs"), "export default { role: 'Agent', call: async () => 'hi' };");
  await writeFile(
    join(folder, "tools.json"),
    JSON.stringify([
      { type: "function", function: { name: "refund", description: "Refunds an order", parameters: { type: "object" } } },
    ]),
  );
  server = await startFakeProviderServer();
});
afterEach(async () => {
  await server.close();
  await rm(folder, { recursive: true, force: true });
});

const base = { systemPrompt: "prompt.txt", tools: "tools.json", agent: "agent.mjs", out: "scenarios", count: 2 };
const model = () => `openai-compatible:${server.origin}/v1#generator`;

describe("rehearse generate", () => {
  it("asks a real provider (a fake on 127.0.0.1) and, with --yes, writes files that reference the agent", async () => {
    server.enqueue({ text: answer });
    const context = testContext(folder);
    const code = await generateCommand({ ...base, model: model(), yes: true }, context);
    expect(code).toBe(0);
    expect((await readdir(join(folder, "scenarios"))).sort()).toEqual([
      "kettle-refund.scenario.yaml",
      "parcel-late.scenario.yaml",
    ]);
    const file = parse(await readFile(join(folder, "scenarios", "kettle-refund.scenario.yaml"), "utf8"));
    expect(file.agent).toEqual({ module: "../agent.mjs" });
    expect(file.judge.criteria).toEqual(["The agent refunds order 42"]);
    expect(context.printed.at(-1)).toBe("2 proposals, 2 written to scenarios, 0 invalid, 0 near-duplicates");
    // the model was told the agent's prompt and its tools
    expect(JSON.stringify(server.requests[0]?.body)).toContain("Refund orders under 100 EUR");
    expect(JSON.stringify(server.requests[0]?.body)).toContain("refund");
  });

  it("writes nothing until a person accepts: without a terminal it only shows the proposals", async () => {
    server.enqueue({ text: answer });
    const context = testContext(folder);
    expect(await generateCommand({ ...base, model: model() }, context)).toBe(0);
    await expect(readdir(join(folder, "scenarios"))).rejects.toThrow(/ENOENT/);
    expect(context.printed).toContain("  ✓ The agent refunds order 42");
    expect(context.printed.at(-1)).toMatch(/^nothing saved: no terminal to ask/);
  });

  it("asks about each proposal at a terminal and writes only the accepted ones, never replacing a file", async () => {
    server.enqueue({ text: answer }, { text: answer });
    const answers = ["n", "y"];
    const asked: string[] = [];
    const ask = async (question: string) => {
      asked.push(question);
      return answers.shift() ?? "q";
    };
    const context = testContext(folder, { ask });
    expect(await generateCommand({ ...base, model: model() }, context)).toBe(0);
    expect(asked).toHaveLength(2);
    expect(await readdir(join(folder, "scenarios"))).toEqual(["parcel-late.scenario.yaml"]);

    // a second generation proposing the same scenarios: they repeat the saved one, and nothing is replaced
    await writeFile(join(folder, "scenarios", "kettle-refund.scenario.yaml"), "name: mine\n");
    const again = testContext(folder);
    expect(await generateCommand({ ...base, model: model(), yes: true }, again)).toBe(0);
    expect(again.printed).toContain('≈ parcel late: set aside, repeats "parcel late" (similarity 1)');
    expect(again.errors.join("\n")).toMatch(/kettle-refund\.scenario\.yaml exists: not replaced/);
    expect(await readFile(join(folder, "scenarios", "kettle-refund.scenario.yaml"), "utf8")).toBe("name: mine\n");
  });

  it("says which setting to add when there is no model, and exits 1 when the model's answer is unusable", async () => {
    await expect(generateCommand(base, testContext(folder))).rejects.toThrow(/no model to propose scenarios: pass --model/);
    server.enqueue({ text: "no idea" }, { text: "still no idea" });
    const context = testContext(folder);
    expect(await generateCommand({ ...base, model: model() }, context)).toBe(1);
    expect(context.errors.join("\n")).toMatch(/did not answer with the scenarios' JSON after 2 tries/);
  });

  it("branches from a failed run of a JSON report", async () => {
    const report = {
      entries: [
        {
          scenario: { name: "big refund", description: "Ask for 450 EUR back." },
          result: {
            status: "fail",
            messages: [
              { role: "user", content: "refund order 77" },
              { role: "assistant", content: "Refunded 450 EUR." },
            ],
            unmetCriteria: ["The agent hands refunds over 100 EUR to a person"],
            reasoning: "It refunded it itself.",
          },
        },
      ],
    };
    await mkdir(join(folder, "runs"));
    await writeFile(join(folder, "runs", "report.json"), JSON.stringify(report));
    server.enqueue({ text: answer });
    const context = testContext(folder);
    expect(await generateCommand({ ...base, fromRun: "runs/report.json", model: model(), yes: true }, context)).toBe(0);
    expect(JSON.stringify(server.requests[0]?.body)).toContain("Refunded 450 EUR.");
    const file = parse(await readFile(join(folder, "scenarios", "kettle-refund.scenario.yaml"), "utf8"));
    expect(file.metadata.generated.branched_from).toBe("big refund");
    await expect(generateCommand({ ...base, fromRun: "prompt.txt", model: model() }, testContext(folder))).rejects.toThrow(
      /--from-run: prompt\.txt: not JSON/,
    );
  });
});
