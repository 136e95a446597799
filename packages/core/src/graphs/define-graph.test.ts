import { describe, expect, it } from "vitest";
import { AgentRole } from "../domain/roles.js";
import { defineGraph } from "./define-graph.js";
import { GraphDefinitionError } from "./graph-error.js";

const answer = { run: () => "ok" };
const agentNode = { agent: { role: AgentRole.AGENT, call: async () => "ok" } };

function problemsOf(build: () => unknown): string[] {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(GraphDefinitionError);
    return (error as GraphDefinitionError).problems.map(({ path, problem }) => `${path.join(".")}: ${problem}`);
  }
  throw new Error("defineGraph accepted the graph");
}

describe("defineGraph", () => {
  it("accepts a well-formed graph and names handoff tools", () => {
    const graph = defineGraph({
      name: "support",
      entry: "router",
      nodes: { router: agentNode, refunds: answer },
      edges: [{ from: "router", to: "refunds", tool: true }],
    });
    expect(graph.edges[0]?.toolName).toBe("handoff_to_refunds");
    expect(graph.maxHops).toBe(8);
  });

  it("names every problem at its path: unknown nodes (with a suggestion), the entry, unreachable nodes", () => {
    expect(
      problemsOf(() =>
        defineGraph({
          name: "support",
          entry: "routr",
          nodes: { router: agentNode, refunds: answer, orphan: answer },
          edges: [{ from: "router", to: "refund" }],
        }),
      ),
    ).toEqual([
      'entry: the entry "routr" is not a node of the graph (did you mean "router"?); nodes: router, refunds, orphan',
      'edges.0.to: to: "refund" is not a node of the graph (did you mean "refunds"?); nodes: router, refunds, orphan',
    ]);
    expect(problemsOf(() => defineGraph({ name: "g", entry: "a", nodes: { a: answer, b: answer }, edges: [] }))).toEqual([
      "nodes.b: unreachable: no edges lead to it from the entry a",
    ]);
  });

  it("a cycle needs an explicit maxHops; a node is an agent or a function; handoff tools are unique", () => {
    expect(
      problemsOf(() =>
        defineGraph({
          name: "g",
          entry: "a",
          nodes: { a: answer, b: answer },
          edges: [
            { from: "a", to: "b" },
            { from: "b", to: "a" },
          ],
        }),
      ),
    ).toEqual(["limits.maxHops: the graph has a cycle (a → b → a): bound it with limits.maxHops"]);
    expect(
      problemsOf(() =>
        defineGraph({
          name: "g",
          entry: "a",
          nodes: { a: agentNode, b: { ...answer, ...agentNode }, c: answer },
          edges: [
            { from: "a", to: "b", tool: "go" },
            { from: "a", to: "c", tool: "go" },
            { from: "c", to: "a", tool: true },
          ],
          limits: { maxHops: 4 },
        }),
      ),
    ).toEqual([
      "nodes.b: a node is an agent ({ agent }) or a function ({ run }), exactly one",
      "edges.2.tool: c is a function node: it hands off by returning { handoff }, not by a tool",
      "edges.1.tool: a already has a handoff tool named go (edges.0)",
    ]);
  });
});
