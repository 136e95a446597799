import { describe, expect, it } from "vitest";
import { jsonReport } from "./json-report.js";
import { reportSafe } from "./report-safe.js";
import { reportFixture } from "./test-support/report-fixtures.js";

describe("jsonReport", () => {
  it("is the report as is, parsed back, with file data replaced by a note", () => {
    const report = reportFixture();
    const text = jsonReport(report);
    expect(text.endsWith("}\n")).toBe(true);
    const parsed = JSON.parse(text);
    expect(parsed.version).toBe(1);
    expect(parsed.counts).toEqual(report.counts);
    expect(parsed.entries[0].scenario).toEqual(report.entries[0]?.scenario);
    expect(parsed.entries[0].result.scenarioRun).toEqual(JSON.parse(JSON.stringify(report.entries[0]?.result.scenarioRun)));
    expect(parsed.entries[0].result.messages[0]).toEqual({ role: "user", content: "Please refund order A100, it was $90." });
    expect(parsed.entries[0].result.messages[3].content[1]).toEqual({
      type: "file",
      data: "[file: invoice.pdf, 3000 bytes]",
      mediaType: "application/pdf",
      filename: "invoice.pdf",
    });
    expect(text).not.toContain(Buffer.alloc(30, 7).toString("base64"));
  });

  it("gives the same text for the same report", () => {
    expect(jsonReport(reportFixture())).toBe(jsonReport(reportFixture()));
  });

  it("stays small: a 2 MB upload is a one-line note", () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 1);
    const messages = [{ role: "user" as const, content: [{ type: "file" as const, data: big, mediaType: "application/zip" }] }];
    const text = jsonReport(reportFixture([{ result: { messages } }]));
    expect(text.length).toBeLessThan(20_000);
    expect(text).toContain(`"[file: application/zip, ${big.length} bytes]"`);
  });
});

describe("reportSafe", () => {
  it("replaces binary and base64 file data in every part kind, keeps URLs", () => {
    const value = reportSafe({
      image: { type: "image", image: new Uint8Array(10), mediaType: "image/png" },
      dataUrl: { type: "file", data: "data:text/plain;base64,aGVsbG8=", mediaType: "text/plain" },
      media: { type: "content", value: [{ type: "media", data: "aGk=", mediaType: "image/png" }] },
      link: { type: "file", data: "https://example.invalid/a.pdf", mediaType: "application/pdf" },
      url: { type: "image", image: new URL("https://example.invalid/b.png") },
      stray: new Uint8Array(7).buffer,
      serialised: { type: "Buffer", data: [1, 2, 3] },
    });
    expect(value).toEqual({
      image: { type: "image", image: "[file: image/png, 10 bytes]", mediaType: "image/png" },
      dataUrl: { type: "file", data: "[file: text/plain, 5 bytes]", mediaType: "text/plain" },
      media: { type: "content", value: [{ type: "media", data: "[file: image/png, 2 bytes]", mediaType: "image/png" }] },
      link: { type: "file", data: "https://example.invalid/a.pdf", mediaType: "application/pdf" },
      url: { type: "image", image: "https://example.invalid/b.png" },
      stray: "[file: binary, 7 bytes]",
      serialised: "[file: binary, 3 bytes]",
    });
  });

  it("keeps what JSON keeps, and survives what JSON cannot", () => {
    const cycle: Record<string, unknown> = { name: "loop" };
    cycle.self = cycle;
    const value = reportSafe({
      cycle,
      when: new Date("2026-01-01T00:00:00Z"),
      gone: undefined,
      call: () => 1,
      big: 10n,
      nan: Number.NaN,
      list: [undefined, 1],
      map: new Map([["a", 1]]),
      set: new Set([1, 2]),
      error: new TypeError("bad"),
    });
    expect(value).toEqual({
      cycle: { name: "loop", self: "[circular]" },
      when: "2026-01-01T00:00:00.000Z",
      big: "10",
      nan: null,
      list: [null, 1],
      map: { a: 1 },
      set: [1, 2],
      error: { name: "TypeError", message: "bad" },
    });
    const shared = { a: 1 };
    expect(reportSafe({ left: shared, right: shared })).toEqual({ left: { a: 1 }, right: { a: 1 } });
  });
});
