import { spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import { generateText, wrapLanguageModel } from "ai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CassetteEntry, createCassetteSession } from "../models/cassette.js";
import { CassetteFileError, cassetteFileName, createCassetteFileStore } from "./cassette-file.js";

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "rehearse-cassettes-"));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

function entry(key: string, response: unknown = { value: key }): CassetteEntry {
  return { key, kind: "function", occurrence: 0, request: { function: "f", args: [key] }, response };
}

describe("cassetteFileName", () => {
  it("keeps safe ids readable and never maps two ids to one file", () => {
    expect(cassetteFileName("refund-flow")).toBe("refund-flow.json");
    expect(cassetteFileName("Refund Flow!")).toMatch(/^refund-flow-[0-9a-f]{8}\.json$/);
    expect(cassetteFileName("../../etc/passwd")).toMatch(/^etc-passwd-[0-9a-f]{8}\.json$/);
    expect(cassetteFileName("")).toMatch(/^scenario-[0-9a-f]{8}\.json$/);
    const names = ["a b", "a-b", "A-B", "a_b", "a/b"].map(cassetteFileName);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
  });
});

describe("cassette file store", () => {
  it("saves pretty, sorted, stable JSON and merges by key (new entries win)", async () => {
    const store = createCassetteFileStore({ directory });
    await store.save("refund", [entry("b"), entry("a")]);
    const file = store.pathFor("refund");
    const first = await readFile(file, "utf8");
    expect(first).toContain('\n  "version": 1,\n  "scenario": "refund",\n  "entries": [\n');
    expect(first.endsWith("}\n")).toBe(true);
    await store.save("refund", [entry("a"), entry("b")]);
    expect(await readFile(file, "utf8")).toBe(first);

    await store.save("refund", [entry("c"), entry("a", { value: "newer" })]);
    const cassette = await store.load("refund");
    expect(cassette?.entries.map((item) => item.key)).toEqual(["a", "b", "c"]);
    expect(cassette?.entries[0]?.response).toEqual({ value: "newer" });
    expect(await store.load("never-recorded")).toBeUndefined();
    expect(await readdir(directory)).toEqual(["refund.json"]);
  });

  it("reports a corrupt cassette by file name and never overwrites it", async () => {
    const store = createCassetteFileStore({ directory });
    const file = store.pathFor("broken");
    await writeFile(file, '{"version": 1, "entries": [', "utf8");
    const error = await store.load("broken").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CassetteFileError);
    expect((error as CassetteFileError).file).toBe(file);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toContain("not valid JSON");
    await expect(store.save("broken", [entry("a")])).rejects.toBeInstanceOf(CassetteFileError);
    expect(await readFile(file, "utf8")).toBe('{"version": 1, "entries": [');

    await writeFile(file, JSON.stringify({ version: 2, scenario: "broken", entries: [] }), "utf8");
    await expect(store.load("broken")).rejects.toThrow(/not a Rehearse cassette at version/);
  });

  it("takes over a stale lock and times out on a live one", async () => {
    const store = createCassetteFileStore({ directory, _internal: { staleLockMs: 1_000, lockTimeoutMs: 200 } });
    const lock = `${store.pathFor("locked")}.lock`;
    await writeFile(lock, "12345\n", "utf8");
    await expect(store.save("locked", [entry("a")])).rejects.toThrow(/timed out waiting for the lock/);
    const longAgo = new Date(Date.now() - 60_000);
    await utimes(lock, longAgo, longAgo);
    await store.save("locked", [entry("a")]);
    expect((await store.load("locked"))?.entries).toHaveLength(1);
    expect(await readdir(directory)).toEqual(["locked.json"]);
  });

  it("keeps every entry when two processes and many in-process saves write one scenario at once", async () => {
    const script = join(directory, "record-worker.mjs");
    const storeModule = pathToFileURL(fileURLToPath(new URL("./cassette-file.ts", import.meta.url))).href;
    await writeFile(
      script,
      `import { createCassetteFileStore } from ${JSON.stringify(storeModule)};
const [directory, worker] = process.argv.slice(2);
const store = createCassetteFileStore({ directory });
for (let index = 0; index < 15; index += 1) {
  const key = worker + "-" + String(index).padStart(2, "0");
  await store.save("shared", [{ key, kind: "function", occurrence: 0, request: { worker, index }, response: { value: index } }]);
}
`,
      "utf8",
    );
    const children = ["child-a", "child-b"].map((worker) => runNode(script, [directory, worker]));
    // Two store objects, so in-process saves also contend for the lock file, not only the queue.
    const stores = [createCassetteFileStore({ directory }), createCassetteFileStore({ directory })];
    const local = Array.from({ length: 20 }, (_, index) =>
      stores[index % 2]!.save("shared", [entry(`local-${String(index).padStart(2, "0")}`)]),
    );
    await Promise.all([...children, ...local]);

    const text = await readFile(createCassetteFileStore({ directory }).pathFor("shared"), "utf8");
    const cassette = JSON.parse(text) as { entries: CassetteEntry[] };
    const keys = cassette.entries.map((item) => item.key);
    expect(keys).toHaveLength(50);
    expect(keys.filter((key) => key.startsWith("child-a"))).toHaveLength(15);
    expect(keys.filter((key) => key.startsWith("child-b"))).toHaveLength(15);
    expect(keys).toEqual([...keys].sort());
    expect((await readdir(directory)).sort()).toEqual(["record-worker.mjs", "shared.json"]);
  }, 30_000);
});

