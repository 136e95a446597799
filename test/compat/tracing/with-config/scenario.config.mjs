// The reference's project config, as a project would write it: tracing with
// no auto-instrumentation. config-file.mjs runs with this folder as its cwd.
import { defineConfig } from "@langwatch/scenario";

export default defineConfig({
  observability: { instrumentations: [] },
  headless: true,
});
