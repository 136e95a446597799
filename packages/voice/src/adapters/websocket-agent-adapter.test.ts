import { once } from "node:events";
import type { AddressInfo } from "node:net";
import { succeed } from "@rehearse/core";
import { afterEach, describe, expect, it } from "vitest";
import { WebSocketServer } from "ws";
import { extractAudio } from "../recording/voice-messages.js";
import { runVoice } from "../run/run-voice.js";
import { voice } from "../steps/voice-namespace.js";
import { fakeTts } from "../test-support/fake-speech.js";
import { errorOf } from "../test-support/run-errors.js";
import { VoiceUserSimulatorAgent } from "./voice-user-simulator.js";
import { redactUrl, WebSocketAgentAdapter, type WebSocketProtocol } from "./websocket-agent-adapter.js";

/** A JSON protocol: {type:"audio", data: base64} both ways, {type:"transcript"}, {type:"done"}, {type:"error"}. */
const jsonProtocol: WebSocketProtocol = {
  encodeAudio: (pcm) => JSON.stringify({ type: "audio", data: Buffer.from(pcm).toString("base64") }),
  decode(message) {
    const event = JSON.parse(String(message));
    if (event.type === "audio")
      return { audio: new Uint8Array(Buffer.from(event.data, "base64")), ...(event.text ? { transcript: event.text } : {}) };
    if (event.type === "done") return { end: true };
    if (event.type === "error") throw new Error(`the agent sent an error: ${event.message}`);
    return null;
  },
};

type Behaviour = "answer" | "drop" | "error" | "silent";

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A local voice bot speaking `jsonProtocol` that behaves as told, on 127.0.0.1; returns its URL and what it received. */
async function peer(behaviour: Behaviour) {
  const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  servers.push(server);
  await once(server, "listening");
  const received: { type: string; bytes: number; authorization?: string }[] = [];
  server.on("connection", (socket, request) => {
    socket.on("message", (raw) => {
      const event = JSON.parse(String(raw));
      received.push({
        type: event.type,
        bytes: Buffer.from(event.data ?? "", "base64").length,
        authorization: request.headers.authorization,
      });
      if (behaviour === "silent") return;
      // an answer split at an odd byte count, as a transport frame boundary can fall mid-sample
      socket.send(JSON.stringify({ type: "audio", data: Buffer.alloc(4801, 1).toString("base64"), text: "hello" }));
      if (behaviour === "drop") return setTimeout(() => socket.terminate(), 20);
      if (behaviour === "error") return socket.send(JSON.stringify({ type: "error", message: "rate limited" }));
      socket.send(JSON.stringify({ type: "audio", data: Buffer.alloc(4799, 1).toString("base64"), text: "there" }));
      socket.send(JSON.stringify({ type: "done" }));
    });
  });
  const { port } = server.address() as AddressInfo;
  return { url: `ws://127.0.0.1:${port}/voice?token=secret-token`, received };
}

const caller = () => new VoiceUserSimulatorAgent({ voice: "fake/voice", tts: fakeTts });
const scenario = (adapter: WebSocketAgentAdapter) =>
  ({
    name: "ws bot",
    description: "a caller speaks to a WebSocket bot",
    seed: 1,
    agents: [adapter, caller()],
    script: [voice.user("hello"), voice.agent(), succeed()],
  }) as never;

describe("WebSocketAgentAdapter against a local peer", () => {
  it("sends the caller's audio and drains the answer, joining frames split mid-sample", async () => {
    const { url, received } = await peer("answer");
    const adapter = new WebSocketAgentAdapter(url, jsonProtocol, { headers: { authorization: "Bearer secret-key" } });
    const result = await runVoice(scenario(adapter));
    expect(result.status).toBe("pass");
    expect(received).toEqual([{ type: "audio", bytes: 1440 * 2, authorization: "Bearer secret-key" }]);
    const answer = extractAudio(result.messages.at(-1));
    expect(answer?.data.length).toBe(9600);
    expect(answer?.transcript).toBe("hello there");
    expect(result.latency?.measurements).toHaveLength(1);
  });

  it("a peer that drops the connection mid-answer ends the run error with the close code", async () => {
    const { url } = await peer("drop");
    const error = await errorOf(runVoice(scenario(new WebSocketAgentAdapter(url, jsonProtocol))));
    expect(error.message).toMatch(/closed the connection \(1006/);
    expect(error.result?.status).toBe("error");
    expect(error.message).not.toContain("secret-token");
  });

  it("a peer's error event ends the run error with its message", async () => {
    const { url } = await peer("error");
    const error = await errorOf(runVoice(scenario(new WebSocketAgentAdapter(url, jsonProtocol))));
    expect(error.message).toMatch(/the agent sent an error: rate limited/);
  });

  it("a silent peer ends the run error after the response timeout, not a hang", async () => {
    const { url } = await peer("silent");
    const adapter = new WebSocketAgentAdapter(url, jsonProtocol);
    adapter.responseTimeout = 0.3;
    const error = await errorOf(runVoice(scenario(adapter)));
    expect(error.message).toMatch(/no audio from the agent within 0.3 s/);
  });

  it("a peer that is not there ends the run error naming the URL without its credentials", async () => {
    const error = await errorOf(
      runVoice(scenario(new WebSocketAgentAdapter("ws://127.0.0.1:9/voice?token=secret-token", jsonProtocol))),
    );
    expect(error.message).toMatch(
      /could not connect: WebSocketAgentAdapter: cannot connect to ws:\/\/127\.0\.0\.1:9\/voice\?token=\*\*\*/,
    );
    expect(error.message).not.toContain("secret-token");
  });

  it("in a plain core run (no runVoice) it connects on first use and is closed when the run ends", async () => {
    const { url } = await peer("answer");
    const adapter = new WebSocketAgentAdapter(url, jsonProtocol);
    const server = servers.at(-1);
    const { createRehearse } = await import("@rehearse/core");
    const result = await createRehearse({ configFile: false, env: {} }).run(scenario(adapter));
    expect(result.status).toBe("pass");
    // the run closed the socket: the server has no client left
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server?.clients.size).toBe(0);
  });

  it("shows no credentials in toString", () => {
    const adapter = new WebSocketAgentAdapter("wss://user:pass@bot.example/voice?key=abc", jsonProtocol);
    expect(String(adapter)).toBe("WebSocketAgentAdapter(wss://***:***@bot.example/voice?key=***)");
    expect(redactUrl("ws://127.0.0.1:1/x")).toBe("ws://127.0.0.1:1/x");
  });
});
