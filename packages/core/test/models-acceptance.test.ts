import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createOpenAICompatible } from "@ai-sdk/openai-compatible";
import {
  type AgentInput,
  AgentRole,
  agent,
  cache,
  createRehearse,
  criterionParamNames,
  defaultPrices,
  judge,
  judgeAgent,
  type Logger,
  type RehearseConfig,
  RehearseError,
  recordable,
  type ScenarioConfig,
  type ScenarioResult,
  succeed,
  toolCalled,
  type UsageLine,
  user,
  userSimulatorAgent,
} from "@rehearse/core";
import { manualClock } from "@rehearse/core/testing";
import { generateText } from "ai";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeProviderServer, type FakeReply, startFakeProviderServer } from "../src/test-support/fake-provider-server.js";
// @ts-expect-error: a plain-JS fixture without types, shared with the child processes
import { acceptanceScenario, echo, simulatorLine } from "./fixtures/models-scenario.mjs";

// Black-box acceptance of the model features through the built package (`npm run build` first):
// real provider packages against a fake provider on 127.0.0.1, cassettes in a temp dir.

const guard = fileURLToPath(new URL("./fixtures/net-guard.mjs", import.meta.url));
const replayScript = fileURLToPath(new URL("./fixtures/models-replay.mjs", import.meta.url));
const cliScenario = fileURLToPath(new URL("./fixtures/models-cli.scenario.mjs", import.meta.url));
const bin = fileURLToPath(new URL("../dist/cli/main.js", import.meta.url));

const scenarioOf = acceptanceScenario as (criteria: string[], name?: string) => ScenarioConfig;
const criteria = ["The agent repeats the customer's request back", "The agent answers in English"];

let directory: string;
let fake: FakeProviderServer;
let fakeOpen: boolean;
beforeEach(async () => {
  directory = mkdtempSync(join(tmpdir(), "rehearse-models-"));
  fake = await startFakeProviderServer();
  fakeOpen = true;
});
afterEach(async () => {
  if (fakeOpen) await fake.close();
  rmSync(directory, { recursive: true, force: true });
});

async function closeFake(): Promise<void> {
  fakeOpen = false;
  await fake.close();
}

/** A logger that keeps what it is given. */
function capturingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    error: (message) => warnings.push(message),
    warn: (message) => warnings.push(message),
    info: () => {},
    debug: () => {},
    transcript: () => {},
  };
}

function context(config: RehearseConfig, logger: Logger = capturingLogger()) {
  return createRehearse({ cwd: directory, configFile: false, env: {}, logger, config });
}

/** `openai:gpt-4.1-mini` through @ai-sdk/openai, served by the fake. */
function openAIConfig(extra: RehearseConfig = {}): RehearseConfig {
  return {
    defaultModel: "openai:gpt-4.1-mini",
    providers: { openai: { baseURL: `${fake.origin}/v1`, apiKey: "test" } },
    ...extra,
  };
}

/** The simulator's line, then the judge's `finish_test` call meeting every criterion. */
function verdictReplies(criteriaOfJudge: string[] = criteria, line: string = simulatorLine): FakeReply[] {
  const names = criterionParamNames(criteriaOfJudge);
  return [
    { text: line },
    {
      toolCall: {
        name: "finish_test",
        input: {
          criteria: Object.fromEntries(names.map((name) => [name, "true"])),
          reasoning: "The agent echoed the request in English.",
          verdict: "success",
        },
      },
    },
  ];
}

function verdictOf(result: ScenarioResult) {
  const { status, reasoning, metCriteria, unmetCriteria } = result;
  return { status, reasoning, metCriteria, unmetCriteria };
}

/** One live call of the fake: 10 input and 5 output tokens (see the fake's `usage`). */
function liveLine(calls: number, cost: number | null): UsageLine {
  return {
    calls,
    replayedCalls: 0,
    inputTokens: 10 * calls,
    outputTokens: 5 * calls,
    reasoningTokens: 0,
    cachedInputTokens: 0,
    totalTokens: 15 * calls,
    cost,
  };
}

/** Runs node asynchronously (the fake lives in this process, so the event loop must keep turning). */
function node(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, args, { encoding: "utf8", ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/** The environment of a child process, without provider keys. */
function keylessEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, REHEARSE_LOG_LEVEL: "warn", ...extra };
  for (const name of ["OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_COMPATIBLE_API_KEY", "OPENAI_BASE_URL"]) delete env[name];
  return env;
}

