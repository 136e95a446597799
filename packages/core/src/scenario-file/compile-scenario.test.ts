import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { InjectionTemplate } from "../domain/declarative.js";
import { isSeedStep } from "../script/seed-steps.js";
import { compileScenarioDocument } from "./compile-scenario.js";
import { readScenarioDocument } from "./read-document.js";
import { ScenarioFileError } from "./scenario-file-error.js";
import { ScenarioFileErrors } from "./scenario-file-errors.js";

const fixtures = fileURLToPath(new URL("../../test/fixtures/scenario-files/", import.meta.url));
const sharedUpload: InjectionTemplate = {
  name: "shared_upload",
  description: "A malware-carrying upload",
  injection: { type: "file_upload", file_type: "pdf", contains_malware: true, trigger: { kind: "timestamp", at: 2 } },
};

async function compileFixture(name: string, templates: InjectionTemplate[] = []) {
  const document = readScenarioDocument(await readFile(`${fixtures}${name}`), name);
  return compileScenarioDocument(document, name, { cwd: fixtures, templates });
}

describe("compileScenarioDocument", () => {
  it("compiles a YAML file into a ScenarioConfig with camelCase keys and snake_case declarative parts", async () => {
    const config = await compileFixture("valid.yaml");
    expect(config).toMatchObject({
      id: "refund-flow",
      name: "Refund flow",
      description: "A customer asks for a refund of order 42.",
      scenarioType: "business",
      difficulty: "medium",
      tags: ["refunds", "smoke"],
      isActive: true,
      seed: 7,
      maxTurns: 6,
      setId: "nightly",
      metadata: { owner: "payments" },
      variables: { ticket_count: 0 },
      expectedOutcomes: {
        min_events: 3,
        required_events: ["action_request"],
        forbidden_events: ["pii_leak"],
        state: [
          { path: "orders[0].status", operator: "equals", value: "refunded" },
          { equals: { orders: [{ id: 42, status: "refunded" }] } },
        ],
      },
    });
    expect(Object.keys(config)).not.toContain("scenario_type");
  });

  it("loads the .ts agent module and the .mjs tool handler, and adds simulator and judge in order", async () => {
    const config = await compileFixture("valid.yaml");
    expect(config.agents.map((agent) => agent.role)).toEqual(["Agent", "User", "Judge"]);
    expect(await config.agents[0]?.call({} as never)).toEqual({ role: "assistant", content: "refunded: order 42" });
    const refund = config.environment?.tools?.refund;
    expect(typeof refund?.handler).toBe("function");
    const state = { orders: [{ id: 42, status: "paid" }] };
    expect(refund?.handler?.({ order_id: 42 }, { state } as never)).toEqual({ refunded: true });
    expect(state.orders[0]?.status).toBe("refunded");
    expect(refund).toMatchObject({ description: "Refunds an order", latency: 0.5, parameters: { type: "object" } });
    expect(config.environment).toMatchObject({
      state: { orders: [{ id: 42, status: "paid" }] },
      latency: { agent: 2, tool: 0.2 },
      clock: "virtual",
      max_tool_rounds: 4,
      tools: { lookup: { response: { result: { found: true }, increment: { lookups: 1 } } } },
    });
  });

  it("normalises injections: flat trigger keys, condition aliases, own fields and templates", async () => {
    const config = await compileFixture("valid.yaml");
    expect(config.injections).toEqual([
      { type: "user_message", message: "Actually, make it order 43.", trigger: { kind: "event_count", count: 3 } },
      {
        type: "adversarial",
        attack_type: "jailbreak",
        severity: "high",
        trigger: { kind: "random", probability: 0.3, max_triggers: 2 },
      },
      { type: "system_condition", condition_type: "network_error", target_timestamp: 10, duration: 5 },
      { type: "system_condition", condition_type: "rate_limit" },
      {
        type: "tool_error",
        target_action: "*",
        error_type: "internal_error",
        trigger: { kind: "timestamp", at: 4, duration: 2 },
      },
      { type: "tool_error", target_action: "refund", error_type: "timeout", probability: 0.1, name: "flaky_refund" },
      { type: "concurrency", num_concurrent: 50, operation: "lookup", duration_seconds: 2 },
      { type: "file_upload", file_type: "pdf", file_size_mb: 2, malformed: true, trigger: { kind: "timestamp", at: 1 } },
    ]);
  });

  it("compiles seed steps through seedStep (seed assertion spelling made canonical) and DSL steps as functions", async () => {
    const config = await compileFixture("valid.yaml");
    const script = config.script ?? [];
    expect(script).toHaveLength(9);
    const seed = script.filter(isSeedStep).map((step) => step.seedStep);
    expect(seed).toEqual([
      { type: "user_message", message: "Please refund order 42", timestamp: 0 },
      { type: "agent_action", action: "refund", params: { order_id: 42 }, increment: { ticket_count: 1 } },
      { type: "wait", duration: 5 },
      { type: "assertion", path: "variables.ticket_count", operator: "equals", value: 1 },
      { type: "assertion", path: "state.orders[0].status", operator: "equals", value: "refunded" },
    ]);
    expect(script.slice(5).every((step) => typeof step === "function" && !isSeedStep(step))).toBe(true);
  });

  it("builds the detectors from their snake_case options", async () => {
    const config = await compileFixture("valid.yaml");
    expect(config.detectors?.map((detector) => detector.name)).toEqual(["pii_leak", "system_prompt_leak", "policy_violation"]);
    const reply = { role: "assistant" as const, content: "Sure, I will refund it. Write to jane@corp.example" };
    const context = { turn: 1, messages: [reply] };
    expect(await config.detectors?.[0]?.inspect(reply, context)).toMatchObject({ detector: "pii_leak" });
    expect(await config.detectors?.[2]?.inspect(reply, context)).toMatchObject({ reason: expect.stringMatching(/no-promise/) });
    expect(await config.detectors?.[1]?.inspect({ role: "assistant", content: "the code is aurora-42" }, context)).toBeDefined();
  });

  it("compiles a strict JSON file: http agent, injection_points alias, options templates, seed exists assertion", async () => {
    const config = await compileFixture("valid.json", [sharedUpload]);
    expect(config.agents).toHaveLength(1);
    expect(config.agents[0]).toMatchObject({ name: "HttpAgent", role: "Agent", keepsHistory: true });
    expect(config.scenarioType).toBe("stress");
    expect(config.injections).toEqual([
      { type: "system_condition", condition_type: "network_error", target_timestamp: 3 },
      { type: "system_condition", condition_type: "high_latency", latency_seconds: 4, target_actions: ["lookup"] },
      {
        type: "adversarial",
        attack_type: "prompt_injection",
        trigger: { kind: "event_count", count: 2, event_type: "user_input" },
      },
      {
        type: "file_upload",
        file_type: "pdf",
        contains_malware: true,
        trigger: { kind: "timestamp", at: 2 },
        filename: "invoice.pdf",
        name: "shared_upload",
      },
    ]);
    const seed = (config.script ?? []).filter(isSeedStep).map((step) => step.seedStep);
    expect(seed.at(-1)).toEqual({ type: "assertion", path: "variables.found", operator: "exists" });
    expect(config.script).toHaveLength(6);
  });

  it("leaves script undefined when the file has none, so the default [proceed()] applies", async () => {
    const text = 'name: a\ndescription: b\nagent: { http: { url: "http://127.0.0.1:9/", response_path: reply } }\n';
    const config = await compileScenarioDocument(readScenarioDocument(text, "s.yaml"), "s.yaml");
    expect(config.script).toBeUndefined();
    expect(Object.keys(config).sort()).toEqual(["agents", "description", "name"]);
  });

  it("reads the OpenAI-compatible key from the named environment variable", async () => {
    const text = [
      "name: a",
      "description: b",
      "agent:",
      "  openai_compatible: { base_url: 'http://127.0.0.1:9/v1', model: m, api_key_env: AGENT_KEY }",
    ].join("\n");
    const document = readScenarioDocument(text, "s.yaml");
    const config = await compileScenarioDocument(document, "s.yaml", { environment: { AGENT_KEY: "k" } });
    expect(config.agents[0]?.name).toBe("OpenAICompatibleAgent");
    const error = await compileScenarioDocument(document, "s.yaml", { environment: {} }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ScenarioFileError);
    expect(error.message).toBe("s.yaml:4:69: agent.openai_compatible.api_key_env: environment variable AGENT_KEY is not set");
  });
});

