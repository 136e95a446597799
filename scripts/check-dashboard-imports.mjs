// The dashboard's import rules (part of `npm run lint:layers`; ARCHITECTURE.md, decision 0035):
//   1. it imports nothing of @rehearse/server or @rehearse/core: only the types generated from /openapi.json;
//   2. api/, live/ and components/ are shared by the views and never import one;
//   3. a view does not import another view (it links by URL, app/paths.ts);
//   4. no import cycles.
// Reads the static and dynamic import specifiers of packages/dashboard/src/**/*.{ts,tsx}; prints each
// broken rule with file and line, exits 1 when there is one.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "packages", "dashboard", "src");

function files(directory) {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return files(path);
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** `{ specifier, line }` of every `import … from "x"`, `export … from "x"`, `import "x"` and `import("x")`. */
export function importsOf(text) {
  const found = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;
  for (const match of text.matchAll(pattern)) {
    found.push({ specifier: match[1], line: text.slice(0, match.index).split("\n").length });
  }
  return found;
}

function resolveLocal(from, specifier) {
  if (!specifier.startsWith(".")) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")]) {
    try {
      if (readFileSync(candidate)) return candidate;
    } catch {
      // try the next spelling
    }
  }
  return undefined;
}

const area = (path) => relative(source, path).split("/");
const problems = [];
const graph = new Map();
for (const file of files(source)) {
  const edges = [];
  for (const { specifier, line } of importsOf(readFileSync(file, "utf8"))) {
    const where = `${relative(root, file)}:${line}`;
    if (/^@rehearse\/|packages\/(core|server)\//.test(specifier) || /\.\.\/(core|server)\//.test(specifier)) {
      problems.push(`${where}: imports "${specifier}": the dashboard knows the server only through src/api/schema.d.ts`);
      continue;
    }
    const target = resolveLocal(file, specifier);
    if (!target?.startsWith(source)) continue;
    edges.push(target);
    const [fromTop, fromView] = area(file);
    const [toTop, toView] = area(target);
    if (["api", "live", "components"].includes(fromTop) && toTop === "views")
      problems.push(`${where}: ${fromTop}/ imports a view ("${specifier}"): shared parts never depend on views`);
    if (fromTop === "views" && toTop === "views" && fromView !== toView)
      problems.push(`${where}: view ${fromView} imports view ${toView} ("${specifier}"): link to it by URL (app/paths.ts)`);
  }
  graph.set(file, edges);
}

// cycles: depth-first search, each cycle reported once by its smallest file
const state = new Map();
const reported = new Set();
function visit(file, stack) {
  state.set(file, "open");
  stack.push(file);
  for (const next of graph.get(file) ?? []) {
    if (state.get(next) === "open") {
      const cycle = stack.slice(stack.indexOf(next)).map((path) => relative(root, path));
      const key = [...cycle].sort().join(" ");
      if (!reported.has(key)) {
        reported.add(key);
        problems.push(`import cycle: ${[...cycle, cycle[0]].join(" → ")}`);
      }
    } else if (!state.has(next)) visit(next, stack);
  }
  stack.pop();
  state.set(file, "done");
}
for (const file of graph.keys()) if (!state.has(file)) visit(file, []);

if (problems.length > 0) {
  for (const problem of problems) console.error(problem);
  console.error(`\n${problems.length} dashboard import rule${problems.length === 1 ? "" : "s"} broken`);
  process.exitCode = 1;
}
