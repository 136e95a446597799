// Which modules does `import(target)` load? Registers a load hook (module.register, Node ≥ 20.6)
// that records every ESM URL, then reads the CommonJS cache (require() calls made from CommonJS
// or through createRequire do not go through ESM hooks on Node 20). Runs one model-free scenario
// afterwards and records what that adds.
// Usage: node bench/module-probe.mjs <path to module>
// Prints one JSON line: {target, onImport: {esm, cjs, rehearseFiles, nodeModulesFiles, ai, zod, packages},
// afterRun: {…the same}, passed}.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import Module, { register } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const target = process.argv[2];
const directory = mkdtempSync(join(tmpdir(), "rehearse-probe-"));
const logFile = join(directory, "loads.txt");
register("./lib/record-loads-hooks.mjs", import.meta.url, { data: { logFile } });

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
  return {
    esm: esm.filter((path) => !path.startsWith("node:")).length,
    // files the root entry loads: Rehearse's own (packages/core/dist) and its dependencies' (node_modules)
    rehearseFiles: files.filter((path) => path.replaceAll("\\", "/").includes("/packages/core/dist/")).length,
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
