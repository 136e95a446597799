import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// `import("@rehearse/core")` loads no OpenTelemetry package (decision 0041:
// tracing's peers are `require`d on first use). Node 20's module hooks see
// only ESM loads, so the check reads both: the URLs the ESM loader loaded
// (fixtures/record-loads.mjs) and the CommonJS cache.
const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const recorder = fileURLToPath(new URL("./fixtures/record-loads.mjs", import.meta.url));

/** The @opentelemetry packages a fresh node process has loaded after running `code`, by either loader. */
function openTelemetryLoadedBy(code: string): string[] {
  const program = `
    import { createRequire } from "node:module";
    ${code}
    const cache = Object.keys(createRequire(import.meta.url).cache);
    process.stdout.write("\\nREQUIRED " + JSON.stringify(cache) + "\\n");
  `;
  const output = execFileSync(process.execPath, ["--import", recorder, "--input-type=module", "-e", program], {
    cwd: packageRoot,
    encoding: "utf8",
    env: { ...process.env, OTEL_SDK_DISABLED: "", OTEL_EXPORTER_OTLP_ENDPOINT: "", LANGWATCH_API_KEY: "" },
  });
  const list = (marker: string): string[] => JSON.parse(output.split(marker)[1]?.split("\n")[0] ?? "[]");
  const files = [...list("REQUIRED "), ...list("LOADED ")];
  const packages = files.flatMap((file) => /node_modules[\\/](@opentelemetry[\\/][^\\/]+)/.exec(file)?.[1] ?? []);
  return [...new Set(packages.map((name) => name.replace("\\", "/")))].sort();
}

describe("OpenTelemetry loads only when tracing is used", () => {
  it("importing @rehearse/core loads no @opentelemetry package", () => {
    expect(openTelemetryLoadedBy("const core = await import('@rehearse/core'); void core.setupTracing;")).toEqual([]);
  });

  it("setupTracing loads them (positive control: the check sees CommonJS loads)", () => {
    const loaded = openTelemetryLoadedBy("const { setupTracing } = await import('@rehearse/core'); setupTracing({ env: {} });");
    expect(loaded).toEqual(
      expect.arrayContaining(["@opentelemetry/api", "@opentelemetry/sdk-trace-base", "@opentelemetry/sdk-trace-node"]),
    );
  });
});
