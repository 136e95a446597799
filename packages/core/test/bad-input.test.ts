import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// Black-box (`npm run build` first): every file of test/fixtures/bad-input through the built bin,
// from temp copies of the fixtures. expected.json says what each file's first error line reads.
// The spawns run up front, a few at a time (one fixture copy per worker, so the side-effect markers
// of concurrent runs cannot mix); the tests then assert on the recorded outcomes.
const bin = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));
const fixtures = fileURLToPath(new URL("./fixtures/bad-input/", import.meta.url));
/** A valid scenario whose agent module writes support/imported.marker on import and support/ran.marker when called. */
const good = "support/good-side-effect.yaml";
const categories = [
  "syntax",
  "types",
  "unknown-step",
  "unknown-injection",
  "unknown-trigger",
  "unknown-attack-type",
  "ranges",
  "seeds",
  "unknown-agent",
  "unknown-tool",
  "strict-json",
  "duplicate-keys",
  "alias-bombs",
  "empty-binary-oversized",
];

interface Expectation {
  /** `file:line:column: field`, `file:line: field` (any column), or less when a part does not apply. */
  prefix: string;
  /** A fragment of the problem text. */
  problem: string;
  /** "import": found only when the referenced modules are imported (phase 2 of the loader). */
  phase?: "import";
  /** A loader bug: prefix and problem say what it should print; the check is expected to fail until it is fixed. */
  bug?: string;
  /** Not rejected at load time at all; every check is expected to fail until the loader catches it. */
  gap?: string;
  /** Written into the temp copy by this test instead of committed. */
  generate?: "oversized";
}

const { files } = JSON.parse(readFileSync(join(fixtures, "expected.json"), "utf8")) as {
  files: Record<string, Expectation>;
};
const entries = Object.entries(files);
const caught = entries.filter(([, expectation]) => !expectation.gap);

/** Concurrent CLI processes; each worker has its own fixture copy. */
const workers = 4;

/** What one CLI run printed and which side-effect markers it left. */
interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
  left: { imported: boolean; ran: boolean };
}

/** Which side-effect markers a command left in `directory`, removed again so every run starts clean. */
function markers(directory: string) {
  const imported = join(directory, "support/imported.marker");
  const ran = join(directory, "support/ran.marker");
  const left = { imported: existsSync(imported), ran: existsSync(ran) };
  rmSync(imported, { force: true });
  rmSync(ran, { force: true });
  return left;
}

/** Runs the built CLI in `directory` with stdin closed, then reads and clears the markers. */
function rehearse(directory: string, args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, CI: "true" };
    const child = spawn(process.execPath, [bin, ...args], { cwd: directory, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr, left: markers(directory) }));
  });
}

/** Every CLI run of this file, by key: `run <file>`, `validate <batch>`, `validate-gap <file>`. */
const commands = new Map<string, string[]>();
const outcomes = new Map<string, Outcome>();
function outcomeOf(key: string): Outcome {
  const outcome = outcomes.get(key);
  if (!outcome) throw new Error(`no outcome for ${key}`);
  return outcome;
}

let root = "";
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "rehearse-bad-input-"));
  const directories = Array.from({ length: workers }, (_, index) => join(root, `worker-${index}`));
  for (const directory of directories) {
    cpSync(fixtures, directory, { recursive: true });
    // Stops the config-file search in the temp dir.
    writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
    for (const [file, { generate }] of entries) {
      if (generate === "oversized") {
        const header = "name: oversized\nagent: { module: ../support/agent.mjs, export: agent }\ndescription: ";
        writeFileSync(join(directory, file), `${header}${"x".repeat(1024 * 1024)}\n`);
      }
    }
  }
  // Longest first (validate batches load several files), so the workers finish together.
  const queue = [...commands].sort(([, left], [, right]) => right.length - left.length);
  await Promise.all(
    directories.map(async (directory) => {
      for (let job = queue.shift(); job; job = queue.shift()) outcomes.set(job[0], await rehearse(directory, job[1]));
    }),
  );
}, 180_000);
afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const problemCount = /^(\d+) problems? in (\d+) files?$/m;
const fieldLike = /^[A-Za-z_$][\w$]*(?:\.[\w$]+|\[[^\]]*\])*: /;

/** The first stderr line about `file`, from the file name on (a leading `rehearse run: ` is dropped). */
function firstLineAbout(output: string, file: string): string | undefined {
  for (const line of output.split("\n")) {
    const at = line.indexOf(`${file}:`);
    if (at === 0 || (at > 0 && line[at - 1] === " ")) return line.slice(at);
  }
  return undefined;
}

/** Asserts that the first line about `file` starts with exactly the expected prefix and holds the fragment. */
function expectFirstError(output: string, file: string, { prefix, problem }: Expectation) {
  const line = firstLineAbout(output, file);
  expect(line, `no error line for ${file} in:\n${output}`).toBeDefined();
  const [, lineNumber, column, field] = /^(?::(\d+)(?::(\d+))?)?(?:: (.+))?$/.exec(prefix.slice(file.length)) ?? [];
  const where = lineNumber === undefined ? "" : `:${lineNumber}${column === undefined ? "(?::\\d+)?" : `:${column}`}`;
  const head = new RegExp(`^${escapeRegExp(file)}${where}${field === undefined ? "" : `: ${escapeRegExp(field)}`}: `);
  expect(line).toMatch(head);
  const rest = (line as string).replace(head, "");
  if (field === undefined) expect(rest, "an unexpected field").not.toMatch(fieldLike);
  expect(rest).toContain(problem);
}