interface ReplayOutput {
  result: ScenarioResult;
  rejected: boolean;
  warnings: string[];
  connections: string[];
  blocked: Array<{ kind: string; target: string }>;
}

/** Replays the acceptance scenario in a child process behind the network guard (`mode` "off" for the control). */
async function replayInChild(criteriaOfJudge: string[], mode: "replay" | "off" = "replay"): Promise<ReplayOutput> {
  const argument = JSON.stringify({ cwd: directory, criteria: criteriaOfJudge, baseURL: `${fake.origin}/v1`, mode });
  const { stdout, stderr } = await node(["--import", guard, replayScript, argument], { env: keylessEnvironment() });
  const line = stdout.split("\n").find((text) => text.startsWith("RESULT "));
  const marker = stdout.lastIndexOf("NET-ATTEMPTS ");
  if (!line || marker < 0) throw new Error(`the replay child printed no result:\n${stdout}\n${stderr}`);
  const blocked = JSON.parse(stdout.slice(marker + "NET-ATTEMPTS ".length));
  return { ...JSON.parse(line.slice("RESULT ".length)), blocked };
}

describe("record and replay through a real provider package", () => {
  it("records against the fake, then replays offline byte for byte; a changed criterion misses exactly the judge call", async () => {
    fake.enqueue(...verdictReplies());
    const recorded = await context(openAIConfig({ cassette: { mode: "record" } })).run(scenarioOf(criteria));

    expect(verdictOf(recorded)).toEqual({
      status: "pass",
      reasoning: "The agent echoed the request in English.",
      metCriteria: criteria,
      unmetCriteria: [],
    });
    expect(recorded.messages).toEqual([
      { role: "user", content: simulatorLine },
      { role: "assistant", content: `You said: ${simulatorLine}` },
    ]);
    expect(fake.requests.map((request) => [request.path, request.headers.authorization])).toEqual([
      ["/v1/chat/completions", "Bearer test"],
      ["/v1/chat/completions", "Bearer test"],
    ]);
    const cassettes = join(directory, ".rehearse", "cassettes");
    expect(readdirSync(cassettes)).toEqual(["model-acceptance.json"]);
    const file = join(cassettes, "model-acceptance.json");
    const text = readFileSync(file, "utf8");
    const cassette = JSON.parse(text) as { entries: Array<{ key: string; model: string; kind: string }> };
    expect(text).toBe(`${JSON.stringify(cassette, null, 2)}\n`);
    expect(cassette.entries.map((entry) => [entry.kind, entry.model])).toEqual([
      ["generate", "openai:gpt-4.1-mini"],
      ["generate", "openai:gpt-4.1-mini"],
    ]);

    await closeFake();
    const replayed = await replayInChild(criteria);
    expect(replayed.rejected).toBe(false);
    expect(JSON.stringify(replayed.result.messages)).toBe(JSON.stringify(recorded.messages));
    expect(JSON.stringify(verdictOf(replayed.result))).toBe(JSON.stringify(verdictOf(recorded)));
    expect(replayed.blocked).toEqual([]);
    expect(replayed.connections).toEqual([]);
    // replayed calls are counted, and cost nothing
    expect(replayed.result.usage?.byRole.User).toEqual({ ...liveLine(0, 0), replayedCalls: 1 });
    expect(replayed.result.usage?.byRole.Judge).toEqual({ ...liveLine(0, 0), replayedCalls: 1 });
    expect(replayed.result.usage?.total.cost).toBe(0);

    const changed = [criteria[0] as string, "The agent answers in French"];
    const missed = await replayInChild(changed);
    expect(missed.rejected).toBe(true);
    expect(missed.result.status).toBe("error");
    expect(missed.result.errorCode).toBe("replay_miss");
    const key = /model call to openai:gpt-4\.1-mini \(key ([0-9a-f]{64}), occurrence 0\)/.exec(missed.result.error ?? "")?.[1];
    expect(key, missed.result.error).toBeDefined();
    expect(cassette.entries.map((entry) => entry.key)).not.toContain(key);
    expect(missed.result.error).toContain(join(".rehearse", "cassettes", "model-acceptance.json"));
    // the simulator's call was answered from the cassette: its line is in the transcript, counted as replayed
    expect(missed.result.messages).toEqual(recorded.messages);
    expect(missed.result.usage?.byRole.User).toEqual({ ...liveLine(0, 0), replayedCalls: 1 });
    expect(missed.result.usage?.byRole.Judge).toBeUndefined();
    expect(missed.blocked).toEqual([]);
    expect(missed.connections).toEqual([]);
    // replay never writes the cassette
    expect(readFileSync(file, "utf8")).toBe(text);
  });

  it("control: the same child with cassettes off calls the provider, and the guard reports it", async () => {
    await closeFake();
    const live = await replayInChild(criteria, "off");
    expect(live.result.errorCode).toBe("model_failed");
    expect(live.blocked).toEqual([{ kind: "fetch", target: `${fake.origin}/v1/chat/completions` }]);
  });
});

