/**
 * The example files `rehearse init` writes, by path relative to the project
 * (existing ones only with `--force`; the project files beside them are in
 * init-project-files.ts). They run as is, with no model and no network: a
 * declarative scenario, a small module agent that uses the scenario's tool,
 * a vitest test of the same agent written in TypeScript, a config file and a
 * CI workflow.
 */
export const initTemplates: Readonly<Record<string, string>> = {
  "scenarios/example.scenario.yaml": `# An example scenario. Run it with: npx rehearse run scenarios
# For editor completion: npx rehearse schema --output rehearse.schema.json, then make this the first line:
# yaml-language-server: $schema=../rehearse.schema.json
name: Echo agent takes a note
description: A customer says hello; the agent answers and saves a note of what was said.
scenario_type: business
tags: [example]

# The agent under test: point this at your own agent (a module exporting an agent or a factory),
# or keep it and swap agents from the command line: npx rehearse run scenarios --agent ./my-agent.ts
agent: { module: ../agents/echo-agent.mjs, export: echoAgent }

# The world the agent acts in: a state document and tools that change it.
environment:
  state: { notes: [] }
  tools:
    save_note:
      description: Saves a note about the conversation
      parameters: { type: object, properties: { text: { type: string } }, required: [text] }
      response: { append: { notes: "{{input.text}}" }, result: { saved: true } }

script:
  - { type: user_message, message: "Hello, I need help with my order" }
  - { type: agent_action, action: save_note, params: { text: "Hello, I need help with my order" } }
  - { type: assertion, path: last_response, operator: contains, value: "help with my order" }

expected_outcomes:
  required_events: [action_request]
  state: [{ path: notes, operator: equals, value: ["Hello, I need help with my order"] }]
`,
  "agents/echo-agent.mjs": `// The agent under test of the example scenario: it saves a note of the
// customer's last message with the scenario's save_note tool, then answers.
// Replace it with your own agent: any object with a role and a call(input).

/** @type {import("@rehearse/core").Agent} */
export const echoAgent = {
  role: "Agent",
  async call(input) {
    const last = input.messages.findLast((message) => message.role === "user");
    const text = typeof last?.content === "string" ? last.content : "";
    await input.tools?.save_note?.execute({ text }, { toolCallId: \`note-\${input.messages.length}\` });
    return \`You said: "\${text}". I saved a note; how can I help with that?\`;
  },
};
`,
  "tests/example.test.ts": `// The same agent tested from TypeScript with vitest (npx vitest run): a scripted user turn,
// the agent's turn, and a judge step whose criterion is a deterministic check, so no model is needed.
// With a model configured (rehearse.config.mjs), add userSimulatorAgent() and judgeAgent({ criteria }).
import scenario, { responseContains } from "@rehearse/core";
import { describe, expect, it } from "vitest";
import { echoAgent } from "../agents/echo-agent.mjs";

describe("echo agent", () => {
  it("answers with what the customer said", async () => {
    const result = await scenario.run({
      name: "Echo agent answers",
      description: "A customer says hello; the agent answers with what was said.",
      agents: [echoAgent],
      script: [
        scenario.user("Hello, I need help with my order"),
        scenario.agent(),
        scenario.judge({ criteria: [responseContains("help with my order")] }),
      ],
    });
    expect(result).toPass();
  });
});
`,
  "rehearse.config.mjs": `// Rehearse's project config, found from the working directory up to the project root.
// Every key is optional; REHEARSE_* variables and command-line flags override them.

/** @type {import("@rehearse/core").RehearseConfig} */
export default {
  maxTurns: 10,
  concurrency: 4,
  // defaultModel: "openai:gpt-4.1-mini", // simulated users, judges and attackers (needs OPENAI_API_KEY)
  // cassette: { mode: "auto" },           // record model calls once, then replay them
};
`,
  ".github/workflows/rehearse.yml": `# Type-checks, runs the vitest scenario tests and the scenario files on every push and pull
# request; the scenario reports are kept as an artifact.
name: rehearse
on: [push, pull_request]

jobs:
  scenarios:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm ci
      - run: npx tsc
      - run: npx vitest run
      - run: npx rehearse run scenarios --reporter junit=reports/junit.xml --reporter html=reports/report.html
        # env:
        #   OPENAI_API_KEY: \${{ secrets.OPENAI_API_KEY }}
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: rehearse-reports
          path: reports/
`,
};
