// `npm test` after the build: every vitest project, then the dashboard's browser tests (Playwright driving
// Debian's /usr/bin/chromium against a real server). Both always run; the exit code is non-zero when either
// failed. Arguments go to vitest (CI passes its JSON reporter); `PLAYWRIGHT_JSON_OUTPUT_NAME` makes the
// browser tests write their JSON report too (.ci/run reads both for its closing line).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const run = (command, args) => spawnSync(command, args, { stdio: "inherit", shell: false }).status ?? 1;

const unit = run("npx", ["vitest", "run", ...process.argv.slice(2)]);
let browser = 0;
if (!existsSync("/usr/bin/chromium") && !process.env.CHROMIUM_PATH) {
  console.error("browser tests: no Chromium at /usr/bin/chromium (apt-get install chromium, or set CHROMIUM_PATH): not run");
  browser = 1;
} else {
  browser = run("npm", ["run", "e2e", "--workspace", "@rehearse/dashboard"]);
}
process.exitCode = unit !== 0 || browser !== 0 ? 1 : 0;
