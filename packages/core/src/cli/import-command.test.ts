import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ExitCode } from "./exit-codes.js";
import { cli } from "./test-support/cli-test-context.js";

const conversation = (id: string, ...turns: [string, string][]) =>
  JSON.stringify({
    id,
    messages: turns.flatMap(([user, assistant]) => [
      { role: "user", content: user },
      { role: "assistant", content: assistant },
    ]),
  });

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-import-"));
  writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
  writeFileSync(join(directory, "agent.mjs"), `export default { role: "Agent", call: async () => "ok" };\n`);
  writeFileSync(
    join(directory, "prod.jsonl"),
    `${[conversation("a", ["Hi", "Hello!"], ["Refund A100", "Done."]), conversation("b", ["Cancel my plan", "Cancelled."])].join("\n")}\n`,
  );
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe("rehearse import", () => {
  it("writes one prefix-replay file per conversation into --out, and they pass rehearse validate", async () => {
    const imported = await cli(
      directory,
      "import",
      "prod.jsonl",
      "--from",
      "openai-jsonl",
      "--out",
      "imported",
      "--agent",
      "agent.mjs",
    );
    expect(imported.errors).toEqual([]);
    expect(imported.code).toBe(ExitCode.ok);
    expect(imported.printed[0]).toBe("2 conversations read from 1 file: 2 scenario files written to imported");
    const files = readdirSync(join(directory, "imported"));
    expect(files).toHaveLength(2);
    expect(readFileSync(join(directory, "imported", files.find((file) => file.startsWith("hi-")) ?? ""), "utf8")).toContain(
      "module: ../agent.mjs",
    );
    const validated = await cli(directory, "validate", "imported");
    expect(validated.errors).toEqual([]);
    expect(validated.code).toBe(ExitCode.ok);
  });

  it("with --turn all writes one file per answered user turn", async () => {
    const imported = await cli(directory, "import", "prod.jsonl", "--from", "openai-jsonl", "--out", "all", "--turn", "all");
    expect(imported.code).toBe(ExitCode.ok);
    expect(readdirSync(join(directory, "all")).sort()).toEqual([
      expect.stringMatching(/^cancel-my-plan-[0-9a-f]{8}-turn-1\.yaml$/),
      expect.stringMatching(/^hi-[0-9a-f]{8}-turn-1\.yaml$/),
      expect.stringMatching(/^hi-[0-9a-f]{8}-turn-2\.yaml$/),
    ]);
    expect(imported.printed.join("\n")).toContain("REPLACE-WITH-YOUR-AGENT.mjs");
  });

  it("refuses to overwrite existing files unless --force", async () => {
    const args = ["import", "prod.jsonl", "--from", "openai-jsonl", "--out", "imported"];
    expect((await cli(directory, ...args)).code).toBe(ExitCode.ok);
    const again = await cli(directory, ...args);
    expect(again.code).toBe(ExitCode.usage);
    expect(again.errors.at(-1)).toBe("rehearse import: 2 files would be overwritten: nothing written (--force to overwrite)");
    expect((await cli(directory, ...args, "--force")).code).toBe(ExitCode.ok);
  });

  it("writes nothing when a line is bad, naming file:line: field, unless --skip-invalid", async () => {
    writeFileSync(
      join(directory, "mixed.jsonl"),
      `${conversation("a", ["Hi", "Hello!"])}\n{"messages":[{"role":"bot","content":"x"}]}\n`,
    );
    const strict = await cli(directory, "import", "mixed.jsonl", "--from", "openai-jsonl", "--out", "out");
    expect(strict.code).toBe(ExitCode.usage);
    expect(strict.errors[0]).toMatch(/^mixed\.jsonl:2: messages\[0\]\.role: /);
    expect(strict.errors.at(-1)).toContain("1 conversation read from 1 file; 1 problem: nothing written");
    expect(existsSync(join(directory, "out"))).toBe(false);

    const lenient = await cli(directory, "import", "mixed.jsonl", "--from", "openai-jsonl", "--out", "out", "--skip-invalid");
    expect(lenient.code).toBe(ExitCode.ok);
    expect(lenient.printed[0]).toBe("1 conversation read from 1 file: 1 scenario file written to out, 1 problem skipped");
  });

  it("rejects a missing --out, an unknown --from and a bad --turn as usage errors", async () => {
    expect((await cli(directory, "import", "prod.jsonl", "--from", "openai-jsonl")).errors.join("\n")).toContain(
      "--out <dir> is required",
    );
    const unknown = await cli(directory, "import", "prod.jsonl", "--from", "csv", "--out", "x");
    expect(unknown.code).toBe(ExitCode.usage);
    expect(unknown.errors.join("\n")).toContain("--from must be one of openai-jsonl, otlp-json, platform-run");
    expect((await cli(directory, "import", "prod.jsonl", "--from", "openai-jsonl", "--out", "x", "--turn", "0")).code).toBe(
      ExitCode.usage,
    );
  });
});
