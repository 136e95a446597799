// Benchmark of the dashboard (`node bench/dashboard.mjs`, or `npm run bench -- --dashboard`), issue
// "Dashboard …": the built server and dashboard on an embedded store holding 100 000 runs
// (bench/seed-history.mjs, including batch `big-a` of 1 000 runs), driven by Debian's Chromium through
// playwright-core. Measured, each page 5 times in a fresh browser context (cold HTTP cache, signed in):
//   fcpMs         first-contentful-paint (the browser's paint timing) of the home page and of the 1 000-run
//                 batch page
//   dataMs        navigation start → the first frame with a data row (sets table / batch table)
//   allRunsMs     batch page: navigation start → every one of the 1 000 runs loaded (the table says so)
//   scroll        the batch table scrolled top to bottom in 3 s: frame intervals (p50/p95/max), frames over
//                 50 ms, long tasks (> 50 ms main-thread work) and the rows the DOM held at most
//   largestApiResponseBytes  the largest body of any /api/ response those pages received
//   firstViewJsGzipBytes     gzip of the JS the first view loads (entry + modulepreloads in dist/index.html)
// Prints one JSON object on stdout; progress on stderr.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { seedHistory } from "./seed-history.mjs";

const rootDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const serverDist = (path) => import(pathToFileURL(join(rootDir, "packages", "server", "dist", path)).href);
const dashboardDist = join(rootDir, "packages", "dashboard", "dist");
const { openDatabase, startServer } = await serverDist("index.js");
const log = (line) => process.stderr.write(`[bench:dashboard] ${line}\n`);
const round = (value, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;
const percentile = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const median = (values) => percentile(values, 50);
const RUNS = Number(process.env.BENCH_DASHBOARD_RUNS ?? 100_000);
const REPEATS = Number(process.env.BENCH_DASHBOARD_REPEATS ?? 5);
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The JS the first view needs: the entry script and the modules index.html preloads, gzip level 9. */
function firstViewJs() {
  const html = readFileSync(join(dashboardDist, "index.html"), "utf8");
  const files = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((match) => match[1]);
  const bytes = files.reduce((total, file) => total + gzipSync(readFileSync(join(dashboardDist, file)), { level: 9 }).length, 0);
  return { files, gzipBytes: bytes };
}

async function signedInContext(browser, server, password) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const response = await context.request.post(`${server.url}/api/v1/auth/login`, {
    data: { email: "admin@localhost", password },
  });
  if (!response.ok()) throw new Error(`sign-in failed: ${response.status()} ${await response.text()}`);
  return context;
}

/** Loads `path` in a fresh context; resolves when `ready` (a selector) is on screen. */
async function measurePage(browser, server, password, path, ready, extra) {
  const context = await signedInContext(browser, server, password);
  const page = await context.newPage();
  let largest = 0;
  page.on("response", async (response) => {
    if (!new URL(response.url()).pathname.startsWith("/api/")) return;
    try {
      largest = Math.max(largest, (await response.body()).length);
    } catch {
      // a streamed response (the live stream) has no body to read
    }
  });
  // the page notes when `ready` first shows, checked every frame (Playwright's own waiting polls too slowly to time it)
  await page.addInitScript((selector) => {
    const check = () => {
      if (document.querySelector(selector)) window.__readyAt = performance.now();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }, ready);
  await page.goto(`${server.url}${path}`, { waitUntil: "commit" });
  await page.waitForFunction(() => window.__readyAt !== undefined, undefined, { timeout: 30_000 });
  const dataMs = await page.evaluate(() => window.__readyAt);
  const fcpMs = await page.evaluate(async () => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const entry = performance.getEntriesByName("first-contentful-paint")[0];
      if (entry) return entry.startTime;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return null;
  });
  const more = extra ? await extra(page) : {};
  await context.close();
  return { fcpMs, dataMs, largest, ...more };
}

/** Waits until the batch page says all runs are loaded, then scrolls its table top to bottom in 3 s. */
async function batchExtras(page) {
  const allRunsMs = await page.evaluate(async () => {
    const deadline = performance.now() + 60_000;
    while (performance.now() < deadline) {
      const section = document.querySelector("[data-loaded-runs]");
      if (section?.getAttribute("data-runs-complete") === "true") return performance.now();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return null;
  });
  const scroll = await page.evaluate(async () => {
    const container = document.querySelector("[data-scroll-container]") ?? document.scrollingElement;
    const longTasks = [];
    const observer = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) longTasks.push(entry.duration);
    });
    observer.observe({ type: "longtask", buffered: false });
    const frames = [];
    let maxRows = 0;
    const distance = container.scrollHeight - container.clientHeight;
    const started = performance.now();
    let last = started;
    await new Promise((resolve) => {
      const step = (now) => {
        frames.push(now - last);
        last = now;
        const progress = Math.min(1, (now - started) / 3000);
        container.scrollTop = progress * distance;
        maxRows = Math.max(maxRows, document.querySelectorAll("tr[data-run]").length);
        if (progress < 1) requestAnimationFrame(step);
        else resolve();
      };
      requestAnimationFrame(step);
    });
    observer.disconnect();
    frames.shift();
    return { frames, longTasks, maxRows, distance };
  });
  const frames = scroll.frames;
  return {
    allRunsMs,
    scroll: {
      scrolledPx: scroll.distance,
      frames: frames.length,
      frameP50Ms: round(percentile(frames, 50)),
      frameP95Ms: round(percentile(frames, 95)),
      frameMaxMs: round(Math.max(...frames)),
      framesOver50Ms: frames.filter((value) => value > 50).length,
      longTasks: scroll.longTasks.length,
      longestTaskMs: round(Math.max(0, ...scroll.longTasks)),
      maxRowsInDom: scroll.maxRows,
    },
  };
}

const dataDir = mkdtempSync(join(tmpdir(), "rehearse-bench-dashboard-"));
let server;
let browser;
try {
  log(`seeding ${RUNS} runs`);
  const database = await openDatabase({ kind: "pglite", dataDir: join(dataDir, "pglite") });
  try {
    await seedHistory(database, RUNS);
  } finally {
    await database.close();
  }
  server = await startServer({ port: 0, dataDir, logLevel: "silent", dashboardDir: dashboardDist, environment: {} });
  // <data-dir>/admin-password: the administrator's email, then the one-time password
  const [, password] = readFileSync(server.administratorFile, "utf8").trim().split("\n");
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run"],
  });
  const pages = { home: [], batch: [] };
  for (let index = 0; index < REPEATS; index++) {
    log(`round ${index + 1}/${REPEATS}`);
    pages.home.push(await measurePage(browser, server, password, "/", "[data-set]"));
    pages.batch.push(await measurePage(browser, server, password, "/batches/big-a?view=table", "tr[data-run]", batchExtras));
  }
  const summary = (samples) => ({
    fcpMs: round(median(samples.map((sample) => sample.fcpMs))),
    fcpMaxMs: round(Math.max(...samples.map((sample) => sample.fcpMs))),
    dataMs: round(median(samples.map((sample) => sample.dataMs))),
    samples: samples.length,
  });
  const batch = pages.batch;
  const result = {
    runs: RUNS,
    chromium: browser.version(),
    home: summary(pages.home),
    batch: {
      ...summary(batch),
      allRunsMs: round(median(batch.map((sample) => sample.allRunsMs ?? Number.NaN))),
      scroll: batch[batch.length - 1].scroll,
    },
    largestApiResponseBytes: Math.max(...[...pages.home, ...batch].map((sample) => sample.largest)),
    firstViewJs: firstViewJs(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await browser?.close();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
}
