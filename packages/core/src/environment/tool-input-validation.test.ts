import { describe, expect, it } from "vitest";
import type { AgentInput } from "../domain/agent.js";
import type { EnvironmentSpec, EnvironmentToolContext } from "../domain/declarative.js";
import { AgentRole } from "../domain/roles.js";
import { createRehearse } from "../runner/rehearse.js";
import { userMessage } from "../script/seed-steps.js";
import { environmentTools } from "./environment-tools.js";
import { virtualClock } from "./scenario-clock.js";
import { ToolFault } from "./tool-fault.js";
import { createVariables } from "./variables.js";

/** An order tool whose schema uses what the old hand-written check ignored. */
const orderParameters = {
  type: "object",
  $defs: { sku: { type: "string", pattern: "^[A-Z]{3}-\\d+$" } },
  properties: {
    email: { type: "string", format: "email" },
    deliver_at: { type: "string", format: "date-time" },
    items: {
      type: "array",
      minItems: 1,
      items: { type: "object", properties: { sku: { $ref: "#/$defs/sku" }, quantity: { type: "integer", minimum: 1 } } },
    },
    payment: {
      oneOf: [
        { type: "object", required: ["card"], properties: { card: { type: "string" } } },
        { type: "object", required: ["iban"], properties: { iban: { type: "string" } } },
      ],
    },
    note: { anyOf: [{ type: "string", maxLength: 20 }, { type: "null" }] },
  },
  required: ["email", "items"],
  additionalProperties: false,
} as const;

const valid = {
  email: "ada@example.com",
  deliver_at: "2030-01-02T10:00:00Z",
  items: [{ sku: "ABC-12", quantity: 2 }],
  payment: { card: "4242" },
  note: null,
};

function orderTools() {
  const received: unknown[] = [];
  const spec: EnvironmentSpec = {
    tools: {
      place_order: {
        parameters: orderParameters,
        handler: (input: Record<string, unknown>, _context: EnvironmentToolContext) => {
          received.push(input);
          return { ok: true };
        },
      },
    },
  };
  const world = { state: {}, variables: createVariables(), clock: virtualClock(0), random: () => 0.5 };
  const tools = environmentTools(spec, world, (schema) => schema);
  const call = (input: unknown) => tools.place_order?.execute(input as never, { toolCallId: "call-1" });
  return { call, received };
}

async function faultOf(promise: unknown): Promise<ToolFault> {
  try {
    await promise;
  } catch (error) {
    if (ToolFault.isInstance(error)) return error;
    throw error;
  }
  throw new Error("the tool accepted the input");
}

describe("environment tool parameters are checked as full JSON Schema", () => {
  it("runs the handler for an input that fits", async () => {
    const { call, received } = orderTools();
    await expect(call(valid)).resolves.toEqual({ ok: true });
    expect(received).toEqual([valid]);
  });

  it.each([
    [
      "pattern ($ref into $defs)",
      { ...valid, items: [{ sku: "abc12", quantity: 1 }] },
      '/items/0/sku: must match pattern "^[A-Z]{3}-\\d+$" (pattern)',
    ],
    ["format email", { ...valid, email: "not-an-email" }, '/email: must match format "email" (format)'],
    ["format date-time", { ...valid, deliver_at: "next tuesday" }, '/deliver_at: must match format "date-time" (format)'],
    ["minItems", { ...valid, items: [] }, "/items: must NOT have fewer than 1 items (minItems)"],
    ["oneOf", { ...valid, payment: { card: "4242", iban: "DE00" } }, "/payment: must match exactly one schema in oneOf (oneOf)"],
    ["anyOf", { ...valid, note: "x".repeat(30) }, "/note: must match a schema in anyOf (anyOf)"],
    ["integer minimum", { ...valid, items: [{ sku: "ABC-1", quantity: 0 }] }, "/items/0/quantity: must be >= 1 (minimum)"],
    ["required", { items: valid.items }, "(root): must have required property 'email' (required)"],
    ["additionalProperties", { ...valid, coupon: "FREE" }, "(root): must NOT have the property 'coupon' (additionalProperties)"],
  ])("rejects an input that breaks %s before the handler, naming the pointer and the rule", async (_rule, input, expected) => {
    const { call, received } = orderTools();
    const fault = await faultOf(call(input));
    expect(fault.payload.type).toBe("invalid_input");
    expect(fault.payload.recoverable).toBe(true);
    expect(fault.payload.message.startsWith(expected)).toBe(true);
    expect(received).toEqual([]);
  });

  it("says why each branch of a failed oneOf did not match", async () => {
    const { call } = orderTools();
    const fault = await faultOf(call({ ...valid, payment: {} }));
    expect(fault.payload.message).toBe(
      "/payment: must match exactly one schema in oneOf (oneOf); /payment: must have required property 'card'; /payment: must have required property 'iban'",
    );
  });

  it("rejects with an invalid_scenario error naming the tool when parameters is not a valid JSON Schema", async () => {
    const spec: EnvironmentSpec = { tools: { broken: { parameters: { type: "strnig" }, response: { result: "ok" } } } };
    const world = { state: {}, variables: createVariables(), clock: virtualClock(0), random: () => 0.5 };
    const tools = environmentTools(spec, world, (schema) => schema);
    await expect(tools.broken?.execute({} as never, { toolCallId: "call-1" })).rejects.toMatchObject({
      code: "invalid_scenario",
      message: expect.stringMatching(/tool "broken": parameters is not a valid JSON Schema: .*type/),
    });
  });
});

describe("an agent under test calling a tool with a bad input", () => {
  it("is told the pointer and the rule as the tool's error; the handler never runs", async () => {
    const handled: unknown[] = [];
    const seen: string[] = [];
    const agent = {
      role: AgentRole.AGENT,
      name: "orderer",
      async call(input: AgentInput) {
        const tools = input.tools as NonNullable<AgentInput["tools"]>;
        try {
          await tools.place_order?.execute({ ...valid, email: "ada at example" } as never, { toolCallId: "t1" });
        } catch (error) {
          seen.push((error as Error).message);
        }
        return "I could not place the order.";
      },
    };
    const result = await createRehearse().run({
      name: "bad order input",
      description: "The agent sends an email address the schema rejects",
      agents: [agent],
      environment: {
        tools: {
          place_order: {
            parameters: orderParameters,
            handler: (input) => {
              handled.push(input);
              return { ok: true };
            },
          },
        },
      },
      script: [userMessage("Order one ABC-12 please")],
    });
    expect(result.status).not.toBe("error");
    expect(handled).toEqual([]);
    expect(seen).toEqual(['invalid_input: /email: must match format "email" (format)']);
    expect(result.toolCalls?.[0]?.error).toContain('/email: must match format "email"');
  });
});

describe("a TypeScript scenario whose tool schema names an unknown format", () => {
  it("rejects the run with an invalid_config error naming the field and the closest format", async () => {
    const agent = { role: AgentRole.AGENT, name: "signer", call: async () => "done" };
    const run = createRehearse().run({
      name: "signup",
      description: "The agent signs a user up",
      agents: [agent],
      environment: {
        tools: {
          signup: {
            parameters: { type: "object", properties: { email: { type: "string", format: "emial" } } },
            response: { result: { ok: true } },
          },
        },
      },
      script: [userMessage("Sign me up")],
    });
    const error = await run.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "invalid_config" });
    expect((error as Error).message).toBe(
      'scenario "signup": environment.tools.signup.parameters: has an unknown format "emial" at /properties/email/format (did you mean "email"?)',
    );
  });
});
