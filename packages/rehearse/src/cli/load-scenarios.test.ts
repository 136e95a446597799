import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { RehearseError } from "../domain/errors.js";
import { loadScenarios } from "./load-scenarios.js";

// Scenario files with plain-object agents, so they import nothing.
const agents = `[{ role: "Agent", call: async () => "ok" }]`;
let directory: string;

beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-load-"));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  writeFileSync(join(directory, name), text);
  return name;
}

async function loadError(name: string): Promise<RehearseError> {
  const error = await loadScenarios([name], directory).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!RehearseError.isInstance(error)) throw new Error(`expected a RehearseError, got ${String(error)}`);
  return error;
}

describe("loadScenarios", () => {
  it("takes a default export (one scenario or an array) and the `scenarios` export, in file order", async () => {
    const one = file("one.mjs", `export default { name: "one", description: "d", agents: ${agents} };`);
    const many = file(
      "many.js",
      `export default [{ name: "two", description: "d", agents: ${agents} }, { name: "three", description: "d", agents: ${agents} }];`,
    );
    const named = file("named.mjs", `export const scenarios = [{ name: "four", description: "d", agents: ${agents} }];`);
    writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
    const loaded = await loadScenarios([one, many, named], directory);
    expect(loaded.map((scenario) => scenario.name)).toEqual(["one", "two", "three", "four"]);
    expect(await loaded[0]?.agents[0]?.call({} as never)).toBe("ok");
  });

  it("loads TypeScript files (.ts as CommonJS or ESM, .mts) through tsx", async () => {
    const typed = file(
      "typed.ts",
      `const name: string = "typed";\nexport default { name, description: "d", agents: ${agents} } satisfies { name: string };`,
    );
    // No package.json with "type": "module" here: tsx compiles typed.ts to CommonJS.
    const module = file(
      "module.mts",
      `export const scenarios = [{ name: "module" as string, description: "d", agents: ${agents} }];`,
    );
    const loaded = await loadScenarios([typed, module], directory);
    expect(loaded.map((scenario) => scenario.name)).toEqual(["typed", "module"]);
  });

  it("names the file and what it exported when that is not a scenario", async () => {
    file("string.mjs", `export default "hello";`);
    file("partial.mjs", `export default [{ name: "ok", description: "d", agents: [] }, { name: "bad" }];`);
    file("nothing.mjs", `export const other = 1;`);
    file("named.mjs", `export const scenarios = { description: "d", agents: [] };`);
    expect((await loadError("string.mjs")).message).toBe(
      "string.mjs: default export must be a scenario or an array of scenarios (got a string)",
    );
    expect((await loadError("partial.mjs")).message).toBe(
      "partial.mjs: default export must be a scenario or an array of scenarios (got an array whose item 1 is an object without a string `description`, an `agents` array (keys: name))",
    );
    expect((await loadError("nothing.mjs")).message).toContain("neither a default export nor a `scenarios` export");
    expect((await loadError("named.mjs")).message).toMatch(/^named\.mjs: export `scenarios` must be .*without a string `name`/);
    expect((await loadError("string.mjs")).code).toBe("invalid_scenario");
  });

  it("reports missing files and files that fail to load", async () => {
    file("broken.mjs", `throw new Error("boom at import");`);
    expect((await loadError("missing.mjs")).message).toBe("missing.mjs: file not found");
    expect((await loadError("broken.mjs")).message).toBe("broken.mjs: could not load the file: boom at import");
  });
});