describe("compileScenarioDocument: templates", () => {
  const burst: InjectionTemplate = {
    name: "burst",
    injection: { type: "adversarial", attack_type: "jailbreak", trigger: { kind: "random", probability: 0.3, max_triggers: 2 } },
  };
  const compileInjections = async (lines: string) => {
    const text = `name: a\ndescription: b\nagent: { http: { url: "http://127.0.0.1:9/", response_path: r } }\ninjections:\n${lines}`;
    return (await compileScenarioDocument(readScenarioDocument(text, "s.yaml"), "s.yaml", { templates: [burst] })).injections;
  };

  it("lets a flat trigger key edit the template's trigger, and trigger_type replace it", async () => {
    expect(await compileInjections("  - { template: burst, probability: 0.1 }\n")).toEqual([
      {
        type: "adversarial",
        attack_type: "jailbreak",
        name: "burst",
        trigger: { kind: "random", probability: 0.1, max_triggers: 2 },
      },
    ]);
    expect(
      await compileInjections("  - { template: burst, name: late, trigger_type: event_count, target_event_count: 4 }\n"),
    ).toEqual([{ type: "adversarial", attack_type: "jailbreak", name: "late", trigger: { kind: "event_count", count: 4 } }]);
  });

  it("prefers the file's own template over one passed in options", async () => {
    const lines =
      "  - { template: burst }\ninjection_templates:\n  - { name: burst, injection: { type: user_message, message: hi } }\n";
    expect(await compileInjections(lines)).toEqual([{ type: "user_message", message: "hi", name: "burst" }]);
  });
});

