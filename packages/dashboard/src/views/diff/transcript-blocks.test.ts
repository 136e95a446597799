import { describe, expect, it } from "vitest";
import { type AlignedMessage, type MessageStatus, sidesOf, transcriptBlocks } from "./transcript-blocks";

const statuses: Array<[number, MessageStatus]> = [
  [0, "equal"],
  [0, "equal"],
  [1, "equal"],
  [1, "changed"],
  [2, "equal"],
  [2, "added"],
  [3, "equal"],
];
const messages: AlignedMessage[] = statuses.map(([turn, status], index) => ({ index, turn, status }));

describe("transcriptBlocks", () => {
  it("shows every message as its own row unless only changes are asked for", () => {
    const blocks = transcriptBlocks(messages, { onlyChanged: false, expanded: new Set() });
    expect(blocks.map((block) => block.kind)).toEqual(Array(7).fill("message"));
    expect(blocks.map((block) => block.kind === "message" && block.turnStart)).toEqual([
      true,
      false,
      true,
      false,
      true,
      false,
      true,
    ]);
  });

  it("collapses each run of equal messages into one block", () => {
    const blocks = transcriptBlocks(messages, { onlyChanged: true, expanded: new Set() });
    expect(
      blocks.map((block) => (block.kind === "equal" ? `equal ${block.from}-${block.to}` : `message ${block.message.index}`)),
    ).toEqual(["equal 0-2", "message 3", "equal 4-4", "message 5", "equal 6-6"]);
    const first = blocks[0];
    expect(first?.kind === "equal" && [first.firstTurn, first.lastTurn, first.messages.length, first.expanded]).toEqual([
      0,
      1,
      3,
      false,
    ]);
  });

  it("marks the blocks the user expanded", () => {
    const blocks = transcriptBlocks(messages, { onlyChanged: true, expanded: new Set([4]) });
    expect(blocks.filter((block) => block.kind === "equal").map((block) => block.kind === "equal" && block.expanded)).toEqual([
      false,
      true,
      false,
    ]);
  });

  it("keeps an all-equal transcript as one block", () => {
    const equal = messages.map((message) => ({ ...message, status: "equal" as const }));
    expect(transcriptBlocks(equal, { onlyChanged: true, expanded: new Set() })).toHaveLength(1);
  });
});

describe("sidesOf", () => {
  it("gives the base column the removals and the head column the additions", () => {
    const sides = sidesOf([
      { value: "The refund ", added: false, removed: false },
      { value: "was", added: false, removed: true },
      { value: "is not", added: true, removed: false },
      { value: " approved.", added: false, removed: false },
    ]);
    expect(sides.base).toEqual([
      { value: "The refund ", change: null },
      { value: "was", change: "removed" },
      { value: " approved.", change: null },
    ]);
    expect(sides.head).toEqual([
      { value: "The refund ", change: null },
      { value: "is not", change: "added" },
      { value: " approved.", change: null },
    ]);
  });
});
