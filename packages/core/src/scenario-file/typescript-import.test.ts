import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { RehearseError } from "../domain/errors.js";
import { loadScenarioFiles } from "./load-scenario-files.js";
import { createModuleResolver } from "./module-reference.js";
import { ScenarioFileErrors } from "./scenario-file-errors.js";
import { importTypeScript, type TsxLoader } from "./typescript-import.js";

const fixtures = fileURLToPath(new URL("../../test/fixtures/scenario-files/", import.meta.url));
const agentModule = join(fixtures, "agent.ts");

/** A loader that fails as `import("tsx/esm/api")` does when tsx is not installed. */
const tsxMissing: TsxLoader = async () => {
  throw Object.assign(new Error("Cannot find package 'tsx' imported from /app/node_modules/@rehearse/core/dist"), {
    code: "ERR_MODULE_NOT_FOUND",
  });
};

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

describe("TypeScript modules load through tsx, an optional peer", () => {
  it("loads a .ts module when tsx is installed", async () => {
    const namespace = await importTypeScript(agentModule);
    expect(Object.keys(namespace).length).toBeGreaterThan(0);
  });

  it("without tsx, names the file and the install command", async () => {
    const error = await importTypeScript(agentModule, tsxMissing).catch((caught: unknown) => caught);
    expect(RehearseError.isInstance(error)).toBe(true);
    expect((error as RehearseError).message).toBe(
      `${agentModule} is a TypeScript module, which Rehearse loads through tsx, and tsx is not installed. Install it: npm install -D tsx`,
    );
  });

  it("other failures to load tsx are not reported as a missing tsx", async () => {
    const broken: TsxLoader = async () => {
      throw new Error("tsx exploded");
    };
    await expect(importTypeScript(agentModule, broken)).rejects.toThrow("tsx exploded");
  });

  it("JavaScript modules never need tsx", async () => {
    const modules = createModuleResolver(tsxMissing);
    await expect(modules.load(join(fixtures, "tools.mjs"))).resolves.toBeTypeOf("object");
  });

  it("a scenario file whose agent is a .ts module reports the missing tsx at the module key", async () => {
    const directory = await mkdtemp(join(tmpdir(), "rehearse-tsx-missing-"));
    directories.push(directory);
    await writeFile(join(directory, "s.yaml"), `name: a\ndescription: b\nagent:\n  module: ${agentModule}\n`);
    const error = await loadScenarioFiles(["s.yaml"], { cwd: directory, modules: createModuleResolver(tsxMissing) }).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ScenarioFileErrors);
    const [problem] = (error as ScenarioFileErrors).errors;
    expect(problem?.message).toMatch(/^s\.yaml:4:\d+: agent\.module: .*tsx is not installed\. Install it: npm install -D tsx$/);
  });
});