/** No stack frames, no `SomeError:` dumps, in either stream. */
function expectNoStackTrace(result: Outcome) {
  for (const output of [result.stdout, result.stderr]) {
    expect(output).not.toMatch(/\n\s+at /);
    expect(output).not.toMatch(/\b(?:[A-Z]\w*)?Error(?: \[\w+\])?: /);
  }
}

describe("bad-input fixtures", () => {
  it("cover every category with at least 3 caught files, 50 in all, each listed in expected.json", () => {
    const onDisk = readdirSync(fixtures)
      .filter((name) => name !== "support" && statSync(join(fixtures, name)).isDirectory())
      .flatMap((category) => readdirSync(join(fixtures, category)).map((name) => `${category}/${name}`));
    const committed = entries.filter(([, expectation]) => !expectation.generate).map(([file]) => file);
    expect(onDisk.sort()).toEqual(committed.sort());
    expect(new Set(entries.map(([file]) => file.split("/")[0]))).toEqual(new Set(categories));
    for (const category of categories) {
      expect(caught.filter(([file]) => file.startsWith(`${category}/`)).length, category).toBeGreaterThanOrEqual(3);
    }
    expect(caught.length).toBeGreaterThanOrEqual(50);
    for (const [file, { prefix }] of entries) expect(prefix.startsWith(file), file).toBe(true);
  });

  commands.set("run-good", ["run", good]);
  it("start from a good scenario that passes alone and leaves both markers", () => {
    const result = outcomeOf("run-good");
    expect(result.stdout).toContain("PASS   good scenario with side effects");
    expect(result.status).toBe(0);
    expect(result.left).toEqual({ imported: true, ran: true });
  });
});

describe("rehearse run <good file> <bad file>", () => {
  for (const [file, expectation] of entries) {
    commands.set(`run ${file}`, ["run", good, file]);
    (expectation.gap ? it.fails : it)(`${file}: exits 2, no stack trace, nothing runs`, () => {
      const result = outcomeOf(`run ${file}`);
      const { left } = result;
      expect(result.status, result.stderr).toBe(2);
      expectNoStackTrace(result);
      expect(result.stdout).not.toMatch(/^(PASS|FAIL|ERROR|SKIP)\b/m);
      expect(result.stdout).not.toMatch(/\d+ passed, \d+ failed/);
      // A problem found by importing modules imports the good file's module too, but nothing may run.
      expect(left).toEqual({ imported: expectation.phase === "import", ran: false });
    });
    (expectation.bug || expectation.gap ? it.fails : it)(`${file}: ${expectation.prefix}: …${expectation.problem}`, () => {
      const { stderr } = outcomeOf(`run ${file}`);
      expectFirstError(stderr, file, expectation);
      // One line per problem, each naming the file, and the count: nothing else on stderr.
      for (const line of stderr.split("\n").filter((text) => text.trim() !== "")) {
        if (!problemCount.test(line)) expect(line.replace(/^rehearse run: /, "").startsWith(`${file}:`), line).toBe(true);
      }
    });
  }
});

describe("rehearse validate", () => {
  // One spawn per category and loader phase: a set with a file failing before imports never reaches them.
  const batches = new Map<string, string[]>();
  for (const [file, { phase }] of caught) {
    const key = `${file.split("/")[0]} (${phase ?? "read"})`;
    batches.set(key, [...(batches.get(key) ?? []), file]);
  }
  for (const [batch, batchFiles] of batches) {
    commands.set(`validate ${batch}`, ["validate", good, ...batchFiles]);
    const validate = () => outcomeOf(`validate ${batch}`);
    it(`${batch}: exits 2 with "N problems in ${batchFiles.length} files", no stack trace, nothing runs`, () => {
      const result = validate();
      const { left } = result;
      expect(result.status, result.stderr).toBe(2);
      expectNoStackTrace(result);
      const [, problems, inFiles] = problemCount.exec(result.stderr) ?? [];
      expect(Number(inFiles)).toBe(batchFiles.length);
      expect(Number(problems)).toBeGreaterThanOrEqual(batchFiles.length);
      expect(left).toEqual({ imported: batch.endsWith("(import)"), ran: false });
    });
    for (const file of batchFiles) {
      const expectation = files[file] as Expectation;
      (expectation.bug ? it.fails : it)(`${file}: ${expectation.prefix}: …${expectation.problem}`, () => {
        expectFirstError(validate().stderr, file, expectation);
      });
    }
  }
  for (const [file, expectation] of entries.filter(([, { gap }]) => gap)) {
    commands.set(`validate-gap ${file}`, ["validate", file]);
    it.fails(`${file} (gap): exits 2 with ${expectation.prefix}`, () => {
      const result = outcomeOf(`validate-gap ${file}`);
      expect(result.status).toBe(2);
      expectFirstError(result.stderr, file, expectation);
    });
  }
});
