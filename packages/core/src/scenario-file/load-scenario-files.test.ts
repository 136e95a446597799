import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { RehearseError } from "../domain/errors.js";
import { loadScenarioFiles } from "./load-scenario-files.js";
import { ScenarioFileErrors } from "./scenario-file-errors.js";

const fixtures = fileURLToPath(new URL("../../test/fixtures/scenario-files/", import.meta.url));
const agentModule = join(fixtures, "agent.ts");
const toolsModule = join(fixtures, "tools.mjs");
const head = 'name: a\ndescription: b\nagent:\n  http: { url: "http://127.0.0.1:9/", response_path: reply }\n';
const moduleHead = (extra: string) => `name: a\ndescription: b\nagent:\n  module: ${agentModule}\n${extra}`;

const directories: string[] = [];
afterEach(async () => {
  await Promise.all(directories.splice(0).map((directory) => rm(directory, { recursive: true, force: true })));
});

async function directoryWith(files: Record<string, string>): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), "rehearse-scenario-files-"));
  directories.push(directory);
  for (const [name, content] of Object.entries(files)) await writeFile(join(directory, name), content);
  return directory;
}

/** Every error message of loading `files` (all of them, in order); fails when loading succeeds. */
async function problems(files: Record<string, string>, paths = Object.keys(files)): Promise<string[]> {
  const cwd = await directoryWith(files);
  const error = await loadScenarioFiles(paths, { cwd }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ScenarioFileErrors);
  return (error as ScenarioFileErrors).errors.map((problem) => problem.message);
}

const injection = (...lines: string[]) =>
  `${head}injections:\n${lines.map((line, index) => (index === 0 ? `  - ${line}` : `    ${line}`)).join("\n")}\n`;
/** The head with an inline environment of two tools, `refund` and `lookup`, on lines 5–8. */
const tools = `${head}environment:\n  tools:\n    refund: { response: { result: 1 } }\n    lookup: { response: { result: 2 } }\n`;
const step = (...lines: string[]) =>
  `${head}script:\n${lines.map((line, index) => (index === 0 ? `  - ${line}` : `    ${line}`)).join("\n")}\n`;

