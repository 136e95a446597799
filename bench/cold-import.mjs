// Cold import of one module in this fresh process: `await import(target)` time and RSS right after.
// Usage: node bench/cold-import.mjs <path to module | --bare>
// Prints one JSON line: {target, importMs, rssMB, heapMB}. With --bare nothing is imported, which
// gives the RSS of a bare `node` process running this script (the baseline).
import { pathToFileURL } from "node:url";

const target = process.argv[2];
const MB = 1048576;
let importMs = 0;
if (target && target !== "--bare") {
  const started = performance.now();
  await import(pathToFileURL(target).href);
  importMs = performance.now() - started;
}
const memory = process.memoryUsage();
console.log(
  JSON.stringify({
    target: target ?? "--bare",
    importMs: Math.round(importMs * 10) / 10,
    rssMB: Math.round((memory.rss / MB) * 10) / 10,
    heapMB: Math.round((memory.heapUsed / MB) * 10) / 10,
  }),
);
