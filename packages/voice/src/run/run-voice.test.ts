import { AgentRole, messageText, succeed } from "@rehearse/core";
import { describe, expect, it } from "vitest";
import { ChunkQueue } from "../adapters/chunk-queue.js";
import { ComposableVoiceAgent } from "../adapters/composable-voice-agent.js";
import { VoiceAgentAdapter } from "../adapters/voice-agent-adapter.js";
import { VoiceUserSimulatorAgent } from "../adapters/voice-user-simulator.js";
import { AudioChunk } from "../audio/audio-chunk.js";
import { staticNoise } from "../effects/index.js";
import * as voice from "../steps/voice-steps.js";
import { fakeStt, fakeTts } from "../test-support/fake-speech.js";
import { errorOf } from "../test-support/run-errors.js";
import { runVoice } from "./run-voice.js";

const LONG =
  "our opening hours are nine to five on weekdays ten to four on saturdays and we are closed on sundays and public holidays";

function supportBot(options: { realtime?: boolean; interruptible?: boolean; onUserSpeech?: "keep-talking" | "stop" } = {}) {
  return new ComposableVoiceAgent({
    ...(options.interruptible === undefined ? {} : { interruptible: options.interruptible }),
    ...(options.onUserSpeech ? { onUserSpeech: options.onUserSpeech } : {}),
    stt: fakeStt,
    tts: (text) => fakeTts.synthesize(text, "fake/voice"),
    realtime: options.realtime ?? true,
    respond: ({ transcript, dtmf }) => {
      if (dtmf) return `thanks, refund for order ${dtmf.replace("#", "")} is on its way`;
      if (/refund/.test(transcript)) return "sure, key in your order number followed by hash";
      if (/hours/.test(transcript)) return LONG;
      if (/sunday/.test(transcript)) return "we are closed on sundays";
      return "";
    },
  });
}

const caller = (effects = [] as ReturnType<typeof staticNoise>[]) =>
  new VoiceUserSimulatorAgent({ voice: "fake/voice", tts: fakeTts, effects });

const base = (agents: unknown[], script: unknown[], seed = 7) =>
  ({ name: "phone support", description: "a caller phones the support line", agents, script, seed }) as never;

