// Which modules does `import(target)` load? Registers a load hook (module.register, Node ≥ 20.6)
// that records every ESM URL, then reads the CommonJS cache (require() calls made from CommonJS
// or through createRequire do not go through ESM hooks on Node 20). Runs one model-free scenario
// afterwards and records what that adds.
// Usage: node bench/module-probe.mjs <path to module>
// Prints one JSON line: {target, onImport: {esm, cjs, rehearseFiles, sourceModules, nodeModulesFiles, ai,
// zod, packages}, afterRun: {…the same}, passed}. dist/ is a bundle (decision 0024): `rehearseFiles`
// counts the entries and chunks loaded, `sourceModules` the source files whose code they hold, read
// from the build's metafile (packages/core/build-meta/metafile.json; null without one).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import Module, { register } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const target = process.argv[2];
const directory = mkdtempSync(join(tmpdir(), "rehearse-probe-"));
const logFile = join(directory, "loads.txt");
register("./lib/record-loads-hooks.mjs", import.meta.url, { data: { logFile } });

// the package directory holding dist/ (the target is dist/index.js) and its build's metafile
const packageDirectory = dirname(dirname(target));
let metafile = null;
try {
  metafile = JSON.parse(readFileSync(join(packageDirectory, "build-meta", "metafile.json"), "utf8"));
} catch {}

/** The source files with code in the loaded dist files, or null without a metafile. */
function sourceModules(distFiles) {
  if (!metafile) return null;
  const sources = new Set();
  for (const file of distFiles) {
    const output = metafile.outputs[relative(packageDirectory, file).replaceAll("\\", "/")];
    if (!output) throw new Error(`${file} is not in the build's metafile: rebuild (npm run build)`);
    for (const [source, { bytesInOutput }] of Object.entries(output.inputs)) if (bytesInOutput > 0) sources.add(source);
  }
  return sources.size;
}

const toPath = (url) => (url.startsWith("file:") ? fileURLToPath(url) : url);
const isPackage = (name) => (path) => path.replaceAll("\\", "/").includes(`/node_modules/${name}/`);

function snapshot() {
  let esm = [];
  try {
    esm = readFileSync(logFile, "utf8").split("\n").filter(Boolean).map(toPath);
  } catch {}
  const cjs = Object.keys(Module._cache);
  const all = [...new Set([...esm, ...cjs])];
  const files = all.filter((path) => !path.startsWith("node:"));
  const rehearseFiles = files.filter((path) => path.replaceAll("\\", "/").includes("/packages/core/dist/"));
  return {
    esm: esm.filter((path) => !path.startsWith("node:")).length,
    // files the root entry loads: Rehearse's own (packages/core/dist: entries and chunks) and its dependencies' (node_modules)
    rehearseFiles: rehearseFiles.length,
    sourceModules: sourceModules(rehearseFiles),
    nodeModulesFiles: files.filter((path) => path.replaceAll("\\", "/").includes("/node_modules/")).length,
    cjs: cjs.length,
    ai: all.filter(isPackage("ai")),
    zod: all.filter(isPackage("zod")),
    packages: [...new Set(all.map((path) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1]).filter(Boolean))],
  };
}

const mod = await import(pathToFileURL(target).href);
const onImport = snapshot();

const { AgentRole } = mod;
const rehearse = mod.createRehearse({ configFile: false });
let replies = 0;
const result = await rehearse.run({
  name: "probe",
  description: "echo",
  maxTurns: 5,
  agents: [
    { role: AgentRole.USER, call: async () => "hello there" },
    { role: AgentRole.AGENT, call: async () => `You said: ${++replies}` },
    {
      role: AgentRole.JUDGE,
      call: async () => (replies >= 3 ? { success: true, reasoning: "ok", metCriteria: ["echo"], unmetCriteria: [] } : null),
    },
  ],
});
const afterRun = snapshot();
rmSync(directory, { recursive: true, force: true });
console.log(JSON.stringify({ target, onImport, afterRun, passed: result.success }));
