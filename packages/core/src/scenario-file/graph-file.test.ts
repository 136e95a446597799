import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { GraphAgent } from "../graphs/graph-agent.js";
import { agent, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { loadGraphFile } from "./graph-file.js";
import { graphFileJsonSchema } from "./graph-file-schema.js";
import { loadScenarioFiles } from "./load-scenario-files.js";

const NODES = `
export const router = { role: "Agent", call: async () => "Which order?" };
export function lookUp({ payload }) { return { reply: "order " + payload + " shipped" }; }
export const notAFunction = 42;
`;

const GOOD = `name: support
version: 2
entry: router
nodes:
  router:
    agent: { module: ./nodes.mjs, export: router }
    contract: { handoffs: [orders], must_not: [card number], latency_ms: 2000 }
  orders:
    description: order status
    function: { module: ./nodes.mjs, export: lookUp }
edges:
  - { from: router, to: orders, when: { contains: order } }
`;

let directory: string | undefined;
afterEach(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
  directory = undefined;
});

async function graphFile(yaml: string): Promise<string> {
  directory ??= await mkdtemp(join(tmpdir(), "rehearse-graphs-"));
  await writeFile(join(directory, "nodes.mjs"), NODES);
  await writeFile(join(directory, "support.graph.yaml"), yaml);
  return "support.graph.yaml";
}

async function problems(yaml: string): Promise<string> {
  const file = await graphFile(yaml);
  return loadGraphFile(file, { cwd: directory }).then(
    () => "loaded",
    (error: Error) => error.message,
  );
}