// [case, file text, expected start of the message (file:line:column: field: problem…)]
const malformed: Array<[string, string, string]> = [
  [
    "unknown top-level key, with a hint",
    `${head}max_turn: 3\n`,
    's.yaml:5:1: max_turn: unknown key "max_turn" (did you mean "max_turns"?)',
  ],
  [
    "unknown step type",
    step("type: usr"),
    's.yaml:6:5: script[0].type: unknown type "usr" (did you mean "user"?); valid types: user_message, agent_action',
  ],
  [
    "unknown injection type",
    injection("type: tool_eror", "target_action: x"),
    's.yaml:6:5: injections[0].type: unknown type "tool_eror" (did you mean "tool_error"?)',
  ],
  [
    "unknown attack_type",
    injection("type: adversarial", "attack_type: jailbrake"),
    's.yaml:7:5: injections[0].attack_type: must be one of prompt_injection, jailbreak, context_drift, pii_extraction, policy_violation, got "jailbrake" (did you mean "jailbreak"?)',
  ],
  [
    "unknown error_type",
    injection("type: tool_error", "target_action: refund", "error_type: time_out"),
    "s.yaml:8:5: injections[0].error_type: must be one of timeout,",
  ],
  [
    "unknown condition_type",
    injection("type: system_condition", "condition_type: network_eror"),
    's.yaml:7:5: injections[0].condition_type: must be one of timeout, network_error, rate_limit, high_latency, got "network_eror" (did you mean "network_error"?)',
  ],
  [
    "probability above 1",
    injection("type: tool_error", "target_action: refund", "error_type: timeout", "probability: 1.5"),
    "s.yaml:9:5: injections[0].probability: must be at most 1, got 1.5",
  ],
  [
    "negative duration",
    injection("type: system_condition", "condition_type: timeout", "duration: -5"),
    "s.yaml:8:5: injections[0].duration: must be greater than 0, got -5",
  ],
  [
    "num_concurrent 0",
    injection("type: concurrency", "num_concurrent: 0", "operation: lookup", "duration_seconds: 1"),
    "s.yaml:7:5: injections[0].num_concurrent: must be at least 1, got 0",
  ],
  [
    "num_concurrent not whole",
    injection("type: concurrency", "num_concurrent: 2.5", "operation: lookup", "duration_seconds: 1"),
    "s.yaml:7:5: injections[0].num_concurrent: must be a whole number, got 2.5",
  ],
  ["seed -1", `${head}seed: -1\n`, "s.yaml:5:1: seed: must be at least 0, got -1"],
  ["max_turns 0", `${head}max_turns: 0\n`, "s.yaml:5:1: max_turns: must be at least 1, got 0"],
  [
    "mixed assertion spellings",
    step("type: assertion", "path: variables.x", "assertion_type: equals", "expected: 1"),
    "s.yaml:8:5: script[0].assertion_type: mixes the seed spelling (assertion_type, expected) with path",
  ],
  [
    "unknown assertion operator",
    step("type: assertion", "assertion_type: equal", "actual_path: variables.x", "expected: 1"),
    "s.yaml:7:5: script[0].assertion_type: must be one of equals,",
  ],
  [
    "assertion path outside the context",
    step("type: assertion", "path: vars.x", "operator: exists"),
    "s.yaml:7:5: script[0].path: must start with variables, state, events, last_response",
  ],
  [
    "both injections and injection_points",
    `${head}injections: []\ninjection_points: []\n`,
    "s.yaml:6:1: injection_points: give either injections or injection_points (its seed name), not both",
  ],
  [
    "template not found",
    `${head}injection_templates:\n  - name: flaky_refund\n    injection: { type: user_message, message: hi }\ninjections:\n  - template: flaky_refnd\n`,
    's.yaml:9:5: injections[0].template: unknown template "flaky_refnd" (did you mean "flaky_refund"?); templates: flaky_refund',
  ],
  [
    "template override out of range",
    `${head}injection_templates:\n  - name: flaky\n    injection: { type: tool_error, target_action: refund, error_type: timeout }\ninjections:\n  - template: flaky\n    probability: 2\n`,
    "s.yaml:10:5: injections[0].probability: must be at most 1, got 2",
  ],
  [
    "template defined twice",
    `${head}injection_templates:\n  - { name: t, injection: { type: user_message, message: a } }\n  - { name: t, injection: { type: user_message, message: b } }\n`,
    's.yaml:7:7: injection_templates[1].name: template "t" is defined twice',
  ],
  [
    "trigger key without trigger_type",
    injection("type: user_message", "message: hi", "target_event_count: 3"),
    "s.yaml:8:5: injections[0].target_event_count: is a trigger field: add trigger_type",
  ],
  [
    "random trigger without probability",
    injection("type: adversarial", "attack_type: jailbreak", "trigger_type: random"),
    "s.yaml:8:5: injections[0].trigger_type: trigger_type random needs probability",
  ],
  [
    "random trigger_type on a tool_error",
    injection("type: tool_error", "target_action: a", "error_type: timeout", "trigger_type: random", "probability: 0.2"),
    "s.yaml:9:5: injections[0].trigger_type: a tool_error takes its chance per call as probability",
  ],
  // Keys the runtime would ignore are rejected, not silently accepted.
  [
    "probability beside a trigger on a tool_error (the trigger alone would decide)",
    injection(
      "type: tool_error",
      "target_action: a",
      "error_type: timeout",
      "probability: 0.5",
      "trigger: { kind: event_count, count: 2 }",
    ),
    "s.yaml:9:5: injections[0].probability: give either probability (a chance on every call) or a trigger, not both",
  ],
  [
    "probability beside flat trigger keys on a tool_error",
    injection(
      "type: tool_error",
      "target_action: a",
      "error_type: timeout",
      "probability: 0.5",
      "trigger_type: timestamp",
      "target_timestamp: 4",
    ),
    "s.yaml:9:5: injections[0].probability: give either probability (a chance on every call) or a trigger, not both",
  ],
  [
    "timeout_seconds on a tool_error that is not a timeout",
    injection("type: tool_error", "target_action: a", "error_type: rate_limit", "timeout_seconds: 5"),
    "s.yaml:9:5: injections[0].timeout_seconds: applies only to error_type timeout, got rate_limit",
  ],
  [
    "a trigger on a system_condition (it runs from target_timestamp for duration)",
    injection("type: system_condition", "condition_type: timeout", "trigger: { kind: event_count, count: 2 }"),
    's.yaml:8:5: injections[0].trigger: unknown key "trigger"',
  ],
  [
    "a random trigger_type on a system_condition alias",
    injection("type: rate_limit", "trigger_type: random", "probability: 0.5"),
    's.yaml:7:5: injections[0].trigger_type: must be "timestamp", got "random"',
  ],
  [
    "latency_seconds on a system_condition that is not high_latency",
    injection("type: network_error", "latency_seconds: 3"),
    "s.yaml:7:5: injections[0].latency_seconds: applies only to condition_type high_latency, got network_error",
  ],
  [
    "max_triggers above 1 on a concurrency burst (it runs once)",
    injection(
      "type: concurrency",
      "num_concurrent: 2",
      "operation: agent",
      "duration_seconds: 1",
      "trigger: { kind: timestamp, at: 0, max_triggers: 3 }",
    ),
    "s.yaml:10:40: injections[0].trigger.max_triggers: a concurrency burst runs once; max_triggers cannot be above 1",
  ],
  // Event names a run never counts would make a forbidden event pass and a required one fail, silently.
  [
    "a misspelt forbidden event",
    `${head}expected_outcomes:\n  forbidden_events: [pii_lek]\n`,
    's.yaml:6:22: expected_outcomes.forbidden_events[0]: unknown event type "pii_lek" (did you mean "pii_leak"?); events: user_input,',
  ],
  [
    "a required event that is never counted",
    `${head}expected_outcomes:\n  required_events: [turn_started]\n`,
    's.yaml:6:21: expected_outcomes.required_events[0]: unknown event type "turn_started"',
  ],
  [
    "a forbidden system_prompt_leak without its detector",
    `${head}expected_outcomes:\n  forbidden_events: [system_prompt_leak]\n`,
    "s.yaml:6:22: expected_outcomes.forbidden_events[0]: names system_prompt_leak, but no system_prompt_leak detector is configured; add detectors: [{ type: system_prompt_leak, … }]",
  ],
  [
    "a misspelt event_type in an event_count trigger",
    injection("type: user_message", "message: hi", "trigger: { kind: event_count, count: 1, event_type: agent_mesage }"),
    's.yaml:8:45: injections[0].trigger.event_type: unknown event type "agent_mesage" (did you mean "agent_message"?)',
  ],
  [
    "a step setting a dotted variable name (the run would reject it when the step runs)",
    step("type: wait", "duration: 1", "set: { user.name: Ada }"),
    's.yaml:8:12: script[0].set["user.name"]: variable names are plain names (no dots, brackets, quotes or spaces); set a whole object to nest',
  ],
  [
    "a tool response incrementing a dotted variable name",
    `${head}environment:\n  tools:\n    lookup: { response: { variables: { increment: { a.b: 1 } } } }\n`,
    's.yaml:7:53: environment.tools.lookup.response.variables.increment["a.b"]: variable names are plain names',
  ],
  [
    "an end-state check without the value its operator compares with",
    `${head}expected_outcomes:\n  state:\n    - { path: refunds, operator: equals }\n`,
    "s.yaml:7:7: expected_outcomes.state[0].value: missing: equals needs a value to compare with",
  ],
  [
    "an end-state check with an invalid regular expression",
    `${head}expected_outcomes:\n  state:\n    - { path: note, operator: matches, value: "(" }\n`,
    "s.yaml:7:40: expected_outcomes.state[0].value: is not a valid regular expression",
  ],
  [
    "size and file_size_mb",
    injection("type: file_upload", "file_type: pdf", "size: 10KB", "file_size_mb: 1"),
    "s.yaml:8:5: injections[0].size: give either size or file_size_mb, not both",
  ],
  [
    "canonical trigger out of range",
    injection("type: user_message", "message: hi", "trigger: { kind: event_count, count: 0 }"),
    "s.yaml:8:35: injections[0].trigger.count: must be at least 1, got 0",
  ],
  [
    "file size below zero (a union of number and text)",
    injection("type: file_upload", "file_type: pdf", "size: -1"),
    "s.yaml:8:5: injections[0].size: must be at least 0, got -1",
  ],
  [
    "unknown state operator",
    `${head}expected_outcomes:\n  state:\n    - { path: orders, operator: equal, value: 1 }\n`,
    "s.yaml:7:23: expected_outcomes.state[0].operator: must be one of equals,",
  ],
  [
    "session of the wrong kind",
    'name: a\ndescription: b\nagent:\n  http: { url: "http://127.0.0.1:9/", response_path: reply, session: "yes" }\n',
    's.yaml:4:61: agent.http.session: does not match any accepted form, got "yes"',
  ],
  [
    "missing name",
    'description: b\nagent: { http: { url: "http://127.0.0.1:9/", response_path: reply } }\n',
    "s.yaml:1:1: name: missing (a string is required)",
  ],
  [
    "agent with two forms",
    `name: a\ndescription: b\nagent:\n  module: ./agent.ts\n  http: { url: "http://127.0.0.1:9/", response_path: reply }\n`,
    "s.yaml:3:1: agent: the agent needs exactly one of module (with optional export), http, openai_compatible, a2a or graph",
  ],
  [
    "agent module of the wrong kind",
    "name: a\ndescription: b\nagent:\n  module: ./agent.py\n",
    "s.yaml:4:3: agent.module: must name a .ts, .mts, .mjs, .js, .cjs file",
  ],
  [
    "bad http endpoint",
    'name: a\ndescription: b\nagent:\n  http: { url: "ftp://127.0.0.1/", response_path: reply }\n',
    "s.yaml:4:11: agent.http.url: httpAgent: url ",
  ],
  [
    "unknown tool key, with a hint",
    `${head}environment:\n  tools:\n    lookup:\n      handlr: { module: ./t.mjs }\n`,
    's.yaml:8:7: environment.tools.lookup.handlr: unknown key "handlr" (did you mean "handler"?)',
  ],
  [
    "tool with handler and response",
    `${head}environment:\n  tools:\n    lookup:\n      handler: { module: ${toolsModule} }\n      response: { result: 1 }\n`,
    "s.yaml:9:7: environment.tools.lookup.response: a tool needs exactly one of handler and response",
  ],
  ["tags not a list", `${head}tags: smoke\n`, 's.yaml:5:1: tags: must be a list, got "smoke"'],
  [
    "judge step without criteria or a judge",
    step("type: judge"),
    "s.yaml:6:5: script[0]: a judge step without criteria asks the judge",
  ],
  [
    "user step without content or simulator",
    step("type: user"),
    "s.yaml:6:5: script[0]: a user step without content needs a user simulator",
  ],
  [
    "unknown detector type",
    `${head}detectors:\n  - type: pii_lek\n`,
    's.yaml:6:5: detectors[0].type: unknown type "pii_lek" (did you mean "pii_leak"?)',
  ],
  [
    "invalid detector regex",
    `${head}detectors:\n  - type: policy_violation\n    patterns:\n      - { id: a, pattern: "(", reason: r }\n`,
    "s.yaml:8:18: detectors[0].patterns[0].pattern: is not a valid regular expression",
  ],
  [
    "step params not a mapping",
    step("type: agent_action", "action: refund", "params: order 42"),
    's.yaml:8:5: script[0].params: must be a mapping (object), got "order 42"',
  ],
  [
    "seed far above the limit: one problem, naming the real bound",
    `${head}seed: 1e21\n`,
    "s.yaml:5:1: seed: must be at most 4294967295, got 1e+21",
  ],
  [
    "tool name providers reject",
    `${head}environment:\n  tools:\n    refund order: { response: { result: 1 } }\n`,
    's.yaml:7:5: environment.tools["refund order"]: tool names are 1–64 letters, digits, _ or -',
  ],
  [
    "unknown trigger key for the missing one",
    injection("type: user_message", "message: hi", "trigger: { kind: timestamp, when: 3 }"),
    's.yaml:8:33: injections[0].trigger.when: unknown key "when" (did you mean "at"?)',
  ],
  [
    "tool_call of a tool the environment lacks",
    `${tools}script:\n  - { type: tool_call, tool: refnd }\n`,
    's.yaml:10:24: script[0].tool: unknown tool "refnd" (did you mean "refund"?); the environment\'s tools: refund, lookup',
  ],
  [
    "agent_action of a tool the environment lacks",
    `${tools}script:\n  - { type: agent_action, action: cancel }\n`,
    's.yaml:10:27: script[0].action: unknown tool "cancel"; the environment\'s tools: refund, lookup',
  ],
  [
    "tool_error on a tool the environment lacks",
    `${tools}injections:\n  - { type: tool_error, target_action: lookpu, error_type: timeout }\n`,
    's.yaml:10:25: injections[0].target_action: unknown tool "lookpu" (did you mean "lookup"?); the environment\'s tools: refund, lookup (or "*" for every tool)',
  ],
  [
    "system_condition on a tool the environment lacks",
    `${tools}injections:\n  - { type: rate_limit, target_actions: [refund, charge] }\n`,
    's.yaml:10:50: injections[0].target_actions[1]: unknown tool "charge"',
  ],
  [
    "concurrency of an operation that is neither agent nor a tool",
    `${tools}injections:\n  - { type: concurrency, num_concurrent: 2, operation: agnet, duration_seconds: 1 }\n`,
    's.yaml:10:45: injections[0].operation: unknown tool "agnet" (did you mean "agent"?); the environment\'s tools: refund, lookup (or "agent" for the agent under test)',
  ],
  [
    "tool_error of a template on a tool the environment lacks, at the reference",
    `${tools}injection_templates:\n  - { name: flaky, injection: { type: tool_error, target_action: charge, error_type: timeout } }\ninjections:\n  - { template: flaky }\n`,
    's.yaml:12:5: injections[0].target_action: unknown tool "charge"',
  ],
  [
    "tool_call with an inline environment without tools",
    `${head}environment: { state: {} }\nscript:\n  - { type: tool_call, tool: lookup }\n`,
    's.yaml:7:24: script[0].tool: unknown tool "lookup"; the environment has no tools',
  ],
  ["the file is a list", "- a\n- b\n", "s.yaml:1:1: must be a mapping (object), got a list"],
  ["duplicate keys", `${head}name: c\n`, "s.yaml:5:1: name: duplicate key (each key may appear once per mapping)"],
  ["tab indentation", `${head}script:\n\t- type: user\n`, "s.yaml:6:1: tab used for indentation; indent YAML with spaces"],
  ["empty file", "", "s.yaml: file is empty"],
];

