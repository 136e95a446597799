import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRehearse } from "./rehearse.js";

function project(files: Record<string, string>): string {
  const directory = mkdtempSync(join(tmpdir(), "rehearse-report-config-"));
  writeFileSync(join(directory, "package.json"), JSON.stringify({ type: "module" }));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(directory, name), text);
  return directory;
}

describe("the report setting", () => {
  it("merges field by field: the file's endpoint, REHEARSE_API_KEY, and a call's outboxDir", async () => {
    const cwd = project({ "rehearse.config.mjs": "export default { report: { endpoint: 'http://127.0.0.1:9/' } };" });
    const rehearse = createRehearse({ cwd, env: { REHEARSE_API_KEY: "k" }, config: { report: { outboxDir: "box" } } });
    expect((await rehearse.resolveConfig()).report).toEqual({ endpoint: "http://127.0.0.1:9/", apiKey: "k", outboxDir: "box" });
  });

  it("reads REHEARSE_ENDPOINT, REHEARSE_API_KEY and REHEARSE_OUTBOX_DIR into report", async () => {
    const env = { REHEARSE_ENDPOINT: "https://rehearse.example.com", REHEARSE_API_KEY: "k", REHEARSE_OUTBOX_DIR: "/tmp/box" };
    const config = await createRehearse({ configFile: false, env }).resolveConfig();
    expect(config.report).toEqual({ endpoint: "https://rehearse.example.com", apiKey: "k", outboxDir: "/tmp/box" });
  });

  it("rejects a misspelt key with a did-you-mean, and an endpoint that is not an http(s) URL naming its variable", () => {
    expect(() => createRehearse({ configFile: false, env: {}, config: { report: { endpont: "http://x" } as never } })).toThrow(
      /report\.endpont: unknown key "endpont" \(did you mean "endpoint"\?\)/,
    );
    expect(() => createRehearse({ configFile: false, env: {} }).configure({ report: { endpoint: "ftp://x" } })).toThrow(
      /configure\(\): report\.endpoint: must be an http:\/\/ or https:\/\/ URL/,
    );
  });

  it("takes redact as true, false or { kinds, allow, keyPaths }, and rejects an unknown kind", () => {
    const context = createRehearse({ configFile: false, env: {} });
    context.configure({
      report: { redact: { kinds: ["email", "openai_key"], allow: ["help@shop.example"], keyPaths: ["pin"] } },
    });
    context.configure({ report: { redact: false } });
    expect(() => context.configure({ report: { redact: { kinds: ["passport" as never] } } })).toThrow(/report\.redact/);
  });

  it("names REHEARSE_ENDPOINT when its value is not a URL", async () => {
    await expect(createRehearse({ configFile: false, env: { REHEARSE_ENDPOINT: "localhost" } }).resolveConfig()).rejects.toThrow(
      /^REHEARSE_ENDPOINT: must be an http:\/\/ or https:\/\/ URL/,
    );
  });
});
