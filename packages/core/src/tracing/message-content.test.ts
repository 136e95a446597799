import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { userSimulatorAgent } from "../agents/user-simulator/user-simulator-agent.js";
import { AgentRole } from "../domain/roles.js";
import { createRehearse } from "../runner/rehearse.js";
import { agent, user } from "../script/steps.js";
import { scriptedModel } from "../testing/mock-models.js";

// tracing set up by the first run from the config (`tracing` in rehearse.config / createRehearse), content opted in
describe("model spans with captureMessageContent", () => {
  it("carry the prompt and the answer as gen_ai.input/output.messages", async () => {
    const exporter = new InMemorySpanExporter();
    const rehearse = createRehearse({
      configFile: false,
      env: {},
      config: { tracing: { spanProcessors: [new SimpleSpanProcessor(exporter)], captureMessageContent: true } },
    });
    await rehearse.run({
      name: "content",
      description: "a user asks about the weather",
      agents: [
        { role: AgentRole.AGENT, call: async () => "sunny" },
        userSimulatorAgent({ model: scriptedModel(["what's the weather?"], "user-model") }),
      ],
      script: [user(), agent()],
    });
    const [chat] = exporter.getFinishedSpans().filter((span) => span.name === "chat user-model");
    expect(chat?.attributes["gen_ai.output.messages"]).toContain("what's the weather?");
    expect(chat?.attributes["gen_ai.input.messages"]).toBeTypeOf("string");
    expect(chat?.attributes["gen_ai.system_instructions"]).toContain("weather");
    expect(chat?.attributes["rehearse.agent.role"]).toBe("User");
  });
});
