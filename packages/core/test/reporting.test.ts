import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { bin, cleanEnvironment, rehearseAsync, tempProject } from "../src/cli/test-support/bin.js";
import { FakeIngestServer } from "../src/delivery/test-support/fake-ingest-server.js";

// Black-box: the built bin (`npm run build` first) reporting to a fake Rehearse server on 127.0.0.1.
let project: ReturnType<typeof tempProject>;
let directory: string;
let server: FakeIngestServer;
beforeEach(async () => {
  project = tempProject("rehearse-reporting-");
  directory = project.directory;
  server = await FakeIngestServer.start("secret");
});
afterEach(async () => {
  await server.close();
  project.remove();
});

/** `count` scenarios of three turns; each agent reply takes `delayMs`. */
function writeScenarios(count: number, delayMs = 0) {
  mkdirSync(join(directory, "scenarios"));
  writeFileSync(
    join(directory, "scenarios", "echo.scenario.mjs"),
    `const wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const scenario = (index) => {
  let replies = 0;
  return {
    name: "echo " + index,
    description: "echoes",
    agents: [
      { role: "User", call: async () => "hello " + replies },
      { role: "Agent", call: async (input) => { await wait(${delayMs}); replies++; return "you said " + input.messages.at(-1).content; } },
      { role: "Judge", call: async () => replies >= 3 ? { success: true, reasoning: "echoed", metCriteria: [], unmetCriteria: [] } : null },
    ],
  };
};
export default Array.from({ length: ${count} }, (_, index) => scenario(index));
`,
  );
}

/** The event ids in the outbox's segment files (what a process had written when it stopped). */
function writtenIds(): Set<string> {
  const box = join(directory, ".rehearse", "outbox");
  const ids = new Set<string>();
  if (!existsSync(box)) return ids;
  for (const name of readdirSync(box).filter((entry) => entry.startsWith("seg-") && entry.endsWith(".jsonl"))) {
    for (const line of readFileSync(join(box, name), "utf8").split("\n")) {
      const match = /^[0-9a-f]{8} \{"eventId":"([0-9a-f-]{36})"/.exec(line);
      if (match) ids.add(match[1]!);
    }
  }
  return ids;
}

const receivedTotal = () => server.requests.reduce((sum, request) => sum + request.body.events.length, 0);

describe("rehearse run --report-to", () => {
  it("sends every event of every run exactly once, numbered from 0 per run, and leaves an empty outbox", async () => {
    writeScenarios(4);
    const result = await rehearseAsync(directory, ["run", "scenarios", "--report-to", server.url], {
      env: { REHEARSE_API_KEY: "secret" },
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const runs = new Set([...server.events.values()].map((event) => event.scenarioRunId));
    expect(runs.size).toBe(4);
    for (const run of runs) {
      const events = server.eventsOf(run);
      expect(events.map((event) => event.seq)).toEqual(events.map((_, index) => index));
      expect(events[0]!.type).toBe("SCENARIO_RUN_STARTED");
      expect(events.at(-1)!.type).toBe("SCENARIO_RUN_FINISHED");
      expect(events.filter((event) => event.type === "user_input")).toHaveLength(3);
    }
    // exactly once: nothing was posted twice
    expect(receivedTotal()).toBe(server.events.size);
    expect(writtenIds().size).toBe(0);
  });

  it("loses nothing when the reporting process is killed mid-run: the next process adopts its segments and delivers them", async () => {
    writeScenarios(40, 40);
    // the first process's requests never get an answer, so its events stay in the outbox
    server.answer = () => "hang";
    const child: ChildProcess = spawn(
      process.execPath,
      [bin, "run", "scenarios", "--concurrency", "2", "--report-to", server.url],
      {
        cwd: directory,
        env: cleanEnvironment({ REHEARSE_API_KEY: "secret" }),
        stdio: "ignore",
      },
    );
    const exited = new Promise((resolve) => child.on("exit", resolve));
    for (let waited = 0; writtenIds().size < 30 && waited < 20_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    child.kill("SIGKILL");
    await exited;
    const written = writtenIds();
    expect(written.size).toBeGreaterThanOrEqual(30);

    server.answer = () => "ingest";
    const flush = await rehearseAsync(directory, ["outbox", "flush", "--report-to", server.url, "--timeout", "20000"], {
      env: { REHEARSE_API_KEY: "secret" },
    });
    expect(flush.stderr).toBe("");
    expect(flush.code).toBe(0);
    expect(new Set(server.events.keys())).toEqual(written);
    expect(writtenIds().size).toBe(0);
  });
});
