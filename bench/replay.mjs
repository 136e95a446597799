// Replay check: a recorded batch of N scenarios replays with zero model calls.
//
// Usage: node bench/replay.mjs <path/to/packages/core/dist/index.js> [N=1000]
// Prints one JSON line. Exit code 1 when the record or the replay did not pass everything, or
// the replay called a model.
//
// In a fresh temp dir: N scenarios (echo agent + userSimulatorAgent + judgeAgent, both backed by
// MockLanguageModelV3 from `ai/test`, the same mocks as workload W) run through
// `createRehearse(...).runMany` with `cassette: { mode: "record" }`, each under its own name (one
// cassette file per scenario). Then a fresh context replays them with `cassette: { mode: "replay" }`
// and fresh mock models of the same provider/modelId (the cassette key holds the model key) whose
// doGenerate throws: every scenario must pass, with no model call and the recorded messages.
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [entryArg, countArg = "1000"] = process.argv.slice(2);
if (!entryArg) throw new Error("usage: node bench/replay.mjs <dist/index.js> [N]");
const count = Number(countArg);
const TURNS = 3;
const CRITERION = "Agent echoes the user message";
const CRITERION_PARAM = "agent_echoes_the_user_message";

// Same switch as bench.mjs: the AI SDK's per-call warnings would otherwise print to stderr.
globalThis.AI_SDK_LOG_WARNINGS = false;

const { MockLanguageModelV3 } = await import("ai/test");
const { createRehearse, userSimulatorAgent, judgeAgent, AgentRole } = await import(pathToFileURL(resolve(entryArg)).href);

const usage = {
  inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 },
  outputTokens: { total: 5, text: 5, reasoning: 0 },
};

/** workload W's mocks: the user model says hello, the judge finishes after TURNS agent replies. */
function recordingModels(calls) {
  const user = new MockLanguageModelV3({
    provider: "mock",
    modelId: "mock-user",
    doGenerate: async () => {
      calls.user++;
      return {
        content: [{ type: "text", text: `hello #${calls.user}` }],
        finishReason: { unified: "stop", raw: "stop" },
        usage,
        warnings: [],
      };
    },
  });
  const judge = new MockLanguageModelV3({
    provider: "mock",
    modelId: "mock-judge",
    doGenerate: async (options) => {
      calls.judge++;
      const text = JSON.stringify(options.prompt);
      const forced = options.toolChoice?.type === "tool" && options.toolChoice.toolName === "finish_test";
      const finish = forced || (text.match(/You said:/g) || []).length >= TURNS;
      const input = finish
        ? JSON.stringify({ criteria: { [CRITERION_PARAM]: "true" }, reasoning: "echo ok", verdict: "success" })
        : JSON.stringify({});
      return {
        content: [
          { type: "tool-call", toolCallId: `tc-${calls.judge}`, toolName: finish ? "finish_test" : "continue_test", input },
        ],
        finishReason: { unified: "tool-calls", raw: "tool_calls" },
        usage,
        warnings: [],
      };
    },
  });
  return { user, judge };
}

/** Same provider/modelId as the recording mocks; any call is counted and fails. */
function refusingModels(calls) {
  const refuse = (role) => async () => {
    calls[role]++;
    throw new Error(`replay called the ${role} model`);
  };
  return {
    user: new MockLanguageModelV3({ provider: "mock", modelId: "mock-user", doGenerate: refuse("user") }),
    judge: new MockLanguageModelV3({ provider: "mock", modelId: "mock-judge", doGenerate: refuse("judge") }),
  };
}

const echoAgent = {
  role: AgentRole.AGENT,
  async call(input) {
    const last = input.messages[input.messages.length - 1];
    return `You said: ${typeof last?.content === "string" ? last.content : JSON.stringify(last?.content)}`;
  },
};

function* scenarios(models) {
  for (let index = 0; index < count; index++) {
    yield {
      name: `echo replay ${index}`,
      description: "A user greets an echo agent; the agent must echo back.",
      agents: [echoAgent, userSimulatorAgent({ model: models.user }), judgeAgent({ model: models.judge, criteria: [CRITERION] })],
      maxTurns: TURNS + 1,
    };
  }
}

async function batch(cwd, mode, models) {
  const rehearse = createRehearse({ cwd, configFile: false, env: {}, config: { cassette: { mode } } });
  const concurrency = (await rehearse.resolveConfig()).concurrency;
  const started = performance.now();
  const result = await rehearse.runMany(scenarios(models));
  return { result, ms: Math.round(performance.now() - started), concurrency };
}

function directoryStats(directory) {
  let files = 0;
  let bytes = 0;
  const walk = (path) => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) {
        files++;
        bytes += statSync(child).size;
      }
    }
  };
  walk(directory);
  return { files, bytes };
}

const transcript = (result) => JSON.stringify(result?.messages ?? null);
const temp = mkdtempSync(join(os.tmpdir(), "rehearse-replay-"));
try {
  const recordCalls = { user: 0, judge: 0 };
  const recorded = await batch(temp, "record", recordingModels(recordCalls));
  const cassettes = directoryStats(join(temp, ".rehearse", "cassettes"));
  const replayCalls = { user: 0, judge: 0 };
  const replayed = await batch(temp, "replay", refusingModels(replayCalls));

  const sameMessages = replayed.result.results.filter(
    (result, index) => transcript(result) === transcript(recorded.result.results[index]),
  ).length;
  const modelCalls = replayCalls.user + replayCalls.judge;
  const problems = [];
  if (recorded.result.counts.pass !== count) problems.push(`record passed ${recorded.result.counts.pass}/${count}`);
  if (replayed.result.counts.pass !== count) problems.push(`replay passed ${replayed.result.counts.pass}/${count}`);
  if (modelCalls !== 0) problems.push(`replay made ${modelCalls} model calls`);
  if (sameMessages !== count) problems.push(`replay reproduced the recorded messages of ${sameMessages}/${count} scenarios`);
  const firstFailure =
    replayed.result.results.find((result) => !result?.success) ?? recorded.result.results.find((r) => !r?.success);

  console.log(
    JSON.stringify({
      n: count,
      turns: TURNS,
      concurrency: recorded.concurrency,
      ok: problems.length === 0,
      problems,
      record: {
        ms: recorded.ms,
        passed: recorded.result.counts.pass,
        modelCalls: recordCalls.user + recordCalls.judge,
        counts: recorded.result.counts,
      },
      replay: {
        ms: replayed.ms,
        passed: replayed.result.counts.pass,
        modelCalls,
        counts: replayed.result.counts,
        sameMessages,
      },
      cassettes: { files: cassettes.files, bytes: cassettes.bytes, sizeMB: Number((cassettes.bytes / 1048576).toFixed(2)) },
      sampleFailure: firstFailure ? String(firstFailure.error ?? firstFailure.reasoning).slice(0, 300) : undefined,
    }),
  );
  if (problems.length) process.exitCode = 1;
} finally {
  rmSync(temp, { recursive: true, force: true });
}
