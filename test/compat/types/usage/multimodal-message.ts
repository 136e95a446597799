// A user message with an image part, sent with message().
import scenario, { type AgentAdapter, AgentRole } from "@langwatch/scenario";
import type { ImagePart, TextPart, UserModelMessage } from "ai";

const looksAtImages: AgentAdapter = {
  role: AgentRole.AGENT,
  call: async (input) => {
    const last = input.messages.at(-1);
    const images = Array.isArray(last?.content) ? last.content.filter((part) => part.type === "image").length : 0;
    return `I see ${images} image(s).`;
  },
};

export async function describeImage(dataUrl: string) {
  const text: TextPart = { type: "text", text: "What is in this picture?" };
  const image: ImagePart = { type: "image", image: dataUrl };
  const question = { role: "user" as const, content: [text, image] } as UserModelMessage;
  return scenario.run({
    name: "image question",
    description: "The user sends a photo and asks about it.",
    agents: [looksAtImages, scenario.userSimulatorAgent(), scenario.judgeAgent({ criteria: ["The agent mentions the image"] })],
    script: [scenario.message(question), scenario.agent(), scenario.judge()],
  });
}
