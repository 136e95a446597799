import { AgentRole } from "@rehearse/core";
import { describe, expect, it } from "vitest";
import { AudioChunk } from "../audio/audio-chunk.js";
import { createAudioMessage, extractAudio } from "../recording/voice-messages.js";
import { VoiceSession } from "../recording/voice-session.js";
import { UnsupportedCapabilityError } from "./capabilities.js";
import { ChunkQueue, VoiceTimeoutError } from "./chunk-queue.js";
import { VoiceAgentAdapter } from "./voice-agent-adapter.js";

const pcm = (seconds: number, value = 1000): Uint8Array => {
  const bytes = new Uint8Array(Math.round(seconds * 24_000) * 2);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < bytes.length / 2; index++) view.setInt16(index * 2, value, true);
  return bytes;
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A bot that answers each user audio, after `delayMs`, with `pieces` chunks 20 ms apart. */
class FakeBot extends VoiceAgentAdapter {
  readonly queue = new ChunkQueue("FakeBot");
  sent: AudioChunk[] = [];
  connected = false;
  constructor(
    private readonly options: { delayMs?: number; pieces?: { seconds: number; transcript?: string }[]; silent?: boolean } = {},
  ) {
    super();
    this.responseTailSilence = 0.15;
    this.responseTimeout = 1;
  }
  async connect() {
    this.connected = true;
  }
  async disconnect() {
    this.connected = false;
  }
  async sendAudio(chunk: AudioChunk) {
    this.sent.push(chunk);
    if (this.options.silent) return;
    void (async () => {
      await sleep(this.options.delayMs ?? 30);
      for (const piece of this.options.pieces ?? [{ seconds: 0.2, transcript: "hello" }]) {
        this.queue.push(
          new AudioChunk({ data: pcm(piece.seconds), ...(piece.transcript ? { transcript: piece.transcript } : {}) }),
        );
        await sleep(20);
      }
    })();
  }
  override recvAudio(timeoutSeconds: number, signal?: AbortSignal) {
    return this.queue.take(timeoutSeconds, signal);
  }
}

const inputWith = (chunk: AudioChunk) => {
  const message = createAudioMessage(chunk, "user");
  return {
    threadId: "t",
    messages: [message],
    newMessages: [message],
    requestedRole: AgentRole.AGENT,
  } as never;
};

describe("VoiceAgentAdapter.call", () => {
  it("sends the user's audio, drains the spoken answer and records both with a measured latency", async () => {
    const bot = new FakeBot({
      delayMs: 60,
      pieces: [
        { seconds: 0.1, transcript: "hello" },
        { seconds: 0.1, transcript: "there" },
      ],
    });
    const session = new VoiceSession({ seed: 1 });
    bot.useSession(session);
    const reply = await bot.call(inputWith(new AudioChunk({ data: pcm(0.3), transcript: "hi" })));
    const answer = extractAudio(reply as never);
    expect(answer?.transcript).toBe("hello there");
    expect(answer?.durationSeconds).toBeCloseTo(0.2, 5);
    expect(bot.sent).toHaveLength(1);
    const { segments, timeline } = session.recording;
    expect(segments.map((segment) => [segment.speaker, segment.transcript])).toEqual([
      ["user", "hi"],
      ["agent", "hello there"],
    ]);
    expect(timeline.map((event) => event.type)).toEqual([
      "user_start_speaking",
      "user_stop_speaking",
      "agent_start_speaking",
      "agent_stop_speaking",
    ]);
    // measured: the bot waits 60 ms before its first chunk
    expect(session.latency.measurements).toHaveLength(1);
    expect(session.latency.measurements[0]).toBeGreaterThanOrEqual(0.05);
    expect(timeline[2]?.latency).toBe(session.latency.measurements[0]);
  });

  it("ends with an error naming the adapter when the agent never answers", async () => {
    const bot = new FakeBot({ silent: true });
    await expect(bot.call(inputWith(new AudioChunk({ data: pcm(0.1) })))).rejects.toThrow(VoiceTimeoutError);
    await expect(bot.call(inputWith(new AudioChunk({ data: pcm(0.1) })))).rejects.toThrow(
      /FakeBot: no audio from the agent within 1 s/,
    );
  });

  it("ends with the transport's error when the connection drops mid-answer", async () => {
    const bot = new FakeBot({ pieces: [{ seconds: 0.1 }] });
    const call = bot.call(inputWith(new AudioChunk({ data: pcm(0.1) })));
    await sleep(50);
    bot.queue.fail(new Error("FakeBot: connection closed by the peer (1006)"));
    // the first chunk arrived; the drain then meets the failure instead of waiting out the tail
    await expect(call).rejects.toThrow(/connection closed by the peer/);
  });

  it("caps an answer at responseMaxDuration", async () => {
    const bot = new FakeBot({ pieces: Array.from({ length: 10 }, () => ({ seconds: 0.1 })) });
    bot.responseMaxDuration = 0.3;
    const reply = await bot.call(inputWith(new AudioChunk({ data: pcm(0.1) })));
    expect(extractAudio(reply as never)?.durationSeconds).toBeCloseTo(0.3, 5);
  });

  it("stops draining when interrupted, keeping later chunks for the next take", async () => {
    const bot = new FakeBot({ pieces: [{ seconds: 0.1, transcript: "one" }] });
    await bot.sendUserAudio(new AudioChunk({ data: pcm(0.1) }));
    const controller = new AbortController();
    const draining = bot.drain({ signal: controller.signal });
    expect(await bot.waitForSpeech(1)).toBe(true);
    controller.abort();
    const heard = await draining;
    expect(heard.transcript).toBe("one");
    bot.queue.push(new AudioChunk({ data: pcm(0.05), transcript: "later" }));
    expect((await bot.recvAudio(0.5)).transcript).toBe("later");
  });

  it("refuses interrupt and DTMF without the capability, naming the adapter and what to do", async () => {
    const bot = new FakeBot();
    await expect(bot.interrupt()).rejects.toThrow(UnsupportedCapabilityError);
    await expect(bot.interrupt()).rejects.toThrow(/FakeBot does not support interruption.*agent\(\{ wait: false \}\)/);
    await expect(bot.sendDtmf("1")).rejects.toThrow(/FakeBot does not support dtmf/);
  });
});
