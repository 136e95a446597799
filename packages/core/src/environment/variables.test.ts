import { describe, expect, it } from "vitest";
import { ConfigError } from "../domain/errors.js";
import { applyStepVariables, createVariables } from "./variables.js";

function thrown(action: () => unknown): ConfigError {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("createVariables", () => {
  it("sets, reads dotted paths and increments from 0", () => {
    const variables = createVariables({ ticket_count: 1 });
    variables.set("user", { name: "Ada", tags: ["a", "b"] });
    expect(variables.get("user.name")).toBe("Ada");
    expect(variables.get("user.tags[-1]")).toBe("b");
    expect(variables.get("user.missing")).toBeUndefined();
    expect(variables.increment("ticket_count")).toBe(2);
    expect(variables.increment("retries", 5)).toBe(5);
    expect(variables.increment("retries", -2)).toBe(3);
    expect(variables.snapshot()).toEqual({ ticket_count: 2, user: { name: "Ada", tags: ["a", "b"] }, retries: 3 });
  });

  it("isolates stored values and snapshots from outside changes", () => {
    const initial = { list: [1] };
    const variables = createVariables(initial);
    initial.list.push(2);
    const value = { nested: { n: 1 } };
    variables.set("value", value);
    value.nested.n = 99;
    const snapshot = variables.snapshot();
    (snapshot.list as number[]).push(3);
    variables.set("later", true);
    expect(variables.snapshot()).toEqual({ list: [1], value: { nested: { n: 1 } }, later: true });
    expect(snapshot).not.toHaveProperty("later");
  });

  it("rejects incrementing non-numbers and bad names or values", () => {
    const variables = createVariables({ name: "Ada" });
    expect(thrown(() => variables.increment("name")).message).toBe(
      'variables: `name` holds "Ada", which is not a number, so it cannot be incremented',
    );
    expect(thrown(() => variables.increment("n", Number.NaN)).message).toContain("increment must be a finite number");
    expect(thrown(() => variables.set("a.b", 1)).message).toContain("must be a plain name");
    expect(thrown(() => variables.set("f", () => 1)).message).toContain("cannot be stored");
    expect(thrown(() => variables.get("a..b")).message).toContain("empty key");
    expect(variables.snapshot()).toEqual({ name: "Ada" });
  });
});

describe("applyStepVariables", () => {
  it("applies set before increment in every increment shape", () => {
    const variables = createVariables();
    applyStepVariables(variables, { set: { n: 10, status: "open" }, increment: "n" });
    applyStepVariables(variables, { increment: ["n", "m", "m"] });
    applyStepVariables(variables, { increment: { n: 5, total: 2.5 } });
    expect(variables.snapshot()).toEqual({ n: 17, status: "open", m: 2, total: 2.5 });
  });

  it("rejects malformed fields with the step's location", () => {
    const variables = createVariables();
    const options = { source: "scenario.yaml", field: "script[1]" };
    const badAmount = thrown(() => applyStepVariables(variables, { increment: { n: "2" } as never }, options));
    expect(badAmount.message).toBe('step: `script[1].increment.n` must be a finite number, got "2"');
    expect(badAmount.source).toBe("scenario.yaml");
    expect(badAmount.path).toBe("script[1].increment.n");
    expect(thrown(() => applyStepVariables(variables, { set: [1] as never }, options)).path).toBe("script[1].set");
    expect(thrown(() => applyStepVariables(variables, { increment: [1] as never }, options)).path).toBe("script[1].increment[0]");
    expect(thrown(() => applyStepVariables(variables, { increment: 3 as never }, options)).path).toBe("script[1].increment");
    expect(variables.snapshot()).toEqual({});
  });
});
