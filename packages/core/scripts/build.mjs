// The package's build (`npm run build`), decision 0024:
// - JavaScript: ONE esbuild build, bundled with code splitting, whose entry points are every public
//   entry in package.json `exports` plus the CLI that bin/rehearse.js imports. Entries keep the paths
//   `exports` names (dist/index.js, dist/testing/index.js, …); the code they share, and every
//   `await import()` target, goes to dist/chunks/, so each class exists once across entries.
//   npm dependencies and node: built-ins stay imports (not bundled).
// - Types: tsc (tsconfig.build.json, declarations only), which also type-checks, into the same dist/.
// - build-meta/metafile.json (not published: `files` is dist, bin, README.md): esbuild's metafile,
//   which maps each output file to the source files in it (test/import-cost.test.ts, bench).
// Files a previous build left in dist/ that this one did not write are removed at the end (not
// before, so that dist/ is never missing while something else reads it).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const distDirectory = join(packageRoot, "dist");
const metafilePath = join(packageRoot, "build-meta", "metafile.json");
/** What bin/rehearse.js imports (the bin itself is a committed file, see its comment). */
const cliEntry = "./dist/cli/main.js";

/** Every `./dist/<path>.js` the manifest's `exports` point at, plus the CLI's. */
function entryTargets(manifest) {
  const targets = new Set([cliEntry]);
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    const file = typeof target === "string" ? target : (target.import ?? target.default);
    if (typeof file !== "string") throw new Error(`package.json: exports["${subpath}"] has no "default" file`);
    if (file.endsWith(".js")) targets.add(file);
  }
  return [...targets];
}

/** esbuild entry points: src/<path>.ts → dist/<path>.js. */
function entryPoints(targets) {
  return targets.map((target) => {
    const match = /^\.\/dist\/(.+)\.js$/.exec(target);
    const source = match ? `src/${match[1]}.ts` : undefined;
    if (!source || !existsSync(join(packageRoot, source))) {
      throw new Error(`package.json: ${target} is not dist/<path>.js built from an existing src/<path>.ts`);
    }
    return { in: source, out: match[1] };
  });
}

function runTypeScript() {
  const typescriptManifest = createRequire(import.meta.url).resolve("typescript/package.json");
  const tsc = join(dirname(typescriptManifest), JSON.parse(readFileSync(typescriptManifest, "utf8")).bin.tsc);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: packageRoot, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`tsc -p tsconfig.build.json exited with ${code}`))));
  });
}

function filesUnder(directory) {
  if (!existsSync(directory)) return [];
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Removes .js files this build did not write and .d.ts files whose source no longer exists. */
function removeStaleFiles(outputs) {
  const written = new Set(outputs.map((output) => join(packageRoot, output)));
  for (const file of filesUnder(distDirectory)) {
    const path = relative(distDirectory, file);
    const stale = file.endsWith(".d.ts")
      ? !existsSync(join(packageRoot, "src", path.replace(/\.d\.ts$/, ".ts")))
      : !written.has(file);
    if (stale) rmSync(file);
  }
}

const started = performance.now();
const manifest = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8"));
// both run to the end, so a failing one does not hide the other's errors (each prints its own)
const [bundled, typed] = await Promise.allSettled([
  build({
    absWorkingDir: packageRoot,
    entryPoints: entryPoints(entryTargets(manifest)),
    outdir: "dist",
    chunkNames: "chunks/[name]-[hash]",
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    tsconfig: "tsconfig.build.json",
    // no keepNames: it wraps every named closure in a `__name` call (a defineProperty and a property
    // store per closure made), measured at ≈14 ms of CPU in workload W; without it esbuild renames only
    // the few top-level functions two modules both declare (`conclude2`, …; no class), decision 0024
    keepNames: false,
    // no source maps, as before the bundle (decision 0022): src/ is not published
    sourcemap: false,
    metafile: true,
    logLevel: "warning",
  }),
  runTypeScript(),
]);
const failures = [bundled, typed].filter((step) => step.status === "rejected").map((step) => step.reason.message);
if (failures.length > 0) {
  process.stderr.write(`build failed:\n${failures.map((message) => `  ${message}`).join("\n")}\n`);
  process.exitCode = 1;
} else {
  finish(bundled.value.metafile);
}

/** Writes the metafile, removes stale files, prints one line. */
function finish(metafile) {
  mkdirSync(dirname(metafilePath), { recursive: true });
  writeFileSync(metafilePath, JSON.stringify(metafile, null, 1));
  const outputs = Object.keys(metafile.outputs);
  removeStaleFiles(outputs);
  const chunks = outputs.filter((output) => output.startsWith("dist/chunks/")).length;
  const milliseconds = Math.round(performance.now() - started);
  process.stdout.write(
    `built ${outputs.length - chunks} entries and ${chunks} chunks, declarations by tsc, in ${milliseconds} ms\n`,
  );
}
