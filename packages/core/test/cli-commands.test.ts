import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { rehearseIn, tempProject } from "../src/cli/test-support/bin.js";

// Black-box: `list`, `validate`, `schema` and `init` through the built bin (`npm run build` first).
let project: ReturnType<typeof tempProject>;
let directory: string;
beforeEach(() => {
  project = tempProject("rehearse-cli-commands-");
  directory = project.directory;
});
afterEach(() => {
  project.remove();
});

const rehearse = (...args: string[]) => rehearseIn(directory, args);
const write = (path: string, text: string) => {
  mkdirSync(join(directory, path, ".."), { recursive: true });
  writeFileSync(join(directory, path), text);
};
/** A scenario file whose agent is `agent.mjs` at the project root (the path is relative to the scenario file). */
const yaml = (name: string, extra = "", up = "..") =>
  `name: ${name}\ndescription: d\nagent: { module: ${up}/agent.mjs }\nscript: [{ type: user_message, message: hi }]\n${extra}\n`;

function writeSuite(): void {
  write("agent.mjs", `export default { role: "Agent", call: async () => "hello" };`);
  write(
    "scenarios/refund.yaml",
    yaml("Refund attack", "scenario_type: adversarial\ndifficulty: hard\ntags: [pii, refunds]\nexpect: fail"),
  );
  write("scenarios/nested/greeting.yml", yaml("Greeting", "scenario_type: business", "../.."));
  write(
    "scenarios/probe.scenario.mjs",
    `export default { name: "PII probe", description: "d", id: "pii-probe", agents: [], tags: ["pii"] };`,
  );
}

describe("rehearse list", () => {
  it("prints a table of the scenarios run would run, with the same filters, or JSON", () => {
    writeSuite();
    const table = rehearse("list", "scenarios");
    expect(table.status).toBe(0);
    expect(table.stdout.split("\n")).toEqual([
      "name           type         difficulty  tags         expect  file",
      expect.stringMatching(/^─+( {2}─+){5}$/),
      `Greeting       business     -           -            pass    ${join("scenarios", "nested", "greeting.yml")}`,
      `PII probe      -            -           pii          pass    ${join("scenarios", "probe.scenario.mjs")}`,
      `Refund attack  adversarial  hard        pii,refunds  fail    ${join("scenarios", "refund.yaml")}`,
      "3 scenarios",
      "",
    ]);
    const json = rehearse("list", "scenarios", "--tag", "pii", "--json");
    expect(JSON.parse(json.stdout)).toEqual([
      {
        name: "PII probe",
        id: "pii-probe",
        type: null,
        difficulty: null,
        tags: ["pii"],
        expect: "pass",
        file: join("scenarios", "probe.scenario.mjs"),
      },
      {
        name: "Refund attack",
        id: "refund-attack",
        type: "adversarial",
        difficulty: "hard",
        tags: ["pii", "refunds"],
        expect: "fail",
        file: join("scenarios", "refund.yaml"),
      },
    ]);
    const none = rehearse("list", "scenarios", "--suite", "stress");
    expect(none.status).toBe(3);
    expect(none.stderr).toBe("rehearse list: no scenario matches the filter (stress) among 3 scenarios\n");
  });
});

