import { describe, expect, it } from "vitest";
import { ProcessError } from "./process-error.js";
import { runProcess } from "./run-process.js";
import { installHint, resolveBinary } from "./system-binaries.js";

const node = process.execPath;

describe("runProcess", () => {
  it("feeds stdin and collects stdout bytes and stderr text", async () => {
    const script = "process.stdin.pipe(process.stdout); process.stderr.write('note')";
    const output = await runProcess(node, { args: ["-e", script], stdin: new Uint8Array([0, 1, 2, 255]) });
    expect([...output.stdout]).toEqual([0, 1, 2, 255]);
    expect(output.stderr).toBe("note");
  });

  it("turns a non-zero exit into an error carrying the stderr tail", async () => {
    const failing = runProcess(node, { args: ["-e", "console.error('bad input here'); process.exit(3)"] });
    await expect(failing).rejects.toThrow(/exited with status 3: bad input here/);
    const error = await failing.catch((caught: unknown) => caught);
    expect(ProcessError.isInstance(error) && error.failure).toBe("exit");
    expect(ProcessError.isInstance(error) && error.exitCode).toBe(3);
  });

  it("kills a process that outlives its timeout and names the command and the limit", async () => {
    const error = await runProcess(node, { args: ["-e", "setInterval(() => {}, 1000)"], timeoutMs: 200 }).catch(
      (caught: unknown) => caught,
    );
    expect(ProcessError.isInstance(error) && error.failure).toBe("timeout");
    expect(String(error)).toContain(`${node} did not finish within 200 ms and was killed`);
  });

  it("names the Debian package when a known binary is missing", async () => {
    const env = { REHEARSE_ESPEAK: "/nonexistent/espeak-ng" };
    const error = await runProcess("espeak-ng", { env }).catch((caught: unknown) => caught);
    expect(ProcessError.isInstance(error) && error.failure).toBe("missing");
    expect(String(error)).toContain('espeak-ng was not found (tried "/nonexistent/espeak-ng")');
    expect(String(error)).toContain("apt-get install espeak-ng");
  });

  it("names both pocketsphinx packages and the override variable", async () => {
    const env = { REHEARSE_POCKETSPHINX: "/nonexistent/pocketsphinx_continuous" };
    await expect(runProcess("pocketsphinx_continuous", { env })).rejects.toThrow(
      /apt-get install pocketsphinx pocketsphinx-en-us\) or set REHEARSE_POCKETSPHINX/,
    );
    expect(installHint("ffmpeg")).toContain("apt-get install ffmpeg");
  });

  it("stops the process when its signal aborts", async () => {
    const controller = new AbortController();
    const running = runProcess(node, { args: ["-e", "setInterval(() => {}, 1000)"], signal: controller.signal });
    controller.abort();
    await expect(running).rejects.toThrow(/was stopped: the call was aborted/);
  });
});

describe("resolveBinary", () => {
  it("reads overrides from the env it is given, ignoring blank values", () => {
    expect(resolveBinary("ffmpeg", { env: { REHEARSE_FFMPEG: "/opt/ffmpeg/bin/ffmpeg" } })).toBe("/opt/ffmpeg/bin/ffmpeg");
    expect(resolveBinary("ffmpeg", { env: { REHEARSE_FFMPEG: "  " } })).toBe("ffmpeg");
    expect(resolveBinary("pocketsphinx_continuous", { env: {} })).toBe("pocketsphinx_continuous");
  });
});
