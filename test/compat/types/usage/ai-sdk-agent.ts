// An agent under test built on the AI SDK: generateText with tools, returning the response messages.
import scenario, { type AgentAdapter, AgentRole } from "@langwatch/scenario";
import { generateText, type ModelMessage, tool } from "ai";
import { MockLanguageModelV3 } from "ai/test";
import { z } from "zod";

const getWeather = tool({
  description: "Current weather of a city",
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => `Sunny in ${city}`,
});

export function weatherAgent(model = new MockLanguageModelV3()): AgentAdapter {
  return {
    role: AgentRole.AGENT,
    call: async (input) => {
      const response = await generateText({
        model,
        system: "You are a weather assistant.",
        messages: input.messages,
        tools: { get_weather: getWeather },
      });
      const messages: ModelMessage[] = response.response.messages;
      return messages.length > 0 ? messages : response.text;
    },
  };
}

export async function weather() {
  return scenario.run({
    name: "weather",
    description: "The user asks about the weather in Lisbon.",
    agents: [weatherAgent(), scenario.userSimulatorAgent({ model: new MockLanguageModelV3() })],
    script: [scenario.user("Weather in Lisbon?"), scenario.agent(), (state) => void state.hasToolCall("get_weather")],
  });
}