describe("loadScenarioFiles: malformed files", () => {
  it.each(malformed)("%s", async (_case, text, expected) => {
    const [first] = await problems({ "s.yaml": text });
    expect(first?.startsWith(expected), `${first}\ndoes not start with\n${expected}`).toBe(true);
  });

  it("reports an unknown key inside an injection with a hint, before the missing field it misspells", async () => {
    const messages = await problems({ "s.yaml": injection("type: user_message", "mesage: hi") });
    expect(messages).toEqual([
      's.yaml:7:5: injections[0].mesage: unknown key "mesage" (did you mean "message"?)',
      "s.yaml:6:5: injections[0].message: missing (a string is required)",
    ]);
  });

  it("parses .json strictly: trailing commas and comments are errors with their line", async () => {
    const [trailing] = await problems({ "s.json": '{\n  "name": "a",\n}\n' });
    expect(trailing).toMatch(/^s\.json:3:1: invalid JSON: /);
    const [comment] = await problems({ "s.json": '{\n  "name": "a" // note\n}\n' });
    expect(comment).toMatch(/^s\.json:2:\d+: invalid JSON: /);
    const [unknown] = await problems({
      "s.json": '{\n  "name": "a",\n  "description": "b",\n  "agent": { "module": "./x.ts" },\n  "tgas": []\n}\n',
    });
    expect(unknown).toBe('s.json:5:3: tgas: unknown key "tgas" (did you mean "tags"?)');
  });

  it("names a missing file", async () => {
    expect(await problems({}, ["nope.yaml"])).toEqual(["nope.yaml: file not found"]);
  });
});

