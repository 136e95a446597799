import { describe, expect, it } from "vitest";
import { SseParser } from "./sse-client.js";

describe("SseParser", () => {
  it("parses frames split across chunks, comments, retry and multi-line data", () => {
    const parser = new SseParser();
    expect(parser.push("retry: 3000\n\nid: 1\nevent: run.st")).toEqual([{ retry: 3000 }]);
    expect(parser.push('ate\ndata: {"a":1}\n\n: heartbeat\r\n\r\ndata: x\ndata:y\n')).toEqual([
      { id: "1", event: "run.state", data: '{"a":1}' },
      { comment: "heartbeat" },
    ]);
    expect(parser.push("\n")).toEqual([{ data: "x\ny" }]);
  });
});