describe("compileScenarioDocument: errors and module resolvers", () => {
  it("throws ScenarioFileErrors listing every problem of the file when there are several", async () => {
    const text = "name: a\ndescription: b\nagent: { module: ./a.ts }\nseed: -1\nmax_turns: 0\n";
    const error = await compileScenarioDocument(readScenarioDocument(text, "s.yaml"), "s.yaml").catch((caught) => caught);
    expect(error).toBeInstanceOf(ScenarioFileErrors);
    expect(error.message).toBe("s.yaml:4:1: seed: must be at least 0, got -1\ns.yaml:5:1: max_turns: must be at least 1, got 0");
  });

  it("loads module references through an injected resolver, relative to the scenario file", async () => {
    const requested: string[] = [];
    const agentObject = { role: "Agent" as const, call: async () => "hi" };
    const modules = {
      exists: (path: string) => path === "/repo/scenarios/agent.mjs",
      load: async (path: string) => {
        requested.push(path);
        return { default: agentObject };
      },
    };
    const text = "name: a\ndescription: b\nagent: { module: ./agent.mjs }\n";
    const document = readScenarioDocument(text, "scenarios/s.yaml");
    const config = await compileScenarioDocument(document, "scenarios/s.yaml", { cwd: "/repo", modules });
    expect(config.agents).toEqual([agentObject]);
    expect(requested).toEqual(["/repo/scenarios/agent.mjs"]);
    const missing = await compileScenarioDocument(document, "scenarios/s.yaml", { cwd: "/elsewhere", modules }).catch(
      (caught) => caught,
    );
    expect(missing.message).toBe("scenarios/s.yaml:3:10: agent.module: module file not found: /elsewhere/scenarios/agent.mjs");
    expect(requested).toHaveLength(1);
  });
});

describe("compileScenarioDocument: an environment from a module", () => {
  const agentObject = { role: "Agent" as const, call: async () => "hi" };
  const shop = { state: { orders: {} }, tools: { get_order: { handler: () => ({ ok: true }) } } };
  const resolverFor = (exports: Record<string, unknown>) => ({
    exists: () => true,
    load: async () => ({ default: agentObject, ...exports }),
  });
  const text = "name: a\ndescription: b\nagent: { module: ./agent.mjs }\nenvironment: { module: ./shop.mjs, export: shop }\n";
  const document = readScenarioDocument(text, "s.yaml");

  it("takes an EnvironmentSpec export, or a zero-argument function returning one", async () => {
    const fromObject = await compileScenarioDocument(document, "s.yaml", { cwd: "/repo", modules: resolverFor({ shop }) });
    expect(fromObject.environment).toBe(shop);
    const fromFactory = await compileScenarioDocument(document, "s.yaml", {
      cwd: "/repo",
      modules: resolverFor({ shop: () => shop }),
    });
    expect(fromFactory.environment).toBe(shop);
  });

  it("rejects an export that is not a valid environment, at the export's line", async () => {
    const wrong = { state: {}, tools: { get_order: { handler: () => 1, response: { result: 1 } } } };
    const error = await compileScenarioDocument(document, "s.yaml", {
      cwd: "/repo",
      modules: resolverFor({ shop: wrong }),
    }).catch((caught) => caught);
    expect(error).toBeInstanceOf(ScenarioFileError);
    expect(error.message).toMatch(/^s\.yaml:4:\d+: environment\.export: .*exactly one of handler and response/);
    const notObject = await compileScenarioDocument(document, "s.yaml", {
      cwd: "/repo",
      modules: resolverFor({ shop: 42 }),
    }).catch((caught) => caught);
    expect(notObject.message).toMatch(/environment\.export: export "shop" of \.\/shop\.mjs is not an environment/);
  });

  it("checks the tool names steps and injections use against the imported environment's tools", async () => {
    const withScript = `${text}script:\n  - { type: tool_call, tool: get_ordr }\ninjections:\n  - { type: tool_error, target_action: get_order, error_type: timeout }\n`;
    const compile = (source: string) =>
      compileScenarioDocument(readScenarioDocument(source, "s.yaml"), "s.yaml", { cwd: "/repo", modules: resolverFor({ shop }) });
    const error = await compile(withScript).catch((caught) => caught);
    expect(error).toBeInstanceOf(ScenarioFileError);
    expect(error.message).toBe(
      's.yaml:6:24: script[0].tool: unknown tool "get_ordr" (did you mean "get_order"?); the environment\'s tools: get_order',
    );
    const config = await compile(withScript.replace("get_ordr", "get_order"));
    expect(config.environment).toBe(shop);
  });

  it("still reports typos inside an inline environment with a hint", async () => {
    const inline = "name: a\ndescription: b\nagent: { module: ./agent.mjs }\nenvironment:\n  stat: {}\n";
    const error = await compileScenarioDocument(readScenarioDocument(inline, "s.yaml"), "s.yaml", {
      cwd: "/repo",
      modules: resolverFor({}),
    }).catch((caught) => caught);
    expect(error.message).toMatch(/^s\.yaml:5:3: environment\.stat: .*did you mean "state"/);
  });
});
