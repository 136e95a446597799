import { describe, expect, it } from "vitest";
import { messageText } from "../domain/messages.js";
import { createSequentialIds } from "../runner/system.js";
import { MessageLog } from "./message-log.js";

const texts = (log: MessageLog, agent: number) => log.takeQueued(agent).map(messageText);

describe("MessageLog queues", () => {
  it("hands each agent what came after its last take, less its own replies", () => {
    const log = new MessageLog(2, createSequentialIds());
    log.add({ role: "user", content: "hi" }, 0);
    log.add({ role: "assistant", content: "hello" }, 1);
    expect(texts(log, 1)).toEqual(["hi"]);
    log.add({ role: "user", content: "note" });
    expect(texts(log, 0)).toEqual(["hello", "note"]);
    expect(texts(log, 1)).toEqual(["note"]);
    expect(texts(log, 1)).toEqual([]);
    expect(texts(log, 5)).toEqual([]);
  });

  it("a rollback drops removed messages from every queue and keeps the rest queued", () => {
    const log = new MessageLog(2, createSequentialIds());
    log.add({ role: "user", content: "a" }, 0);
    log.add({ role: "assistant", content: "b" }, 1);
    expect(texts(log, 1)).toEqual(["a"]);
    log.add({ role: "user", content: "c" }, 0);
    expect(log.rollbackTo(2).map(messageText)).toEqual(["c"]);
    expect(texts(log, 0)).toEqual(["b"]);
    log.rollbackTo(0);
    log.add({ role: "user", content: "d" }, 0);
    expect(texts(log, 1)).toEqual(["d"]);
    expect(texts(log, 0)).toEqual([]);
  });

  it("keeps ids made before a fork and after a rollback", () => {
    const log = new MessageLog(1, createSequentialIds());
    log.add({ role: "user", content: "a" });
    log.add({ role: "user", content: "b" });
    expect(log.idAt(-1)).toBe("scenariomsg_1");
    const fork = log.fork();
    expect(fork.identified().map(({ id }) => id)).toEqual(log.identified().map(({ id }) => id));
    log.rollbackTo(1);
    log.add({ role: "user", content: "c" });
    expect(log.idAt(1)).not.toBe(fork.idAt(1));
    expect(texts(fork, 0)).toEqual(["a", "b"]);
  });
});