describe("graph files", () => {
  it("load into a graph: agents and functions from modules, contracts in camelCase, routes", async () => {
    const file = await graphFile(GOOD);
    const graph = await loadGraphFile(file, { cwd: directory });
    expect([graph.name, graph.version, graph.entry, graph.maxHops]).toEqual(["support", "2", "router", 8]);
    expect(graph.nodes.router?.contract).toEqual({ handoffs: ["orders"], mustNot: ["card number"], latencyMs: 2000 });
    expect(graph.edges).toEqual([{ from: "router", to: "orders", when: { contains: "order" }, toolName: undefined }]);
    expect(new GraphAgent(graph).name).toBe("support");
  });

  it("an edge to an unknown node is an error at its line, with a suggestion; nothing loads", async () => {
    const message = await problems(GOOD.replace("to: orders, when", "to: ordrs, when"));
    expect(message).toMatch(
      /support\.graph\.yaml:12:\d+: edges\[0\]\.to: to: "ordrs" is not a node of the graph \(did you mean "orders"\?\)/,
    );
  });

  it("a cycle without a limit, and an unreachable node, are errors naming where", async () => {
    const cycle = `${GOOD}  - { from: orders, to: router }\n`;
    expect(await problems(cycle)).toMatch(
      /limits.*the graph has a cycle \(router → orders → router\): bound it with limits\.maxHops/,
    );
    const orphan = GOOD.replace("edges:\n  - { from: router, to: orders, when: { contains: order } }\n", "edges: []\n");
    expect(await problems(orphan)).toMatch(
      /support\.graph\.yaml:8:\d+: nodes\.orders: unreachable: no edges lead to it from the entry router/,
    );
  });

  it("schema errors name the file, line and field; a bad export names the module", async () => {
    expect(await problems(GOOD.replace("latency_ms: 2000", "latency_ms: -1"))).toMatch(
      /support\.graph\.yaml:7:\d+: nodes\.router\.contract\.latency_ms/,
    );
    expect(await problems(GOOD.replace("export: lookUp", "export: notAFunction"))).toMatch(
      /support\.graph\.yaml:10:\d+: nodes\.orders\.function\.export: \.\/nodes\.mjs: the export is not a function/,
    );
    expect(await problems(GOOD.replace("export: lookUp", "export: lookup"))).toMatch(
      /has no export "lookup" \(did you mean "lookUp"\?\)/,
    );
    expect(await problems(GOOD.replace("entry: router", "entry: router\nextra: 1"))).toMatch(/extra/);
  });

  it("a scenario file targets a graph file; a broken graph file stops it with the graph file's line", async () => {
    const file = await graphFile(GOOD);
    const scenario = (graph: string) => `name: order status by graph
description: A customer asks where order 42 is
agent: { graph: ./${graph} }
script:
  - { type: user, content: where is my order 42 }
  - { type: agent }
  - { type: succeed }
`;
    await writeFile(join(directory as string, "status.yaml"), scenario(file));
    const [loaded] = await loadScenarioFiles(["status.yaml"], { cwd: directory as string });
    const result = await isolated().run(loaded?.config as never);
    expect(result.status).toBe("pass");
    const report = result.reports?.support as { hops: { node: string }[] };
    // the router asks "Which order?", which its route on "order" hands to orders
    expect(report.hops.map((hop) => hop.node)).toEqual(["router", "orders"]);
    await writeFile(join(directory as string, "broken.graph.yaml"), GOOD.replace("to: orders, when", "to: ordrs, when"));
    await writeFile(join(directory as string, "broken.yaml"), scenario("broken.graph.yaml"));
    const message = await loadScenarioFiles(["broken.yaml"], { cwd: directory as string }).then(
      () => "loaded",
      (error: Error) => error.message,
    );
    expect(message).toMatch(/broken\.graph\.yaml:12:\d+: edges\[0\]\.to: to: "ordrs" is not a node/);
  });

  it("chaos declared in the graph file runs with the graph; a scenario file's chaos replaces it", async () => {
    const withChaos = `${GOOD}chaos:
  - name: orders down
    node: orders
    fault: error
    message: orders database down
  - { node: router, fault: adversarial, replacement: { function: { module: ./nodes.mjs, export: lookUp } }, trigger: { kind: random, probability: 0 } }
`;
    const file = await graphFile(withChaos);
    const graph = await loadGraphFile(file, { cwd: directory });
    expect(graph.chaos?.map((entry) => [entry.name, entry.node, entry.fault, typeof entry.replacement])).toEqual([
      ["orders down", "orders", "error", "undefined"],
      [undefined, "router", "adversarial", "object"],
    ]);
    const scenario = (chaos: string) => `name: order status under chaos
description: A customer asks where order 42 is
agent: { graph: ./${file}${chaos} }
script:
  - { type: user, content: where is my order 42 }
  - { type: agent }
  - { type: succeed }
`;
    await writeFile(join(directory as string, "chaos.yaml"), scenario(""));
    const [fromGraph] = await loadScenarioFiles(["chaos.yaml"], { cwd: directory as string });
    const failed = await isolated()
      .run(fromGraph?.config as never)
      .then(
        () => undefined,
        (error: Error & { result?: { status: string } }) => [error.result?.status, error.message],
      );
    expect(failed).toEqual(["error", expect.stringMatching(/node orders failed in turn 1: chaos: orders database down/)]);
    await writeFile(join(directory as string, "calm.yaml"), scenario(", chaos: []"));
    const [calm] = await loadScenarioFiles(["calm.yaml"], { cwd: directory as string });
    expect((await isolated().run(calm?.config as never)).status).toBe("pass");
    await writeFile(
      join(directory as string, "wrong.yaml"),
      scenario(", chaos: [{ node: order, fault: error }, { edge: { from: router, to: orders }, fault: slow }]"),
    );
    const message = await loadScenarioFiles(["wrong.yaml"], { cwd: directory as string }).then(
      () => "loaded",
      (error: Error) => error.message,
    );
    expect(message).toMatch(/wrong\.yaml:3:\d+: agent\.chaos\[0\]\.node: "order" is not a node of the graph/);
    expect(message).toMatch(/wrong\.yaml:3:\d+: agent\.chaos\[1\]\.node: slow is a fault at a node: give node/);
  });

  it("a scenario file checks the path: visits, order, handoffs, the answering node, contracts (graded in code)", async () => {
    const file = await graphFile(GOOD);
    const scenario = (checks: string, end = "- { type: judge }") => `name: path checks
description: A customer asks where order 42 is
agent:
  graph: ./${file}
  checks: ${checks}
script:
  - { type: user, content: where is my order 42 }
  - { type: agent }
  ${end}
`;
    const outcome = async (checks: string, end?: string) => {
      await writeFile(join(directory as string, "checks.yaml"), scenario(checks, end));
      const [loaded] = await loadScenarioFiles(["checks.yaml"], { cwd: directory as string });
      return isolated().run(loaded?.config as never);
    };
    const held = await outcome(
      "{ visited_in_order: [router, orders], handed_off: [{ from: router, to: orders }], answered_by: orders, handoffs: { exactly: 1 }, no_loops: true, contracts_held: true }",
    );
    expect([held.status, held.metCriteria.length]).toEqual(["pass", 6]);
    const wrong = await outcome("{ answered_by: router, not_visited: [orders] }");
    expect(wrong.status).toBe("fail");
    expect(wrong.reasoning).toMatch(/the answer came from orders/);
    expect(wrong.reasoning).toMatch(/orders ran in turn 1/);
    const message = await outcome("{ visited: [order] }").then(
      () => "ran",
      (error: Error) => error.message,
    );
    expect(message).toMatch(
      /checks\.yaml:5:\d+: agent\.checks\.visited\[0\]: "order" is not a node of the graph \(did you mean "orders"\?\)/,
    );
  });

  it("a chaos entry naming no node of the graph is an error at its line in the graph file", async () => {
    expect(await problems(`${GOOD}chaos:\n  - { node: refunds, fault: timeout }\n`)).toMatch(
      /support\.graph\.yaml:14:\d+: chaos\[0\]\.node: "refunds" is not a node of the graph/,
    );
  });

  it("a model node is a model with a prompt; without a model its run says which key of the file to set", async () => {
    const yaml = `name: triage
entry: triage
nodes:
  triage:
    model: { system_prompt: Sort the request and answer briefly., temperature: 0 }
`;
    directory ??= await mkdtemp(join(tmpdir(), "rehearse-graphs-"));
    await writeFile(join(directory, "triage.graph.yaml"), yaml);
    const graph = await loadGraphFile("triage.graph.yaml", { cwd: directory });
    const outcome = await isolated()
      .run({
        name: "triage",
        description: "a model node without a model",
        agents: [new GraphAgent(graph), { role: "User", call: async () => "" }],
        script: [user("hello"), agent()],
      })
      .then(
        (result) => JSON.stringify(result),
        (error: Error) => error.message,
      );
    expect(outcome).toMatch(
      /triage is model-backed and has no model: .*add `model:` under `nodes\.triage\.model` in triage\.graph\.yaml/,
    );
  });

  it("has a JSON Schema for editors", () => {
    const schema = graphFileJsonSchema();
    expect(schema.title).toBe("Rehearse graph file");
    expect(Object.keys((schema.properties ?? {}) as object)).toEqual(
      expect.arrayContaining(["name", "entry", "nodes", "edges", "limits"]),
    );
  });
});
