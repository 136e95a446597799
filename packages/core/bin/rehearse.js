#!/usr/bin/env node
// The `rehearse` bin. A committed file (not dist/cli/main.js directly) so that npm links it
// in a fresh clone, where dist/ is only built by the workspace's `prepare` after linking.
import("../dist/cli/main.js").catch((error) => {
  if (error?.code === "ERR_MODULE_NOT_FOUND" && String(error.message).includes("dist/cli/main.js")) {
    process.stderr.write("rehearse: the package is not built (dist/ is missing); run `npm run build` in its workspace\n");
    process.exitCode = 2;
    return;
  }
  throw error;
});
