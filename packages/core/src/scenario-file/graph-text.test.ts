import { describe, expect, it } from "vitest";
import { checkGraphText } from "./graph-text.js";

const good = `name: support
version: 3
entry: router
nodes:
  router:
    agent: { module: ./agents/router.mjs, export: router }
    contract: { handoffs: [refunds], must_not: ["@"] }
  refunds:
    function: { module: ./nodes.mjs, export: refunds }
  triage:
    model: { system_prompt: Sort it. }
edges:
  - { from: router, to: refunds, tool: true }
  - { from: router, to: triage, when: { contains: sort } }
`;

describe("a graph file's text checked without running it", () => {
  it("gives the outline (kinds, contracts, edges) and the modules it would import, loading none", () => {
    const checked = checkGraphText(good, "graphs/support.graph.yaml");
    expect(checked.modules).toEqual(["agents/router.mjs", "nodes.mjs"]);
    expect(checked.outline).toEqual({
      name: "support",
      version: "3",
      entry: "router",
      nodes: [
        { name: "router", kind: "agent", contract: { handoffs: ["refunds"], mustNot: ["@"] } },
        { name: "refunds", kind: "function" },
        { name: "triage", kind: "model" },
      ],
      edges: [
        { from: "router", to: "refunds", kind: "tool", tool: "handoff_to_refunds" },
        { from: "router", to: "triage", kind: "route", when: 'contains "sort"' },
      ],
      limits: { maxHops: 8 },
    });
  });

  it("names a structural problem at its line: an unknown node in an edge, an unreachable node", () => {
    expect(() => checkGraphText(good.replace("to: triage", "to: triag"), "support.graph.yaml")).toThrow(
      /^support\.graph\.yaml:14:21: edges\[1\]\.to: .*"triag" is not a node of the graph \(did you mean "triage"\?\)/,
    );
    expect(() =>
      checkGraphText(good.replace("  - { from: router, to: triage, when: { contains: sort } }\n", ""), "support.graph.yaml"),
    ).toThrow(/^support\.graph\.yaml:10:\d+: nodes\.triage: .*(unreachable|reach)/);
  });

  it("a schema error names the file, line and field", () => {
    expect(() => checkGraphText("name: x\nentry: a\nnodes:\n  a: { function: 3 }\n", "x.graph.yaml")).toThrow(
      /^x\.graph\.yaml:4:\d+: nodes\.a/,
    );
  });
});
