/**
 * End-to-end tests of the dashboard (e2e/): Debian's Chromium (never a
 * downloaded browser) against a real server seeded through the real reporter
 * (e2e/support/). Build first: `npx vite build`; then `npm run e2e`.
 */
import { defineConfig } from "@playwright/test";

const jsonOutput = process.env.PLAYWRIGHT_JSON_OUTPUT_NAME;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/support/global-setup.ts",
  // baselines beside the specs, one per platform: e2e/__screenshots__/<spec>/<name>-linux.png
  snapshotPathTemplate: "{testDir}/__screenshots__/{testFilePath}/{arg}-{platform}{ext}",
  outputDir: "test-results",
  timeout: 30_000,
  expect: {
    timeout: 5_000,
    toHaveScreenshot: { animations: "disabled", caret: "hide", scale: "css", maxDiffPixelRatio: 0.001 },
  },
  // two cores: each worker runs its own server (PGlite) and browser
  workers: 2,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"], ...(jsonOutput ? [["json", { outputFile: jsonOutput }] as const] : [])],
  use: {
    browserName: "chromium",
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    reducedMotion: "reduce",
    timezoneId: "UTC",
    locale: "en-US",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
});