describe("usage and cost", () => {
  it("counts tokens and calls per role and prices a priced model exactly", async () => {
    fake.enqueue(...verdictReplies());
    const result = await context(openAIConfig()).run(scenarioOf(criteria));
    const price = defaultPrices.models["openai:gpt-4.1-mini"];
    if (!price) throw new Error("no built-in price for openai:gpt-4.1-mini");
    const cost = (10 * price.inputPerMillion + 5 * price.outputPerMillion) / 1_000_000;

    expect(result.status).toBe("pass");
    expect(result.usage?.byRole.User).toEqual(liveLine(1, cost));
    expect(result.usage?.byRole.Judge).toEqual(liveLine(1, cost));
    expect(result.usage?.byModel).toEqual({ "openai:gpt-4.1-mini": liveLine(2, 2 * cost) });
    expect(result.usage?.total).toEqual(liveLine(2, 2 * cost));
  });

  it("an unpriced model costs null with one warning, and a batch's usage is the sum of its runs", async () => {
    const model = `openai-compatible:${fake.origin}/v1#local-model`;
    for (let index = 0; index < 3; index++) fake.enqueue(...verdictReplies());
    const logger = capturingLogger();
    const batch = await context({ defaultModel: model }, logger).runMany(
      [0, 1, 2].map((index) => scenarioOf(criteria, `unpriced ${index}`)),
      { concurrency: 1 },
    );

    expect(batch.results.map((result) => result.status)).toEqual(["pass", "pass", "pass"]);
    for (const result of batch.results) {
      expect(result.usage?.byRole.User).toEqual(liveLine(1, null));
      expect(result.usage?.byRole.Judge).toEqual(liveLine(1, null));
    }
    expect(batch.usage.byRole.User).toEqual(liveLine(3, null));
    expect(batch.usage.byRole.Judge).toEqual(liveLine(3, null));
    expect(batch.usage.byModel).toEqual({ [model]: liveLine(6, null) });
    expect(batch.usage.total).toEqual(liveLine(6, null));
    const unpriced = logger.warnings.filter((warning) => warning.includes("No price for"));
    expect(unpriced).toHaveLength(1);
    expect(unpriced[0]).toContain(`No price for ${model}, so its cost is null`);
  });

  it("a priced batch's cost is the sum of its runs' costs", async () => {
    for (let index = 0; index < 2; index++) fake.enqueue(...verdictReplies());
    const batch = await context(openAIConfig()).runMany(
      [0, 1].map((index) => scenarioOf(criteria, `priced ${index}`)),
      { concurrency: 1 },
    );
    const costs = batch.results.map((result) => result.usage?.total.cost as number);
    expect(costs.every((cost) => cost > 0)).toBe(true);
    expect(batch.usage.total.cost).toBe((costs[0] as number) + (costs[1] as number));
    expect(batch.usage.total.calls).toBe(4);
    expect(batch.usage.total.totalTokens).toBe(60);
  });
});

describe("batch budget", () => {
  it("stops the batch once maxTokens is spent; scenarios not run make no requests", async () => {
    for (let index = 0; index < 5; index++) fake.enqueue(...verdictReplies());
    // one scenario is 30 tokens (two calls of 15): the second reaches the limit
    const batch = await context(openAIConfig({ budget: { maxTokens: 31 } })).runMany(
      [0, 1, 2, 3, 4].map((index) => scenarioOf(criteria, `budget ${index}`)),
      { concurrency: 1 },
    );

    expect(batch.results.map((result) => result.status)).toEqual(["pass", "pass", "error", "error", "error"]);
    for (const result of batch.results.slice(2)) {
      expect(result.errorCode).toBe("budget_exceeded");
      expect(result.error).toContain("Token budget spent: 60 of maxTokens 31");
    }
    expect(batch.stopped).toEqual({ code: "budget_exceeded", reason: "Token budget spent: 60 of maxTokens 31 tokens used" });
    expect(fake.requests).toHaveLength(4);
    expect(batch.usage.total.totalTokens).toBe(60);
    expect(batch.counts).toEqual({ pass: 2, fail: 0, error: 3, skipped: 0 });
  });
});

