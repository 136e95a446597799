// The package's build (`npm run build`): tsc to dist/, then the migrated empty PGlite image
// (pglite-template.tar.gz) a new embedded data directory starts from, so `rehearse serve` on a fresh
// directory skips initdb (seconds) and only loads the image.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const typescriptManifest = createRequire(import.meta.url).resolve("typescript/package.json");
const tsc = join(dirname(typescriptManifest), "bin", "tsc");
const compiled = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { cwd: packageRoot, stdio: "inherit" });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);

const started = performance.now();
const { openDatabase } = await import(new URL("../dist/store/database.js", import.meta.url).href);
const database = await openDatabase({ kind: "pglite", dataDir: undefined });
const image = await database.dump();
await database.close();
writeFileSync(join(packageRoot, "pglite-template.tar.gz"), Buffer.from(await image.arrayBuffer()));
console.log(`built dist/ and pglite-template.tar.gz (${image.size} bytes) in ${Math.round(performance.now() - started)} ms`);
