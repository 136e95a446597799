// Type-checks the usage files (usage/*.ts: code written the way @langwatch/scenario's
// users write it, importing only "@langwatch/scenario") twice with tsc --noEmit:
// once with that name mapped to the built @rehearse/core, once to the installed
// reference @langwatch/scenario 0.5.3. Fails when a file stops compiling against
// Rehearse (or against the reference, where it is not excluded on purpose).
// `npm run typecheck` runs it after the workspaces; see test/compat/README.md.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const tsc = join(dirname(createRequire(import.meta.url).resolve("typescript/package.json")), "bin", "tsc");

const targets = [
  {
    name: "@rehearse/core",
    project: join(here, "tsconfig.rehearse.json"),
    entry: join(root, "packages/core/dist/index.d.ts"),
    missing: "packages/core/dist is not built: run `npm run build` first",
    required: true,
  },
  {
    name: "reference @langwatch/scenario 0.5.3",
    project: join(here, "tsconfig.reference.json"),
    entry: join(here, "..", "reference/node_modules/@langwatch/scenario/dist/index.d.ts"),
    missing: "not installed (bash test/compat/install-reference.sh): skipped",
    required: false,
  },
];

let failed = 0;
for (const target of targets) {
  if (!existsSync(target.entry)) {
    console.log(`usage types vs ${target.name}: ${target.missing}`);
    if (target.required) failed++;
    continue;
  }
  const run = spawnSync(process.execPath, [tsc, "-p", target.project], { cwd: root, encoding: "utf8" });
  const output = `${run.stdout ?? ""}${run.stderr ?? ""}`.trim();
  if (run.status === 0) {
    console.log(`usage types vs ${target.name}: ok`);
  } else {
    failed++;
    console.log(`usage types vs ${target.name}: FAILED\n${output}`);
  }
}
process.exitCode = failed > 0 ? 1 : 0;
