import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Agent } from "../domain/agent.js";
import { RehearseError } from "../domain/errors.js";
import { messageText } from "../domain/messages.js";
import type { ScenarioResult } from "../domain/result.js";
import { AgentRole } from "../domain/roles.js";
import type { ScenarioConfig } from "../domain/scenario.js";
import { agent, proceed, succeed, user } from "../script/steps.js";
import { isolated } from "../test-support/harness.js";
import { echoAgent, scriptedJudge, verdict } from "../testing/scripted-agents.js";
import { conversationText, debugInterceptor } from "./debug-mode.js";

/** A user simulator that counts its calls. */
function countingSimulator(): Agent & { calls: number } {
  const simulator = {
    role: AgentRole.USER,
    calls: 0,
    async call() {
      simulator.calls++;
      return "simulated hi";
    },
  };
  return simulator;
}

/** \`run()\` rejects for an error; the rejection carries the full result. */
function resultOfRejection(error: unknown): ScenarioResult {
  if (RehearseError.isInstance(error) && error.result) return error.result;
  throw error;
}

/** An output stream that keeps what was written. */
function captured(): { stream: PassThrough; text(): string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on("data", (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString("utf8") };
}

function scenario(simulator: Agent, script: ScenarioConfig["script"]): ScenarioConfig {
  return {
    name: "debugged",
    description: "a conversation stepped through the debug prompt",
    agents: [echoAgent(), simulator, scriptedJudge([null])],
    script,
  };
}

async function runDebugged(script: ScenarioConfig["script"], typed: string | undefined, end = false) {
  const simulator = countingSimulator();
  const input = new PassThrough();
  const output = captured();
  if (typed !== undefined) input.write(typed);
  if (end) input.end();
  const debug = debugInterceptor({ input, output: output.stream });
  try {
    const result = await isolated()
      .run(scenario(simulator, script), { interceptors: { agent: [debug] } })
      .catch(resultOfRejection);
    return { result, simulator, output: output.text() };
  } finally {
    debug.close();
  }
}

describe("debugInterceptor", () => {
  it("Enter lets the simulator speak and its message is used", async () => {
    const { result, simulator, output } = await runDebugged([user(), agent(), succeed()], "\n");
    expect(simulator.calls).toBe(1);
    expect(result.messages.map(messageText)).toEqual(["simulated hi", "You said: simulated hi"]);
    expect(output).toContain("[debug] debugged turn 1 — Enter: let the simulator speak");
  });

  it("typed text becomes the user's message and the simulator is not called", async () => {
    const { result, simulator } = await runDebugged([user(), agent(), succeed()], "I want a refund\n");
    expect(simulator.calls).toBe(0);
    expect(result.status).toBe("pass");
    expect(result.messages).toEqual([
      { role: "user", content: "I want a refund" },
      { role: "assistant", content: "You said: I want a refund" },
    ]);
  });

  it("shows the conversation so far before each simulated turn, and keeps lines typed ahead", async () => {
    const { result, simulator, output } = await runDebugged(
      [user("hello"), agent(), user(), agent(), user(), agent(), succeed()],
      "first typed\n\n",
    );
    expect(simulator.calls).toBe(1);
    expect(result.messages.map(messageText)).toEqual([
      "hello",
      "You said: hello",
      "first typed",
      "You said: first typed",
      "simulated hi",
      "You said: simulated hi",
    ]);
    expect(output).toContain("── debugged: 2 messages so far ──\n  1. User: hello\n  2. Agent: You said: hello\n");
    expect(output).toContain("  3. User: first typed\n  4. Agent: You said: first typed\n");
  });

  it("q stops the run with status error, code aborted", async () => {
    const { result, simulator } = await runDebugged([user(), agent(), succeed()], "q\n");
    expect(simulator.calls).toBe(0);
    expect(result.status).toBe("error");
    expect(result.errorCode).toBe("aborted");
    expect(result.error).toContain("stopped from the debug prompt");
  });

  it("falls back to the simulator for the rest of the run once the input ends, with one note", async () => {
    const { result, simulator, output } = await runDebugged([user(), agent(), user(), agent(), succeed()], "", true);
    expect(result.status).toBe("pass");
    expect(simulator.calls).toBe(2);
    expect(output.match(/input ended/g)).toHaveLength(1);
  });

  it("passes calls of other roles through, in an automatic run too", async () => {
    const simulator = countingSimulator();
    const theJudge = scriptedJudge([null, verdict(true)]);
    const input = new PassThrough();
    input.write("typed once\n\n");
    const output = captured();
    const debug = debugInterceptor({ input, output: output.stream, scenarioName: "named" });
    const result = await isolated().run(
      { name: "auto", description: "automatic turns", agents: [echoAgent(), simulator, theJudge], script: [proceed()] },
      { interceptors: { agent: [debug] } },
    );
    debug.close();
    expect(result.status).toBe("pass");
    expect(theJudge.calls).toHaveLength(2);
    expect(simulator.calls).toBe(1);
    expect(result.messages.map(messageText)).toEqual([
      "typed once",
      "You said: typed once",
      "simulated hi",
      "You said: simulated hi",
    ]);
    expect(output.text()).toContain("[debug] named turn 2");
  });

  it("stops waiting when the run is aborted", async () => {
    const controller = new AbortController();
    const input = new PassThrough();
    const output = captured();
    // Abort once the prompt is waiting for a line.
    output.stream.on("data", (chunk: Buffer) => {
      if (chunk.toString() === "> ") setImmediate(() => controller.abort(new Error("timed out")));
    });
    const debug = debugInterceptor({ input, output: output.stream });
    const result = await isolated()
      .run(scenario(countingSimulator(), [user(), agent(), succeed()]), {
        interceptors: { agent: [debug] },
        signal: controller.signal,
      })
      .catch(resultOfRejection);
    debug.close();
    expect(result.status).toBe("error");
    expect(result.errorCode).toBe("aborted");
  });
});

describe("conversationText", () => {
  it("puts one message on a line and names tool calls and results", () => {
    const text = conversationText("tools", [
      { role: "user", content: "refund\norder 42" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Looking it up" },
          { type: "tool-call", toolCallId: "1", toolName: "lookup_order", input: { id: 42 } },
        ],
      },
      {
        role: "tool",
        content: [
          { type: "tool-result", toolCallId: "1", toolName: "lookup_order", output: { type: "json", value: { ok: true } } },
        ],
      },
    ]);
    expect(text.split("\n")).toEqual([
      "── tools: 3 messages so far ──",
      "  1. User: refund ⏎ order 42",
      "  2. Agent: Looking it up [calls lookup_order]",
      "  3. Tool: [results of lookup_order]",
    ]);
  });
});
