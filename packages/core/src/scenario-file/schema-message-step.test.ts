import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadScenarioFiles } from "./load-scenario-files.js";

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-message-step-"));
  writeFileSync(join(directory, "agent.mjs"), `export default { role: "Agent", call: async () => "ok" };\n`);
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

const file = (...steps: string[]) => {
  const text = [
    "name: Replay",
    "description: A replayed conversation.",
    "agent: { module: ./agent.mjs }",
    "script:",
    ...steps,
  ].join("\n");
  writeFileSync(join(directory, "replay.yaml"), `${text}\n`);
  return loadScenarioFiles(["replay.yaml"], { cwd: directory });
};

describe("a { type: message } step", () => {
  it("rejects a tool message without its call id and tool calls on a user message, at their lines", async () => {
    const loading = file(
      "  - { type: message, role: tool, tool_name: get_order, content: '{}' }",
      "  - { type: message, role: user, content: hi, tool_calls: [{ id: c1, name: get_order }] }",
    );
    await expect(loading).rejects.toThrow(/replay\.yaml:5:\d+: script\[0\]\.tool_call_id: missing/);
    await expect(loading).rejects.toThrow(
      /replay\.yaml:6:\d+: script\[1\]\.tool_calls: only an assistant message carries tool_calls/,
    );
  });

  it("loads tool calls and results as steps of the script", async () => {
    const [loaded] = await file(
      "  - { type: user, content: Where is A100? }",
      "  - { type: message, role: assistant, tool_calls: [{ id: c1, name: get_order, arguments: { order_id: A100 } }] }",
      "  - { type: message, role: tool, tool_call_id: c1, tool_name: get_order, content: shipped }",
      "  - { type: agent }",
    );
    expect((loaded as { config: { script: unknown[] } }).config.script).toHaveLength(4);
  });
});