describe("record/replay through a real provider", () => {
  it("records one HTTP call to a file, then replays it with the server gone", async () => {
    const requests: string[] = [];
    const server = createServer((request, response) => {
      let body = "";
      request.on("data", (chunk: Buffer) => {
        body += chunk.toString("utf8");
      });
      request.on("end", () => {
        requests.push(`${request.method} ${request.url} ${body}`);
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify(chatCompletion("Refund approved for order 42.")));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    const provider = createOpenAICompatible({ name: "fake", baseURL: `http://127.0.0.1:${port}/v1` });

    const modelKey = "openai-compatible:fake-model";
    const call = async (mode: "record" | "replay") => {
      const store = createCassetteFileStore({ directory });
      const session = createCassetteSession({ mode, scenarioId: "refund", store, cassettePath: store.pathFor("refund") });
      const model = wrapLanguageModel({ model: provider.chatModel("fake-model"), middleware: session.middleware(modelKey) });
      const result = await generateText({ model, prompt: "Please refund order 42", maxRetries: 0 });
      await session.flush();
      return result;
    };

    const recorded = await call("record");
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain("Please refund order 42");
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));

    const cassetteText = await readFile(join(directory, "refund.json"), "utf8");
    expect(cassetteText).toContain('"text": "Please refund order 42"');
    expect(cassetteText).toContain('"model": "openai-compatible:fake-model"');

    const replayed = await call("replay");
    expect(replayed.text).toBe("Refund approved for order 42.");
    expect(replayed.text).toBe(recorded.text);
    expect(replayed.usage.totalTokens).toBe(recorded.usage.totalTokens);
    expect(replayed.response.timestamp).toEqual(recorded.response.timestamp);
    expect(requests).toHaveLength(1);
  });
});

function chatCompletion(text: string) {
  return {
    id: "chatcmpl-fake-1",
    object: "chat.completion",
    created: 1_767_225_600,
    model: "fake-model",
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop" }],
    usage: { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19 },
  };
}

/** Runs a script under tsx (it imports TypeScript sources); rejects with its stderr on failure. */
function runNode(script: string, args: string[]): Promise<void> {
  const tsx = import.meta.resolve("tsx");
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", tsx, script, ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`worker exited with ${code}: ${stderr}`))));
  });
}