describe("runVoice", () => {
  it("runs a spoken conversation with DTMF and returns the recording, timeline and measured latencies", async () => {
    const result = await runVoice(
      base(
        [supportBot({ realtime: false }), caller()],
        [voice.user("I need a refund"), voice.agent(), voice.dtmf("42#"), voice.agent(), succeed()],
      ),
    );
    expect(result.status).toBe("pass");
    const texts = result.messages.map((message) => `${message.role}: ${messageText(message)}`);
    expect(texts).toEqual([
      "user: I need a refund",
      "assistant: sure, key in your order number followed by hash",
      "user: [DTMF 42#]",
      "assistant: thanks, refund for order 42 is on its way",
    ]);
    expect(result.audio?.segments.map((segment) => [segment.speaker, segment.transcript])).toEqual([
      ["user", "I need a refund"],
      ["agent", "sure, key in your order number followed by hash"],
      ["user", "[DTMF 42#]"],
      ["agent", "thanks, refund for order 42 is on its way"],
    ]);
    expect(result.timeline?.map((event) => event.type)).toContain("dtmf");
    expect(result.latency?.measurements).toHaveLength(2);
    expect(result.interaction?.responseLatency.count).toBe(2);
  });

  it("a barge-in stops the agent mid-answer: native interrupt, truncated segment, yield measured", async () => {
    const result = await runVoice(
      base(
        [supportBot(), caller()],
        [voice.user("what are your hours"), voice.interrupt("just sunday", { afterWords: 4 }), voice.agent(), succeed()],
      ),
    );
    expect(result.status).toBe("pass");
    const interrupt = result.timeline?.find((event) => event.type === "user_interrupt");
    expect(interrupt?.metadata).toMatchObject({ adapter: "ComposableVoiceAgent", native: true, outcome: "fired_after_speech" });
    const [first] = result.audio?.segments.filter((segment) => segment.speaker === "agent") ?? [];
    expect(first?.transcriptTruncated).toBe(true);
    // what the user heard is shorter than the full answer (60 ms a word)
    expect((first?.endTime ?? 0) - (first?.startTime ?? 0)).toBeLessThan(LONG.split(" ").length * 0.06);
    expect(result.interaction?.interruptions).toBe(1);
    expect(result.interaction?.yieldRate).toBe(1);
    expect(messageText(result.messages.at(-1) as never)).toBe("we are closed on sundays");
  });

  it("a backchannel is not an interruption: the agent keeps talking (selectivity)", async () => {
    const result = await runVoice(
      base(
        [supportBot(), caller()],
        [
          voice.user("what are your hours"),
          voice.agent({ wait: false }),
          voice.sleep(0.2),
          voice.backchannel("mm-hm"),
          voice.agent(),
          succeed(),
        ],
      ),
    );
    expect(result.status).toBe("pass");
    expect(result.interaction?.backchannels).toBe(1);
    expect(result.interaction?.selectivity).toBe(1);
    const answer = result.messages.find((message) => message.role === "assistant");
    expect(messageText(answer as never)).toBe(LONG);
  });

  it("an agent that talks over the user fails the yield measure; one that stops at any sound fails selectivity", async () => {
    const interrupting = [
      voice.user("what are your hours"),
      voice.interrupt("just sunday", { afterWords: 4 }),
      voice.agent(),
      succeed(),
    ];
    const stubborn = await runVoice(base([supportBot({ interruptible: false }), caller()], interrupting));
    expect(stubborn.timeline?.find((event) => event.type === "user_interrupt")?.metadata?.native).toBe(false);
    expect(stubborn.interaction?.yieldRate).toBe(0);
    expect(stubborn.interaction?.talkOverSeconds).toBeGreaterThan(0);
    // it said everything, over the user
    expect(messageText(stubborn.messages.find((message) => message.role === "assistant") as never)).toBe(LONG);

    const backchanneling = [
      voice.user("what are your hours"),
      voice.agent({ wait: false }),
      voice.sleep(0.2),
      voice.backchannel("mm-hm"),
      voice.agent(),
      succeed(),
    ];
    const eager = await runVoice(base([supportBot({ onUserSpeech: "stop" }), caller()], backchanneling));
    expect(eager.interaction?.backchannels).toBe(1);
    expect(eager.interaction?.selectivity).toBe(0);
  });

  it("replays exactly: the same seed gives the same effected audio, another seed different audio", async () => {
    const bytes = async (seed: number) => {
      const result = await runVoice(
        base(
          [supportBot({ realtime: false }), caller([staticNoise(0.1)])],
          [voice.user("I need a refund"), voice.agent(), succeed()],
          seed,
        ),
      );
      return Buffer.from(result.audio?.segments[0]?.audio ?? new Uint8Array()).toString("base64");
    };
    expect(await bytes(11)).toBe(await bytes(11));
    expect(await bytes(11)).not.toBe(await bytes(12));
  });

  it("DTMF on an adapter without it ends the run error, naming the adapter", async () => {
    class WebSocketBot extends VoiceAgentAdapter {
      async connect() {}
      async disconnect() {}
      async sendAudio() {}
      override async recvAudio() {
        return new AudioChunk({ data: new Uint8Array(0) });
      }
    }
    const error = await errorOf(runVoice(base([new WebSocketBot(), caller()], [voice.dtmf("1"), succeed()])));
    expect(error.message).toMatch(/WebSocketBot does not support dtmf/);
    expect(error.result?.status).toBe("error");
  });

  it("a connection that cannot be made, or drops mid-answer, ends the run error with the reason", async () => {
    class Unreachable extends VoiceAgentAdapter {
      async connect() {
        throw new Error("ECONNREFUSED 127.0.0.1:9");
      }
      async disconnect() {}
      async sendAudio() {}
      override recvAudio(): Promise<AudioChunk> {
        throw new Error("unreachable");
      }
    }
    const refused = await errorOf(runVoice(base([new Unreachable(), caller()], [voice.user("hello"), voice.agent(), succeed()])));
    expect(refused.result?.status).toBe("error");
    expect(refused.message).toMatch(/Unreachable: could not connect: ECONNREFUSED/);

    class Dropping extends VoiceAgentAdapter {
      readonly queue = new ChunkQueue("Dropping");
      async connect() {}
      async disconnect() {}
      async sendAudio() {
        this.queue.push(new AudioChunk({ data: new Uint8Array(4800) }));
        setTimeout(() => this.queue.fail(new Error("Dropping: the peer closed the connection (1006)")), 20);
      }
      override recvAudio(timeout: number, signal?: AbortSignal) {
        return this.queue.take(timeout, signal);
      }
    }
    const dropped = await errorOf(runVoice(base([new Dropping(), caller()], [voice.user("hello"), voice.agent(), succeed()])));
    expect(dropped.result?.status).toBe("error");
    expect(dropped.message).toMatch(/peer closed the connection/);
    // what was recorded before the drop is still there
    expect(dropped.result?.audio?.segments[0]?.speaker).toBe("user");
  });

  it("the run's agents see a user role simulator and an agent role adapter", () => {
    expect(caller().role).toBe(AgentRole.USER);
    expect(supportBot().role).toBe(AgentRole.AGENT);
  });
});
