import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const recorder = fileURLToPath(new URL("./fixtures/record-loads.mjs", import.meta.url));

function node(args: string[], code: string): string {
  return execFileSync(process.execPath, [...args, "--input-type=module", "-e", code], { cwd: packageRoot, encoding: "utf8" });
}

describe("the published package", () => {
  it("loads with require() (ESM without top-level await, Node >= 20.19)", () => {
    const output = execFileSync(
      process.execPath,
      ["-e", "const r = require('@rehearse/core'); console.log(typeof r.run, typeof r.default.run, r.AgentRole.AGENT)"],
      { cwd: packageRoot, encoding: "utf8" },
    );
    expect(output.trim()).toBe("function function Agent");
  });

  it("does not load ai, zod or ajv when imported", () => {
    const output = node(["--import", recorder], "await import('@rehearse/core');");
    const loaded: string[] = JSON.parse(output.split("LOADED ")[1] ?? "[]");
    expect(loaded.some((url) => url.includes("/core/dist/index.js"))).toBe(true);
    expect(loaded.filter((url) => /\/node_modules\/(ai|zod|ajv|ajv-formats)\//.test(url))).toEqual([]);
  });

  it("the recorder does see ajv once a tool schema is compiled (positive control)", () => {
    // loading a scenario file checks its tools' `parameters` schemas with Ajv (through the public entry)
    const output = node(
      ["--import", recorder],
      "const { loadScenarioFiles } = await import('@rehearse/core'); await loadScenarioFiles(['test/fixtures/scenario-files/valid.yaml']);",
    );
    const loaded: string[] = JSON.parse(output.split("LOADED ")[1] ?? "[]");
    expect(loaded.some((url) => url.includes("/node_modules/ajv/"))).toBe(true);
  });

  it("the recorder does see ai when something imports it (positive control)", () => {
    const output = node(["--import", recorder], "await import('@rehearse/core/testing');");
    const loaded: string[] = JSON.parse(output.split("LOADED ")[1] ?? "[]");
    expect(loaded.some((url) => url.includes("/node_modules/ai/"))).toBe(true);
  });

  it("rehearse/events validates a run's wire events", () => {
    const output = node(
      [],
      `import scenario from "@rehearse/core";
       import { scenarioEventSchema, toWireEvent } from "@rehearse/core/events";
       const events = [];
       await scenario.run({ name: "w", description: "d", agents: [{ role: "Agent", call: async () => "hi" }],
         script: [scenario.user("hello"), scenario.agent(), scenario.succeed()] },
         { onEvent: (event) => event.type.startsWith("SCENARIO_") && events.push(event) });
       const parsed = events.map((event) => scenarioEventSchema.parse(JSON.parse(JSON.stringify(toWireEvent(event)))));
       console.log(parsed.map((event) => event.type).join(","));`,
    );
    expect(output.trim()).toBe("SCENARIO_RUN_STARTED,SCENARIO_MESSAGE_SNAPSHOT,SCENARIO_MESSAGE_SNAPSHOT,SCENARIO_RUN_FINISHED");
  });

  it("exposes the subpath entries", () => {
    const output = node(
      [],
      "const t = await import('@rehearse/core/testing'); console.log(typeof t.scriptedModel, typeof t.echoAgent);",
    );
    expect(output.trim()).toBe("function function");
  });
});

describe("batches", () => {
  it("leave nothing reachable once they return", () => {
    const script = fileURLToPath(new URL("./fixtures/batch-reachability.mjs", import.meta.url));
    const output = execFileSync(process.execPath, ["--expose-gc", script], { cwd: packageRoot, encoding: "utf8" });
    expect(JSON.parse(output)).toEqual({ total: 200, collected: 200 });
  });
});
