import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const repositoryRoot = fileURLToPath(new URL("../../..", import.meta.url));
const guard = fileURLToPath(new URL("./fixtures/net-guard.mjs", import.meta.url));

function attempts(script: string): { output: string; blocked: Array<{ kind: string; target: string }> } {
  const output = execFileSync(process.execPath, ["--import", guard, script], {
    cwd: repositoryRoot,
    encoding: "utf8",
    env: { ...process.env, REHEARSE_LOG_LEVEL: "warn" },
  });
  const marker = output.lastIndexOf("NET-ATTEMPTS ");
  return { output, blocked: JSON.parse(output.slice(marker + "NET-ATTEMPTS ".length)) };
}

describe("private by default: no network beyond loopback", () => {
  it("the quick-start demo makes zero non-loopback attempts", () => {
    const { output, blocked } = attempts("examples/quickstart/main.mjs");
    expect(output).toContain("All outcomes as expected.");
    expect(blocked).toEqual([]);
  });

  it("a batch through the public API makes zero non-loopback attempts", () => {
    const { output, blocked } = attempts(fileURLToPath(new URL("./fixtures/batch.mjs", import.meta.url)));
    expect(output).toContain('"pass":20');
    expect(blocked).toEqual([]);
  });

  it("positive control: the guard catches fetch, sockets and DNS (and refuses them)", () => {
    const { blocked } = attempts(fileURLToPath(new URL("./fixtures/deliberate-connection.mjs", import.meta.url)));
    expect(blocked.map((attempt) => attempt.kind)).toEqual(["fetch", "net.connect", "dns.lookup"]);
  });
});
