import { afterEach, describe, expect, it, vi } from "vitest";
import { compileJsonSchema } from "./json-schema-validator.js";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("compileJsonSchema", () => {
  it("rejects an unknown format, naming where it is and the known format it is closest to", () => {
    const schema = { type: "object", properties: { email: { type: "string", format: "emial" } } };
    expect(() => compileJsonSchema(schema)).toThrow('unknown format "emial" at /properties/email/format (did you mean "email"?)');
  });

  it("lists the known formats when none is close", () => {
    expect(() => compileJsonSchema({ type: "string", format: "postcode" })).toThrow(
      /^unknown format "postcode" at \/format; known formats: .*\bdate-time\b.*\bemail\b/,
    );
  });

  it("checks the known formats", () => {
    const validate = compileJsonSchema({ type: "string", format: "email" });
    expect(validate("ada@example.com")).toEqual([]);
    expect(validate("nobody")).toEqual([{ pointer: "", keyword: "format", message: 'must match format "email"' }]);
  });

  it("allows keywords it does not know, without writing to the console", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const validate = compileJsonSchema({ type: "string", "x-vendor": true, examples: ["a"] });
    expect(validate("a")).toEqual([]);
    expect(validate(1)).toHaveLength(1);
    expect([warn.mock.calls, log.mock.calls, error.mock.calls]).toEqual([[], [], []]);
  });

  it("writes nothing to the console for an unknown format either", () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    expect(() => compileJsonSchema({ type: "string", format: "emial" })).toThrow();
    expect(warn).not.toHaveBeenCalled();
  });
});