describe("rehearse validate", () => {
  it("says every file is valid, or lists each problem as file:line:column and exits 2", () => {
    writeSuite();
    const valid = rehearse("validate", "scenarios");
    expect(valid.stdout).toBe("✓ 3 scenario files valid\n");
    expect(valid.status).toBe(0);

    write("scenarios/broken.yaml", yaml("Broken").replace("description: d", "descripton: d"));
    const invalid = rehearse("validate", "scenarios");
    expect(invalid.status).toBe(2);
    expect(invalid.stdout).toBe("");
    const lines = invalid.stderr.trim().split("\n");
    expect(lines).toContain(
      `${join("scenarios", "broken.yaml")}:2:1: descripton: unknown key "descripton" (did you mean "description"?)`,
    );
    expect(lines.at(-1)).toBe("2 problems in 1 file");
    expect(invalid.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("rehearse schema", () => {
  it("prints the JSON Schema of scenario files, or writes it with --output", () => {
    const printed = rehearse("schema");
    expect(printed.status).toBe(0);
    const schema = JSON.parse(printed.stdout);
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.properties).toHaveProperty("expected_outcomes");
    const written = rehearse("schema", "--output", "schemas/rehearse.schema.json");
    expect(written.stdout).toBe(`wrote ${join("schemas", "rehearse.schema.json")}\n`);
    expect(JSON.parse(readFileSync(join(directory, "schemas", "rehearse.schema.json"), "utf8"))).toEqual(schema);
  });
});

describe("rehearse init", () => {
  const files = [
    "scenarios/example.scenario.yaml",
    "agents/echo-agent.mjs",
    "tests/example.test.ts",
    "rehearse.config.mjs",
    ".github/workflows/rehearse.yml",
  ];
  const projectFiles = ["package.json", "tsconfig.json", "vitest.config.ts", ".gitignore"];

  it("scaffolds a project whose example passes, and refuses to overwrite files unless --force", () => {
    const created = rehearse("init", "app");
    expect(created.status).toBe(0);
    for (const file of [...files, ...projectFiles]) {
      expect(existsSync(join(directory, "app", file)), file).toBe(true);
      expect(created.stdout).toContain(`created ${join("app", file)}`);
    }
    expect(JSON.parse(readFileSync(join(directory, "app", "package.json"), "utf8")).devDependencies).toHaveProperty(
      "@rehearse/core",
    );
    expect(readFileSync(join(directory, "app", ".github/workflows/rehearse.yml"), "utf8")).toContain(
      "npx rehearse run scenarios --reporter junit=reports/junit.xml --reporter html=reports/report.html",
    );
    // the scaffold runs as is, its config file found and loaded
    writeFileSync(join(directory, "app", "package.json"), `{ "type": "module" }`);
    writeFileSync(join(directory, "app", "rehearse.config.mjs"), "export default { maxTurns: 0 };");
    expect(rehearseIn(join(directory, "app"), ["run", "scenarios"]).stderr).toContain("maxTurns");
    const forced = rehearseIn(join(directory, "app"), ["init", ".", "--force"]);
    expect(forced.status).toBe(0);
    // --force overwrites the examples, never the project's own package.json: it says what to install instead
    expect(forced.stdout).toContain("kept package.json (exists)");
    expect(forced.stdout).toMatch(/Next:\n {2}npm install --save-dev @rehearse\/core@\^\d/);
    expect(readFileSync(join(directory, "app", "package.json"), "utf8")).toBe(`{ "type": "module" }`);
    const ran = rehearseIn(join(directory, "app"), ["run", "scenarios"]);
    expect(ran.stdout).toBe(
      "PASS   Echo agent takes a note  — All 4 declarative checks passed\n1 passed, 0 failed, 0 errors, 0 skipped\n",
    );
    expect(ran.status).toBe(0);

    writeFileSync(join(directory, "app", "agents", "echo-agent.mjs"), "// mine");
    const refused = rehearse("init", "app");
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toContain(`exists: ${join("app", "agents", "echo-agent.mjs")}\n`);
    expect(refused.stderr).toContain("rehearse init: 5 files already exist; nothing was written (--force overwrites them)");
    expect(readFileSync(join(directory, "app", "agents", "echo-agent.mjs"), "utf8")).toBe("// mine");
  });

  it("adds no vitest config beside the project's own and says what to add to it", () => {
    write("vite.config.mjs", "export default {};");
    const created = rehearse("init");
    expect(created.status).toBe(0);
    expect(existsSync(join(directory, "vitest.config.ts"))).toBe(false);
    expect(created.stdout).toContain("kept vite.config.mjs (exists)");
    expect(created.stdout).toContain("vite.config.mjs: wrap your vitest config in withScenario");
    expect(readFileSync(join(directory, "vite.config.mjs"), "utf8")).toBe("export default {};");
  });
});