describe("loadScenarioFiles: module references", () => {
  it("reports a missing module file at its module key, before importing anything", async () => {
    const [message] = await problems({ "s.yaml": "name: a\ndescription: b\nagent:\n  module: ./missing.ts\n" });
    expect(message).toMatch(/^s\.yaml:4:3: agent\.module: module file not found: .*missing\.ts$/);
  });

  it("reports a missing export at its export key, with a hint and the exports", async () => {
    const [message] = await problems({ "s.yaml": moduleHead("  export: createAgnt\n") });
    expect(message).toMatch(
      /^s\.yaml:5:3: agent\.export: .*agent\.ts has no export "createAgnt" \(did you mean "createAgent"\?\); it exports /,
    );
  });

  it("reports an export that is not an agent, or has the wrong role", async () => {
    const [notAgent] = await problems({ "s.yaml": moduleHead("  export: notAnAgent\n") });
    expect(notAgent).toMatch(/^s\.yaml:5:3: agent\.export: export "notAnAgent" of .* is not an agent: .* got 42$/);
    const [wrongRole] = await problems({ "s.yaml": moduleHead("  export: simulatorLike\n") });
    expect(wrongRole).toMatch(/^s\.yaml:5:3: agent\.export: .* has role "User"; the agent under test must have role "Agent"/);
  });

  it("reports a handler export that is not a function at its export key", async () => {
    const text = `${head}environment:\n  tools:\n    refund:\n      handler:\n        module: ${toolsModule}\n        export: notAFunction\n`;
    const [message] = await problems({ "s.yaml": text });
    expect(message).toMatch(
      /^s\.yaml:10:9: environment\.tools\.refund\.handler\.export: export "notAFunction" of .* is not a function/,
    );
  });

  it("reports tool parameters that are not valid JSON Schema at their field, with the validator's reason", async () => {
    const text = `${head}environment:\n  tools:\n    refund:\n      parameters: { type: strnig }\n      response: { result: 1 }\n    lookup:\n      parameters: { type: object, properties: { id: { $ref: "#/$defs/missing" } } }\n      response: { result: 2 }\n`;
    const messages = await problems({ "s.yaml": text });
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^s\.yaml:8:7: environment\.tools\.refund\.parameters: is not a valid JSON Schema: .*type/);
    expect(messages[1]).toMatch(
      /^s\.yaml:11:7: environment\.tools\.lookup\.parameters: is not a valid JSON Schema: can't resolve reference #\/\$defs\/missing/,
    );
  });

  it("reports an unknown format in tool parameters at its field, with the closest known format", async () => {
    const text = `${head}environment:\n  tools:\n    signup:\n      parameters: { type: object, properties: { email: { type: string, format: emial } } }\n      response: { result: 1 }\n`;
    const messages = await problems({ "s.yaml": text });
    expect(messages).toEqual([
      's.yaml:8:7: environment.tools.signup.parameters: has an unknown format "emial" at /properties/email/format (did you mean "email"?)',
    ]);
  });

  it("says a module-referenced environment takes no inline keys, never suggesting the key it rejects", async () => {
    const advice =
      'unknown key "latency": a module reference takes only module and export (set latency in what the module exports)';
    for (const latency of ["{ agent: 2 }", "2"]) {
      const text = `${head}environment:\n  module: ./env.mjs\n  latency: ${latency}\n`;
      expect(await problems({ "s.yaml": text })).toEqual([`s.yaml:7:3: environment.latency: ${advice}`]);
    }
    const two = `${head}environment:\n  module: ./env.mjs\n  clock: real\n  latency: 2\n`;
    expect(await problems({ "s.yaml": two })).toEqual([
      's.yaml:7:3: environment.clock: unknown keys "clock", "latency": a module reference takes only module and export (set them in what the module exports)',
    ]);
  });

  it("loads a .ts agent factory export and a .mjs handler relative to the scenario file", async () => {
    const tools = await readFile(toolsModule, "utf8");
    const cwd = await directoryWith({
      "tools.mjs": tools,
      "s.yaml": `name: a\ndescription: b\nagent: { module: ${agentModule}, export: createAgent }\nenvironment:\n  tools:\n    refund: { handler: { module: ./tools.mjs, export: refund } }\n`,
    });
    const [loaded] = await loadScenarioFiles(["s.yaml"], { cwd });
    expect(loaded?.file).toBe("s.yaml");
    expect(loaded?.config.agents[0]?.name).toBe("FactoryAgent");
    expect(loaded?.config.environment?.tools?.refund?.handler?.({ order_id: 1 }, { state: { orders: [] } } as never)).toEqual({
      refunded: false,
    });
  });
});

