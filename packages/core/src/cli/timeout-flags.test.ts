import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cli } from "./test-support/cli-test-context.js";

// In process: an agent that answers after 1 s of its own, so only the limit given on the command line ends it earlier.
let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-timeout-flags-"));
  writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
  writeFileSync(
    join(directory, "agents.mjs"),
    'export const slow = { name: "SlowAgent", role: "Agent", call: () => new Promise((resolve) => setTimeout(() => resolve("yes"), 1000)) };\n',
  );
  writeFileSync(
    join(directory, "slow.yaml"),
    [
      "name: slow",
      "description: d",
      "agent: { module: ./agents.mjs, export: slow }",
      "script:",
      "  - { type: user_message, message: Will you? }",
      "",
    ].join("\n"),
  );
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe("rehearse run --scenario-timeout", () => {
  it("ends a run at the scenario limit given in seconds, naming it", async () => {
    const { code, printed } = await cli(directory, "run", "slow.yaml", "--timeout", "0", "--scenario-timeout", "0.2");
    expect(printed.join("\n")).toMatch(/ERROR {2}slow {2}— .*scenario "slow".*200 ms/i);
    expect(code).toBe(1);
  });
});