describe("retries through the runner", () => {
  it("waits what Retry-After asks on the run's clock, then passes", async () => {
    fake.enqueue({ status: 429, headers: { "retry-after": "2" }, body: { error: { message: "slow down" } } });
    fake.enqueue(...verdictReplies());
    const clock = manualClock(1_000);
    const result = await context(openAIConfig()).run(scenarioOf(criteria), { clock });

    expect(result.status).toBe("pass");
    expect(clock.sleeps).toEqual([2000]);
    expect(fake.requests).toHaveLength(3);
    // the simulator's call was sent twice, unchanged
    expect(fake.requests[1]?.body).toEqual(fake.requests[0]?.body);
    // the failed attempt reported no usage
    expect(result.usage?.byRole.User?.calls).toBe(1);
  });

  it("a 400 is not retried: the run ends model_failed naming the status and the body", async () => {
    fake.enqueue({
      status: 400,
      body: { error: { message: "Invalid value for 'temperature': the fake rejects it", type: "invalid_request_error" } },
    });
    const clock = manualClock(1_000);
    const error = await context(openAIConfig())
      .run(scenarioOf(criteria), { clock })
      .then(
        () => undefined,
        (rejection: unknown) => rejection,
      );

    expect(RehearseError.isInstance(error)).toBe(true);
    const failure = error as RehearseError & { result?: ScenarioResult };
    expect(failure.code).toBe("model_failed");
    expect(failure.message).toContain("openai:gpt-4.1-mini failed after 1 attempt: HTTP 400 Bad Request");
    expect(failure.message).toContain("Invalid value for 'temperature': the fake rejects it");
    expect(failure.result?.status).toBe("error");
    expect(failure.result?.errorCode).toBe("model_failed");
    expect(failure.result?.error).toBe(failure.message);
    expect(fake.requests).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });
});

describe("per-model concurrency", () => {
  const simulatorOnly = (index: number): ScenarioConfig => ({
    name: `limited ${index}`,
    description: "A customer says hello.",
    agents: [echo, userSimulatorAgent()],
    script: [user(), agent(), succeed()],
  });

  it("keeps at most modelConcurrency calls of a model in flight", async () => {
    await fake.close();
    fake = await startFakeProviderServer({ delayMs: 30, defaultReply: { text: "hello" } });
    const batch = await context(openAIConfig({ modelConcurrency: 2 })).runMany(
      Array.from({ length: 10 }, (_, index) => simulatorOnly(index)),
      { concurrency: 10 },
    );
    expect(batch.counts.pass).toBe(10);
    expect(fake.requests).toHaveLength(10);
    expect(fake.maxInFlight).toBe(2);
  });

  it("control: without a limit the same batch has more calls in flight", async () => {
    await fake.close();
    fake = await startFakeProviderServer({ delayMs: 30, defaultReply: { text: "hello" } });
    await context(openAIConfig()).runMany(
      Array.from({ length: 10 }, (_, index) => simulatorOnly(index)),
      { concurrency: 10 },
    );
    expect(fake.maxInFlight).toBeGreaterThan(2);
  });
});

describe("without models", () => {
  it("a simulated user turn without any model is skipped, naming defaultModel", async () => {
    const result = await context({}).run({
      name: "no model",
      description: "A customer asks for help.",
      agents: [echo, userSimulatorAgent(), judgeAgent({ criteria: ["The agent helps"] })],
    });
    expect(result.status).toBe("skipped");
    expect(result.reasoning).toContain("defaultModel");
    expect(fake.requests).toHaveLength(0);
  });

  const toolAgent = (calls: boolean) => ({
    role: AgentRole.AGENT,
    call: async () =>
      calls
        ? [
            {
              role: "assistant" as const,
              content: [{ type: "tool-call" as const, toolCallId: "call-1", toolName: "lookup_order", input: { id: "42" } }],
            },
            {
              role: "tool" as const,
              content: [
                {
                  type: "tool-result" as const,
                  toolCallId: "call-1",
                  toolName: "lookup_order",
                  output: { type: "text" as const, value: "shipped" },
                },
              ],
            },
          ]
        : "I cannot look that up.",
  });
  const checked = (calls: boolean): ScenarioConfig => ({
    name: `checks ${calls}`,
    description: "A customer asks where order 42 is.",
    agents: [toolAgent(calls), judgeAgent({ criteria: ["The agent is helpful", toolCalled("lookup_order")] })],
    script: [user("Where is order 42?"), agent(), judge()],
  });

  it("a judge without a model: checks still decide, written criteria make a pass skipped", async () => {
    const passed = await context({}).run(checked(true));
    expect(passed.status).toBe("skipped");
    expect(passed.reasoning).toContain("defaultModel");
    expect(passed.reasoning).toContain("The agent is helpful");

    const failed = await context({}).run(checked(false));
    expect(failed.status).toBe("fail");
    expect(failed.unmetCriteria).toContain('Agent called tool "lookup_order"');
    expect(fake.requests).toHaveLength(0);
  });
});