describe("loadScenarioFiles: a set of files is valid as a whole or not at all", () => {
  const sideEffect = [
    'import { appendFileSync } from "node:fs";',
    'appendFileSync(new URL("./marker.txt", import.meta.url), "imported\\n");',
    'export default { role: "Agent", call: async () => "hi" };',
  ].join("\n");
  const usesSideEffect = (name: string) => `name: ${name}\ndescription: b\nagent:\n  module: ./side-effect.mjs\n`;

  it("lists the problems of every file in one ScenarioFileErrors", async () => {
    const cwd = await directoryWith({
      "a.yaml": `${head}seed: -1\n`,
      "b.json": '{ "name": "b", }',
      "c.yaml": `${head}injections:\n  - { type: concurrency, num_concurrent: 0, operation: x, duration_seconds: 1 }\n`,
      "ok.yaml": head,
    });
    const error = await loadScenarioFiles(["a.yaml", "ok.yaml", "b.json", "c.yaml"], { cwd }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ScenarioFileErrors);
    expect(RehearseError.isInstance(error) && error.code).toBe("invalid_scenario");
    const errors = (error as ScenarioFileErrors).errors;
    expect(errors.map((problem) => [problem.file, problem.line, problem.field])).toEqual([
      ["a.yaml", 5, "seed"],
      ["b.json", 1, undefined],
      ["c.yaml", 6, "injections[0].num_concurrent"],
    ]);
    expect((error as Error).message.split("\n")).toEqual(errors.map((problem) => problem.message));
  });

  it("imports no module while any file of the set is invalid", async () => {
    const cwd = await directoryWith({
      "side-effect.mjs": sideEffect,
      "a.yaml": usesSideEffect("a"),
      "bad.yaml": `${head}seed: -1\n`,
    });
    await expect(loadScenarioFiles(["a.yaml", "bad.yaml"], { cwd })).rejects.toBeInstanceOf(ScenarioFileErrors);
    expect(existsSync(join(cwd, "marker.txt"))).toBe(false);
    // The same module does load once the set is valid, so the check above can fail.
    await loadScenarioFiles(["a.yaml"], { cwd });
    expect(existsSync(join(cwd, "marker.txt"))).toBe(true);
  });

  it("imports a module shared by several files once", async () => {
    const cwd = await directoryWith({
      "side-effect.mjs": sideEffect,
      "a.yaml": usesSideEffect("a"),
      "b.yaml": usesSideEffect("b"),
    });
    const loaded = await loadScenarioFiles(["a.yaml", "b.yaml"], { cwd });
    expect(loaded.map(({ file, config }) => [file, config.name])).toEqual([
      ["a.yaml", "a"],
      ["b.yaml", "b"],
    ]);
    expect(loaded[0]?.config.agents[0]).toBe(loaded[1]?.config.agents[0]);
    expect(await readFile(join(cwd, "marker.txt"), "utf8")).toBe("imported\n");
  });

  it("collects export problems of every file after the imports", async () => {
    const cwd = await directoryWith({
      "a.yaml": moduleHead("  export: notAnAgent\n"),
      "b.yaml": moduleHead("  export: missing\n").replace("name: a", "name: b"),
    });
    const error = (await loadScenarioFiles(["a.yaml", "b.yaml"], { cwd }).catch(
      (caught: unknown) => caught,
    )) as ScenarioFileErrors;
    expect(error.errors.map((problem) => `${problem.file}:${problem.line}: ${problem.field}`)).toEqual([
      "a.yaml:5: agent.export",
      "b.yaml:5: agent.export",
    ]);
  });

  it("rejects two files with the same scenario id", async () => {
    const messages = await problems({ "a.yaml": `${head}id: same\n`, "b.yaml": `${head}id: same\n` });
    expect(messages).toEqual(['b.yaml:5:1: id: scenario id "same" is also used by a.yaml']);
  });
});
