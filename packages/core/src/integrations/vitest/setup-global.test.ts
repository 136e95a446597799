import { afterEach, describe, expect, it } from "vitest";
import setup from "./setup-global.js";

const key = "SCENARIO_BATCH_RUN_ID";
const before = process.env[key];

afterEach(() => {
  if (before === undefined) delete process.env[key];
  else process.env[key] = before;
});

describe("the vitest global setup", () => {
  it("sets one fresh batch id for the run, in Rehearse's id format, and its teardown removes it", () => {
    delete process.env[key];
    const teardown = setup();
    const first = process.env[key];
    expect(first).toMatch(/^scenariobatch_[0-9a-z]+$/);
    teardown();
    expect(process.env[key]).toBeUndefined();
    setup();
    expect(process.env[key]).not.toBe(first);
  });

  it("keeps a batch id the user set", () => {
    process.env[key] = "ci-build-42";
    const teardown = setup();
    expect(process.env[key]).toBe("ci-build-42");
    teardown();
    expect(process.env[key]).toBe("ci-build-42");
  });
});