describe("recordable() and cache() in the agent under test", () => {
  it("records the agent's own model call and cached function, then replays both without calling them", async () => {
    const provider = createOpenAICompatible({ name: "local", baseURL: `${fake.origin}/v1` });
    const model = recordable(provider.chatModel("local-model"));
    let lookups = 0;
    const lookup = cache(async function lookupOrder(orderId: string) {
      lookups++;
      return { orderId, status: "shipped" };
    });
    const ownAgent = {
      role: AgentRole.AGENT,
      call: async (input: AgentInput) => {
        const order = await lookup("42");
        const { text } = await generateText({ model, messages: input.messages, maxRetries: 0 });
        return `${text} (order ${order.orderId} is ${order.status})`;
      },
    };
    const scenario: ScenarioConfig = {
      name: "own model",
      description: "A customer asks where order 42 is.",
      agents: [ownAgent],
      script: [user("Where is order 42?"), agent(), succeed()],
    };
    fake.enqueue({ text: "Your order is on its way." });

    const recorded = await context({ cassette: { mode: "record" } }).run(scenario);
    expect(recorded.status).toBe("pass");
    expect(recorded.messages.at(-1)).toEqual({
      role: "assistant",
      content: "Your order is on its way. (order 42 is shipped)",
    });
    expect(fake.requests).toHaveLength(1);
    expect(lookups).toBe(1);
    const cassette = JSON.parse(readFileSync(join(directory, ".rehearse", "cassettes", "own-model.json"), "utf8")) as {
      entries: Array<{ kind: string }>;
    };
    expect(cassette.entries.map((entry) => entry.kind).sort()).toEqual(["function", "generate"]);

    await closeFake();
    const replayed = await context({ cassette: { mode: "replay" } }).run(scenario);
    expect(replayed.status).toBe("pass");
    expect(JSON.stringify(replayed.messages)).toBe(JSON.stringify(recorded.messages));
    expect(fake.requests).toHaveLength(1);
    expect(lookups).toBe(1);
  });
});

describe("rehearse run --record / --replay", () => {
  it("records the scenario file's model calls, then replays them from the cassette", async () => {
    writeFileSync(join(directory, "package.json"), `{ "type": "module" }`);
    const env = keylessEnvironment({ FAKE_PROVIDER_ORIGIN: fake.origin, REHEARSE_DEBUG_TTY: "" });
    fake.enqueue(...verdictReplies(["The agent repeats the request"]));

    const recorded = await node([bin, "run", cliScenario, "--record"], { cwd: directory, env });
    expect(recorded.stdout).toContain("PASS   cli acceptance");
    expect(recorded.code, recorded.stderr).toBe(0);
    expect(fake.requests).toHaveLength(2);
    expect(existsSync(join(directory, ".rehearse", "cassettes", "cli-acceptance.json"))).toBe(true);

    const replayed = await node([bin, "run", cliScenario, "--replay"], { cwd: directory, env });
    expect(replayed.stdout).toContain("PASS   cli acceptance");
    expect(replayed.code, replayed.stderr).toBe(0);
    expect(fake.requests).toHaveLength(2);

    // positive control: a changed call misses and fails the replay, still without a request
    const other = keylessEnvironment({ FAKE_PROVIDER_ORIGIN: fake.origin.replace("127.0.0.1", "localhost") });
    const missed = await node([bin, "run", cliScenario, "--replay"], { cwd: directory, env: other });
    expect(missed.stdout).toContain("ERROR  cli acceptance");
    expect(missed.code).toBe(1);
    expect(fake.requests).toHaveLength(2);
  });
});
