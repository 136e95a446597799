import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
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
    expect(loaded.map((entry) => entry.config.name)).toEqual(["one", "two", "three", "four"]);
    expect(loaded.map((entry) => entry.file)).toEqual([one, many, many, named]);
    expect(await loaded[0]?.config.agents[0]?.call({} as never)).toBe("ok");
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
    expect(loaded.map((entry) => entry.config.name)).toEqual(["typed", "module"]);
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

  it("validates every YAML/JSON file before importing any module, and keeps the given order", async () => {
    writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
    file("agent.mjs", `export default { role: "Agent", call: async () => "ok" };`);
    const yaml = (name: string) =>
      `name: ${name}\ndescription: d\nagent: { module: ./agent.mjs }\nscript: [{ type: user_message, message: hi }]\n`;
    file("a.yaml", yaml("from yaml"));
    file("b.json", JSON.stringify({ name: "from json", description: "d", agent: { module: "./agent.mjs" } }));
    const module = file(
      "side.mjs",
      `import { writeFileSync } from "node:fs";\nwriteFileSync(new URL("./imported", import.meta.url), "");\nexport default { name: "from module", description: "d", agents: ${agents} };`,
    );
    const loaded = await loadScenarios(["a.yaml", module, "b.json"], directory);
    expect(loaded.map((entry) => [entry.file, entry.config.name])).toEqual([
      ["a.yaml", "from yaml"],
      ["side.mjs", "from module"],
      ["b.json", "from json"],
    ]);

    rmSync(join(directory, "imported"));
    file("bad.yaml", yaml("bad").replace("description: d", "descripton: d"));
    const error = await loadScenarios(["a.yaml", module, "bad.yaml"], directory).catch((caught: unknown) => caught);
    expect(RehearseError.isInstance(error) && error.code).toBe("invalid_scenario");
    expect((error as Error).message).toMatch(/^bad\.yaml:2:1: descripton: .*did you mean "description"/m);
    expect(existsSync(join(directory, "imported"))).toBe(false);
  });
});
